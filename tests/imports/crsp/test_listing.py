"""Reading and comparing CRSP files: the shipped list, malformed files, the diff."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sidecar.imports.crsp import shipped
from sidecar.imports.crsp.listing import (
    MAX_PROBLEMS,
    DiffKind,
    ListingInvalid,
    PricedCar,
    compare,
    read_listing,
    valid_label,
)
from tests.imports.crsp.files import HEADER, csv_file, shipped_file

VITZ = "0,Toyota,VITZ  F ,Automatic transmission,2WD,996.0,HATCHBACK,5,PETROL,1500000.004"


class TestReadListing:
    def test_the_shipped_list(self) -> None:
        listing = read_listing(shipped_file())

        assert len(listing.rows) == 5277
        assert listing.checksum == shipped.CHECKSUM
        assert len(listing.duplicates) == 51  # KRA's exact repeats, kept and reported
        fuels = {row.car.fuel for row in listing.rows}
        assert fuels == {"petrol", "diesel", "hybrid", "electric", "cng", "lng", None}
        assert sum(1 for row in listing.rows if row.car.engine_cc is None) == 427

    def test_cleans_spaces_keeps_the_source_and_rounds_to_the_cent(self) -> None:
        (row,) = read_listing(csv_file(VITZ)).rows

        assert row.line == 2
        assert row.car.model == "VITZ F"
        assert row.car.engine_cc == 996
        assert row.car.fuel == "petrol"
        assert row.car.crsp == Decimal("1500000.00")
        assert row.source["Model"] == "VITZ  F "
        assert row.source["crsp_ksh"] == "1500000.004"

    def test_index_column_is_optional_and_blank_lines_are_skipped(self) -> None:
        header = HEADER.removeprefix(",")
        content = csv_file(VITZ.removeprefix("0,"), "", header=header)

        assert len(read_listing(content).rows) == 1

    @pytest.mark.parametrize(
        ("content", "problem"),
        [
            (b"", "the file is empty"),
            (csv_file(), "the file has no rows"),
            (b"\xff\xfe\x00bad", "the file is not UTF-8 text"),
            (
                csv_file(VITZ, header=HEADER.replace(",crsp_ksh", ",price")),
                "line 1: missing column(s) crsp_ksh",
            ),
            (
                csv_file(VITZ.replace("1500000.004", "abc")),
                "line 2: crsp_ksh 'abc' is not a number",
            ),
            (csv_file(VITZ.replace("1500000.004", "0")), "not a positive number"),
            (csv_file(VITZ.replace("1500000.004", "-5")), "not a positive number"),
            (csv_file(VITZ.replace("1500000.004", "")), "line 2: crsp_ksh is empty"),
            (csv_file(VITZ.replace("1500000.004", "Infinity")), "not a positive number"),
            (csv_file(VITZ.replace("1500000.004", "1e20")), "is not a price in KES"),
            (csv_file(VITZ.replace("Toyota", "")), "Make and Model must not be empty"),
            (csv_file(VITZ.replace("996.0", "12 kWh")), "Engine_capacity '12 kWh'"),
            (csv_file(VITZ + ",extra"), "line 2: 11 fields where the header has 10"),
            (csv_file(VITZ.replace("VITZ  F ", "X" * 201)), "Model is longer than 200"),
        ],
    )
    def test_malformed_files_are_refused_with_the_line(self, content: bytes, problem: str) -> None:
        with pytest.raises(ListingInvalid) as caught:
            read_listing(content)

        assert problem in caught.value.problems[0]

    def test_every_bad_line_is_reported_up_to_a_limit(self) -> None:
        bad = [VITZ.replace("1500000.004", "x")] * (MAX_PROBLEMS + 5)

        with pytest.raises(ListingInvalid) as caught:
            read_listing(csv_file(VITZ, *bad))

        assert len(caught.value.problems) == MAX_PROBLEMS
        assert caught.value.problems[0].startswith("line 3:")


def car(model: str = "VITZ", crsp: str = "1000000", **changes: object) -> PricedCar:
    values: dict[str, object] = {
        "make": "Toyota",
        "model": model,
        "transmission": "Automatic transmission",
        "drive": "2WD",
        "engine_cc": 996,
        "body_type": "HATCHBACK",
        "seating": "5",
        "fuel": "petrol",
        "crsp": Decimal(crsp),
    }
    values.update(changes)
    return PricedCar(**values)  # type: ignore[arg-type]


class TestCompare:
    def test_added_removed_changed_unchanged(self) -> None:
        old = [car("VITZ"), car("AXIO", "2000000"), car("PASSO")]
        new = [car("VITZ"), car("AXIO", "2100000"), car("AQUA", "2500000")]

        diff = compare(old, new)

        assert diff.unchanged == 1
        assert {(e.kind, e.car.model, e.old_crsp, e.new_crsp) for e in diff.entries} == {
            (DiffKind.CHANGED, "AXIO", Decimal(2000000), Decimal(2100000)),
            (DiffKind.ADDED, "AQUA", None, Decimal(2500000)),
            (DiffKind.REMOVED, "PASSO", Decimal(1000000), None),
        }

    def test_a_car_listed_twice_is_paired_by_price(self) -> None:
        old = [car(crsp="100"), car(crsp="200")]
        new = [car(crsp="200"), car(crsp="150"), car(crsp="300")]

        diff = compare(old, new)

        assert diff.unchanged == 1
        assert sorted((e.kind, e.old_crsp, e.new_crsp) for e in diff.entries) == [
            (DiffKind.ADDED, None, Decimal(300)),
            (DiffKind.CHANGED, Decimal(100), Decimal(150)),
        ]

    def test_make_and_model_case_does_not_make_a_new_car(self) -> None:
        assert compare([car("Vitz")], [car("VITZ")]).entries == ()

    def test_a_list_against_itself_is_unchanged(self) -> None:
        cars = [row.car for row in read_listing(shipped_file()).rows]

        diff = compare(cars, cars)

        assert diff.entries == ()
        assert diff.unchanged == 5277


class TestLabels:
    @pytest.mark.parametrize("label", ["CRSP-2025-07", "crsp_2026.01", "A"])
    def test_valid(self, label: str) -> None:
        assert valid_label(label)

    @pytest.mark.parametrize("label", ["", "-x", "has space", "a/b", "x" * 41, "é"])
    def test_invalid(self, label: str) -> None:
        assert not valid_label(label)
