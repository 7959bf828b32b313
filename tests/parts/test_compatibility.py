from __future__ import annotations

import pytest

from sidecar.parts.compatibility import (
    ANY_MODEL,
    CompatibilityFilter,
    Fitment,
    containment_documents,
    parse_filter,
    to_public,
    to_stored,
)


class TestToStored:
    def test_keeps_the_vendors_spelling_and_adds_match_keys(self):
        stored = to_stored([Fitment(" Land  Rover ", "Range Rover Sport", (2016, 2014, 2016))])
        assert stored == [
            {
                "make": "Land Rover",
                "model": "Range Rover Sport",
                "years": [2014, 2016],
                "make_key": "land rover",
                "model_key": "range rover sport",
            }
        ]

    def test_missing_model_and_years_mean_any(self):
        assert to_stored([Fitment("Subaru")]) == [
            {"make": "Subaru", "make_key": "subaru", "model_key": ANY_MODEL, "all_years": True}
        ]

    def test_repeated_entries_are_stored_once(self):
        fits = [Fitment("Toyota", "Fielder", (2016,)), Fitment("Toyota", "Fielder", (2016,))]
        assert len(to_stored(fits)) == 1

    def test_public_form_drops_the_keys(self):
        stored = to_stored([Fitment("Nissan", "Note", (2015,)), Fitment("Mazda")])
        assert to_public(stored) == [
            {"make": "Nissan", "model": "Note", "years": [2015]},
            {"make": "Mazda", "model": None, "years": None},
        ]


class TestParseFilter:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Toyota", CompatibilityFilter("toyota")),
            ("toyota:FIELDER", CompatibilityFilter("toyota", "fielder")),
            (" toyota : fielder : 2016 ", CompatibilityFilter("toyota", "fielder", 2016)),
            ("land  rover:range rover", CompatibilityFilter("land rover", "range rover")),
            ("toyota::2016", CompatibilityFilter("toyota", None, 2016)),
            ("toyota:", CompatibilityFilter("toyota")),
        ],
    )
    def test_valid(self, text, expected):
        assert parse_filter(text) == expected

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "needs a make"),
            (":fielder", "needs a make"),
            ("a:b:c:d", "make, make:model or make:model:year"),
            ("toyota:fielder:20x6", "must be a number"),
            ("toyota:fielder:-2016", "must be a number"),
            ("toyota:fielder:٢٠١٦", "must be a number"),  # Arabic-Indic digits
            ("toyota:fielder:1949", "1950-2100"),
            ("t" * 201, "at most 200"),
        ],
    )
    def test_invalid(self, text, message):
        with pytest.raises(ValueError, match=message):
            parse_filter(text)


class TestContainmentDocuments:
    def test_make_alone_is_one_document(self):
        assert containment_documents(CompatibilityFilter("toyota")) == [[{"make_key": "toyota"}]]

    def test_model_also_matches_any_model_entries(self):
        assert containment_documents(CompatibilityFilter("toyota", "fielder")) == [
            [{"make_key": "toyota", "model_key": "fielder"}],
            [{"make_key": "toyota", "model_key": ANY_MODEL}],
        ]

    def test_year_also_matches_any_year_entries(self):
        assert containment_documents(CompatibilityFilter("toyota", "fielder", 2016)) == [
            [{"make_key": "toyota", "model_key": "fielder", "years": [2016]}],
            [{"make_key": "toyota", "model_key": "fielder", "all_years": True}],
            [{"make_key": "toyota", "model_key": ANY_MODEL, "years": [2016]}],
            [{"make_key": "toyota", "model_key": ANY_MODEL, "all_years": True}],
        ]

    def test_year_without_model(self):
        assert containment_documents(CompatibilityFilter("toyota", None, 2016)) == [
            [{"make_key": "toyota", "years": [2016]}],
            [{"make_key": "toyota", "all_years": True}],
        ]

    @pytest.mark.parametrize(
        ("fitment", "wanted", "fits"),
        [
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota:fielder:2016", True),
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota:fielder:2017", False),
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota:premio", False),
            (Fitment("Toyota", "Fielder"), "TOYOTA:Fielder:1999", True),
            (Fitment("Toyota", None, (2016,)), "toyota:premio:2016", True),
            (Fitment("Toyota", None, (2016,)), "toyota:premio:2015", False),
            (Fitment("Nissan", "X-Trail", (2017,)), "nissan:x-trail:2017", True),
            (Fitment("Nissan", "X-Trail", (2017,)), "toyota", False),
        ],
    )
    def test_documents_select_exactly_the_fitting_entries(self, fitment, wanted, fits):
        """Emulates jsonb @> on one stored list: some document's object is a subset."""
        stored = to_stored([fitment])

        def contains(document):
            (wanted_entry,) = document
            return any(
                all(
                    set(value) <= set(entry.get(key, []))
                    if isinstance(value, list)
                    else entry.get(key) == value
                    for key, value in wanted_entry.items()
                )
                for entry in stored
            )

        documents = containment_documents(parse_filter(wanted))
        assert any(contains(document) for document in documents) is fits
