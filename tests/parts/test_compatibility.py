from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sidecar.parts.compatibility import (
    ANY_MODEL,
    CompatibilityFilter,
    Fitment,
    filter_keys,
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


class TestFilterKeys:
    def test_make_alone(self):
        assert filter_keys(CompatibilityFilter("toyota")) == ["toyota"]

    def test_model_also_matches_any_model_entries(self):
        assert filter_keys(CompatibilityFilter("toyota", "fielder")) == [
            "toyota|fielder",
            "toyota|*",
        ]

    def test_year_also_matches_every_year_entries(self):
        assert filter_keys(CompatibilityFilter("toyota", "fielder", 2016)) == [
            "toyota|fielder|2016",
            "toyota|fielder|*",
            "toyota|*|2016",
            "toyota|*|*",
        ]

    def test_year_without_model(self):
        assert filter_keys(CompatibilityFilter("toyota", None, 2016)) == [
            "toyota||2016",
            "toyota||*",
        ]

    @pytest.mark.parametrize(
        ("fitment", "wanted", "fits"),
        [
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota:fielder:2016", True),
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota:fielder:2017", False),
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota:premio", False),
            (Fitment("Toyota", "Fielder", (2015, 2016)), "toyota::2015", True),
            (Fitment("Toyota", "Fielder"), "TOYOTA:Fielder:1999", True),
            (Fitment("Toyota", "Fielder"), "toyota::1999", True),
            (Fitment("Toyota", None, (2016,)), "toyota:premio:2016", True),
            (Fitment("Toyota", None, (2016,)), "toyota:premio:2015", False),
            (Fitment("Toyota", None, (2016,)), "toyota", True),
            (Fitment("Nissan", "X-Trail", (2017,)), "nissan:x-trail:2017", True),
            (Fitment("Nissan", "X-Trail", (2017,)), "toyota", False),
        ],
    )
    def test_the_database_keys_select_exactly_the_fitting_entries(self, db, fitment, wanted, fits):
        """The keys PostgreSQL keeps (part_fitment_keys) against the ones a search asks."""
        with db.transaction() as session:
            found = session.scalar(
                text("SELECT part_fitment_keys(CAST(:fits AS jsonb)) && CAST(:keys AS text[])"),
                {
                    "fits": json.dumps(to_stored([fitment])),
                    "keys": filter_keys(parse_filter(wanted)),
                },
            )
        assert found is fits
