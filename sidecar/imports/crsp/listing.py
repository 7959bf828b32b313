"""KRA's CRSP list as a file: read and check it, and compare two lists. Pure functions.

The file is the cleaned CSV of KRA's "CRSP" workbook (docs/LANDED_COST.md): an optional
unnamed index column, then ``Make, Model, Transmission, Drive_configuration,
Engine_capacity, Body_type, Seating, Fuel, crsp_ksh``. A file with a missing column,
a row without make or model, or a price that is not a positive number is refused as a
whole, with the lines at fault; exact duplicate rows are KRA's own and are kept, but
reported. Each row keeps its source values as read, for traceability.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

COLUMNS = (
    "Make",
    "Model",
    "Transmission",
    "Drive_configuration",
    "Engine_capacity",
    "Body_type",
    "Seating",
    "Fuel",
    "crsp_ksh",
)
MAX_PROBLEMS = 20  # reported per refused file: enough to fix it, not a wall of text
MAX_PRICE = Decimal("999999999999.99")  # NUMERIC(14,2)
_CENT = Decimal("0.01")
# Lengths of the columns rows are stored in (sidecar/models/crsp.py).
_MAX_LENGTHS = {"Make": 60, "Model": 200, "Transmission": 60, "Drive_configuration": 20}
_MAX_OTHER = 40


class ListingInvalid(ValueError):
    """The file cannot be a release: ``problems`` says where, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedCar:
    """One car of the list and its price, text cleaned of stray spaces."""

    make: str
    model: str
    transmission: str | None
    drive: str | None
    engine_cc: int | None
    body_type: str | None
    seating: str | None  # KRA writes "5", "2(4)", "5 seat": kept as text
    fuel: str | None  # lower case, as listed: petrol, diesel, hybrid, electric, cng, lng
    crsp: Decimal  # KES, to the cent

    @property
    def identity(self) -> tuple[object, ...]:
        """What the car is, price aside: the key two releases are compared on."""
        return (
            self.make.casefold(),
            self.model.casefold(),
            self.transmission,
            self.drive,
            self.engine_cc,
            self.body_type,
            self.seating,
            self.fuel,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingRow:
    """One row of the file: the car, its line (the header is line 1), its source values."""

    line: int
    car: PricedCar
    source: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Duplicate:
    line: int
    same_as_line: int
    make: str
    model: str


@dataclass(frozen=True, slots=True)
class Listing:
    """A valid file: its rows, its checksum and the duplicates found in it."""

    rows: tuple[ListingRow, ...]
    checksum: str  # "sha256:<hex>" of the file's bytes
    duplicates: tuple[Duplicate, ...] = field(default=())


def read_listing(content: bytes) -> Listing:
    """Reads a CRSP file; raises ListingInvalid with every problem found (up to 20)."""
    checksum = "sha256:" + hashlib.sha256(content).hexdigest()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListingInvalid([f"the file is not UTF-8 text (byte {exc.start})"]) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise ListingInvalid(["the file is empty"])
    names = [name.strip() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise ListingInvalid([f"line 1: missing column(s) {', '.join(missing)}"])
    position = {name: names.index(name) for name in COLUMNS}
    rows: list[ListingRow] = []
    problems: list[str] = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue  # a blank line, as spreadsheets leave at the end
        if len(values) != len(names):
            problems.append(
                f"line {number}: {len(values)} fields where the header has {len(names)}"
            )
        else:
            source = {name: values[position[name]] for name in COLUMNS}
            try:
                rows.append(_row(number, source))
            except ValueError as exc:
                problems.append(f"line {number}: {exc}")
        if len(problems) >= MAX_PROBLEMS:
            break
    if not rows and not problems:
        problems.append("the file has no rows")
    if problems:
        raise ListingInvalid(problems)
    return Listing(rows=tuple(rows), checksum=checksum, duplicates=tuple(_duplicates(rows)))


def _row(line: int, source: Mapping[str, str]) -> ListingRow:
    for name, value in source.items():
        if len(value) > _MAX_LENGTHS.get(name, _MAX_OTHER):
            raise ValueError(
                f"{name} is longer than {_MAX_LENGTHS.get(name, _MAX_OTHER)} characters"
            )
    make, model = _text(source["Make"]), _text(source["Model"])
    if make is None or model is None:
        raise ValueError("Make and Model must not be empty")
    car = PricedCar(
        make=make,
        model=model,
        transmission=_text(source["Transmission"]),
        drive=_text(source["Drive_configuration"]),
        engine_cc=_engine_cc(source["Engine_capacity"]),
        body_type=_text(source["Body_type"]),
        seating=_text(source["Seating"]),
        fuel=None if (fuel := _text(source["Fuel"])) is None else fuel.casefold(),
        crsp=_price(source["crsp_ksh"]),
    )
    return ListingRow(line=line, car=car, source=dict(source))


def _text(value: str) -> str | None:
    """Stray, double and trailing spaces dropped ("COROLLA  AXIO" -> "COROLLA AXIO")."""
    cleaned = " ".join(value.split())
    return cleaned or None


def _number(value: str, name: str) -> Decimal:
    try:
        number = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not number.is_finite() or number <= 0:
        raise ValueError(f"{name} {value!r} is not a positive number")
    return number


def _engine_cc(value: str) -> int | None:
    if not value.strip():
        return None
    cc = _number(value, "Engine_capacity").to_integral_value(rounding=ROUND_HALF_UP)
    if cc > 100_000:
        raise ValueError(f"Engine_capacity {value!r} is not an engine size in cc")
    return int(cc)


def _price(value: str) -> Decimal:
    if not value.strip():
        raise ValueError("crsp_ksh is empty")
    price = _number(value, "crsp_ksh").quantize(_CENT, rounding=ROUND_HALF_UP)
    if price <= 0 or price > MAX_PRICE:
        raise ValueError(f"crsp_ksh {value!r} is not a price in KES")
    return price


def _duplicates(rows: Iterable[ListingRow]) -> list[Duplicate]:
    """Rows that repeat an earlier row value for value (the index column aside)."""
    first: dict[tuple[str, ...], int] = {}
    found = []
    for row in rows:
        key = tuple(row.source.values())  # exactly as written, price included
        if key in first:
            found.append(Duplicate(row.line, first[key], row.car.make, row.car.model))
        else:
            first[key] = row.line
    return found


# ---- comparing two releases


class DiffKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffEntry:
    kind: DiffKind
    car: PricedCar  # the new row (the old one when removed)
    old_crsp: Decimal | None
    new_crsp: Decimal | None


@dataclass(frozen=True, slots=True)
class Diff:
    entries: tuple[DiffEntry, ...]
    unchanged: int

    def count(self, kind: DiffKind) -> int:
        return sum(1 for entry in self.entries if entry.kind is kind)


def compare(old: Iterable[PricedCar], new: Iterable[PricedCar]) -> Diff:
    """What ``new`` adds, removes and reprices against ``old``, car by car.

    A car is its identity (make, model, transmission, drive, engine, body, seating,
    fuel). KRA lists some identical cars at several prices: those are paired in price
    order, and what is left over on either side is added or removed.
    """
    old_by_car: dict[tuple[object, ...], list[PricedCar]] = defaultdict(list)
    new_by_car: dict[tuple[object, ...], list[PricedCar]] = defaultdict(list)
    for car in old:
        old_by_car[car.identity].append(car)
    for car in new:
        new_by_car[car.identity].append(car)
    entries: list[DiffEntry] = []
    unchanged = 0
    for key in sorted(old_by_car.keys() | new_by_car.keys(), key=repr):
        before = sorted(old_by_car.get(key, []), key=lambda car: car.crsp)
        after = sorted(new_by_car.get(key, []), key=lambda car: car.crsp)
        same = _common_prices(before, after)
        unchanged += len(same)
        before = _without(before, same)
        after = _without(after, same)
        for old_car, new_car in zip(before, after, strict=False):
            entries.append(
                DiffEntry(
                    kind=DiffKind.CHANGED, car=new_car, old_crsp=old_car.crsp, new_crsp=new_car.crsp
                )
            )
        for new_car in after[len(before) :]:
            entries.append(
                DiffEntry(kind=DiffKind.ADDED, car=new_car, old_crsp=None, new_crsp=new_car.crsp)
            )
        for old_car in before[len(after) :]:
            entries.append(
                DiffEntry(kind=DiffKind.REMOVED, car=old_car, old_crsp=old_car.crsp, new_crsp=None)
            )
    return Diff(entries=tuple(entries), unchanged=unchanged)


def _common_prices(before: list[PricedCar], after: list[PricedCar]) -> list[Decimal]:
    remaining = [car.crsp for car in after]
    common = []
    for car in before:
        if car.crsp in remaining:
            remaining.remove(car.crsp)
            common.append(car.crsp)
    return common


def _without(cars: list[PricedCar], prices: list[Decimal]) -> list[PricedCar]:
    left = list(prices)
    kept = []
    for car in cars:
        if car.crsp in left:
            left.remove(car.crsp)
        else:
            kept.append(car)
    return kept


LABEL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
_LABEL = re.compile(LABEL_PATTERN)


def valid_label(label: str) -> bool:
    """A release label: letters, digits, dot, dash, underscore; at most 40."""
    return bool(_LABEL.fullmatch(label))
