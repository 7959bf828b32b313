"""The Kenyan landed cost of an imported car: a pure function, data in and data out.

The customer's budget is taken as the car's FOB price. Freight and marine insurance
to Mombasa give the customs value (CIF); KRA's taxes follow in their legal order,
each on the base the law names; then port, clearing and registration charges. Every
rate comes from one ``RateTable`` (see ``rates.py``); every line is rounded to whole
shillings and the total is the sum of the rounded lines, so the breakdown adds up.
Method and sources: docs/LANDED_COST.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from sidecar.core.errors import Unprocessable
from sidecar.imports.rates import Fuel, Origin, RateTable, rates_in_force

_SHILLING = Decimal("1")

# What customers type, normalised: casefolded, dots dropped (U.K.), spaces collapsed.
_ORIGIN_ALIASES: Mapping[str, Origin] = {
    alias: origin
    for origin, aliases in (
        (Origin.JAPAN, ("japan", "jp", "jpn")),
        (
            Origin.UNITED_KINGDOM,
            ("united kingdom", "uk", "gb", "gbr", "great britain", "britain", "england"),
        ),
        (Origin.UAE, ("united arab emirates", "uae", "ae", "are", "dubai", "abu dhabi", "sharjah")),
        (Origin.SOUTH_AFRICA, ("south africa", "za", "zaf", "rsa")),
        (Origin.THAILAND, ("thailand", "th", "tha")),
        (Origin.SINGAPORE, ("singapore", "sg", "sgp")),
    )
    for alias in aliases
}

_FUEL_ALIASES: Mapping[str, Fuel] = {
    "petrol": Fuel.PETROL,
    "gasoline": Fuel.PETROL,
    "diesel": Fuel.DIESEL,
    "hybrid": Fuel.HYBRID,
    "electric": Fuel.ELECTRIC,
    "ev": Fuel.ELECTRIC,
}


@dataclass(frozen=True, slots=True)
class ImportSpecs:
    """The car a customer wants imported; ``budget`` is its FOB price in KES."""

    make: str
    model: str
    year: int
    budget: Decimal
    origin_country: str
    engine_cc: int | None = None
    fuel: str | None = None  # petrol when not given


@dataclass(frozen=True, slots=True, kw_only=True)
class CostLine:
    """One line of the breakdown: ``amount`` is ``rate`` x ``base`` or a fixed charge."""

    code: str
    label: str
    amount: Decimal
    base: Decimal | None = None
    rate: Decimal | None = None  # a fraction: Decimal("0.35") is 35%
    note: str | None = None
    is_subtotal: bool = False  # shown for clarity, left out of the total
    assumed: bool = False  # the amount rests on an assumed input (see assumptions)

    def to_dict(self) -> dict[str, Any]:
        """Returns the line as JSON-ready data, money and rates as strings."""
        return {
            "code": self.code,
            "label": self.label,
            "base": None if self.base is None else _money_text(self.base),
            "rate": None if self.rate is None else str(self.rate),
            "amount": _money_text(self.amount),
            "note": self.note,
            "is_subtotal": self.is_subtotal,
            "assumed": self.assumed,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LandedCostEstimate:
    """The landed cost with its breakdown, the rate table used and the budget check."""

    total: Decimal
    currency: Literal["KES"] = "KES"
    lines: tuple[CostLine, ...]
    assumptions: tuple[str, ...]
    origin: Origin
    fuel: Fuel
    engine_cc: int | None  # the size the excise band was chosen on; None for electric
    rate_table_version: str
    rates_effective_from: date
    budget: Decimal  # the FOB price, in whole shillings
    over_budget: bool
    budget_shortfall: Decimal  # total minus budget: what lands on top of the car's price
    affordable_vehicle_price: Decimal | None  # highest FOB whose landed cost fits the budget
    budget_message: str

    def line(self, code: str) -> CostLine:
        """Returns the line with this code."""
        return next(line for line in self.lines if line.code == code)

    def to_dict(self) -> dict[str, Any]:
        """Returns the estimate as JSON-ready data (the API's ``cost_breakdown``)."""
        return {
            "currency": self.currency,
            "total": _money_text(self.total),
            "lines": [line.to_dict() for line in self.lines],
            "assumptions": list(self.assumptions),
            "origin": self.origin.value,
            "fuel": self.fuel.value,
            "engine_cc": self.engine_cc,
            "rate_table_version": self.rate_table_version,
            "rates_effective_from": self.rates_effective_from.isoformat(),
            "budget": _money_text(self.budget),
            "over_budget": self.over_budget,
            "budget_shortfall": _money_text(self.budget_shortfall),
            "affordable_vehicle_price": (
                None
                if self.affordable_vehicle_price is None
                else _money_text(self.affordable_vehicle_price)
            ),
            "budget_message": self.budget_message,
        }


@dataclass(frozen=True, slots=True)
class _Vehicle:
    """The validated facts the arithmetic needs."""

    price: Decimal  # FOB, whole shillings
    origin: Origin
    fuel: Fuel
    engine_cc: int | None  # None only for electric cars, whose excise ignores size
    engine_cc_assumed: bool


def estimate_landed_cost(
    specs: ImportSpecs, *, on: date, rates: RateTable | None = None
) -> LandedCostEstimate:
    """Estimates what the car costs landed, taxed and registered in Kenya on ``on``."""
    table = rates if rates is not None else rates_in_force(on)
    vehicle = _validate(specs, on=on, rates=table)
    lines = _cost_lines(vehicle, rates=table)
    total = _total(lines)
    shortfall = max(total - vehicle.price, Decimal(0))
    affordable = _affordable_price(vehicle, rates=table, budget=vehicle.price)
    return LandedCostEstimate(
        total=total,
        lines=tuple(lines),
        assumptions=tuple(_assumptions(vehicle, year=specs.year, on=on, rates=table)),
        origin=vehicle.origin,
        fuel=vehicle.fuel,
        engine_cc=vehicle.engine_cc,
        rate_table_version=table.version,
        rates_effective_from=table.effective_from,
        budget=vehicle.price,
        over_budget=total > vehicle.price,
        budget_shortfall=shortfall,
        affordable_vehicle_price=affordable,
        budget_message=_budget_message(total, vehicle.price, shortfall, affordable),
    )


def parse_origin(name: str, *, rates: RateTable) -> Origin:
    """Returns the origin a customer's country name or code means, or raises Unprocessable."""
    key = re.sub(r"\s+", " ", name.replace(".", "").casefold()).strip()
    key = key.removeprefix("the ")
    origin = _ORIGIN_ALIASES.get(key)
    if origin is None or origin not in rates.freight:
        supported = ", ".join(rates.freight)
        raise Unprocessable(
            f"We do not import from {name!r}. Supported origins: {supported}.",
            errors=[{"field": "origin_country", "message": f"Supported: {supported}."}],
        )
    return origin


def _validate(specs: ImportSpecs, *, on: date, rates: RateTable) -> _Vehicle:
    """Checks the specs against Kenya's rules and our coverage; all problems at once."""
    problems: dict[str, str] = {}  # field -> message
    origin = Origin.JAPAN  # a placeholder, only used when there are no problems
    try:
        origin = parse_origin(specs.origin_country, rates=rates)
    except Unprocessable as exc:
        problems["origin_country"] = exc.detail

    fuel = _FUEL_ALIASES.get((specs.fuel or Fuel.PETROL).strip().casefold())
    if fuel is None:
        names = ", ".join(f.value for f in Fuel)
        problems["fuel"] = f"Unknown fuel {specs.fuel!r}; use one of: {names}."

    oldest = _oldest_admissible_year(on, rates=rates)
    if specs.year < oldest:
        problems["year"] = (
            f"Kenya admits used vehicles up to {rates.max_vehicle_age_years} years from first "
            f"registration: a {specs.year} car is too old in {on.year}; "
            f"the oldest admissible year is {oldest}."
        )
    elif specs.year > on.year + 1:
        problems["year"] = f"The year {specs.year} is in the future; the latest is {on.year + 1}."

    if specs.engine_cc is not None and specs.engine_cc <= 0:
        problems["engine_cc"] = "The engine size must be a positive number of cc."

    price = _shillings(specs.budget) if specs.budget.is_finite() else Decimal(0)
    if price <= 0:
        problems["budget"] = "The budget must be at least KES 1."

    if problems or fuel is None:
        raise Unprocessable(
            " ".join(problems.values()),
            errors=[{"field": field, "message": text} for field, text in problems.items()],
        )

    assumed = specs.engine_cc is None and fuel is not Fuel.ELECTRIC
    engine_cc = rates.default_engine_cc if assumed else specs.engine_cc
    if fuel is Fuel.ELECTRIC:
        engine_cc = None  # the 10% rate does not depend on size
    return _Vehicle(
        price=price, origin=origin, fuel=fuel, engine_cc=engine_cc, engine_cc_assumed=assumed
    )


def _oldest_admissible_year(on: date, *, rates: RateTable) -> int:
    """Returns the oldest year of first registration KEBS lets in during ``on``'s year."""
    # KS 1515:2000 counts the year of first registration as the first of the eight:
    # KEBS admitted 2017 cars from 1 January 2024 and 2019 cars from 1 January 2026.
    return on.year - (rates.max_vehicle_age_years - 1)


def _cost_lines(vehicle: _Vehicle, *, rates: RateTable) -> list[CostLine]:
    """Builds the breakdown in KRA's order, each tax on the rounded lines before it."""
    electric = vehicle.fuel is Fuel.ELECTRIC
    fob = vehicle.price
    freight = _shillings(rates.freight[vehicle.origin])
    insurance_base = fob + freight
    insurance = _shillings(insurance_base * rates.marine_insurance)
    customs_value = fob + freight + insurance

    duty_rate = rates.import_duty_electric if electric else rates.import_duty
    duty = _shillings(customs_value * duty_rate)
    excise_base = customs_value + duty
    excise_rate, band = _excise_band(vehicle, rates=rates)
    excise = _shillings(excise_base * excise_rate)
    vat_base = excise_base + excise

    def tax(
        code: str, label: str, base: Decimal, rate: Decimal, note: str | None = None
    ) -> CostLine:
        return CostLine(
            code=code, label=label, base=base, rate=rate, amount=_shillings(base * rate), note=note
        )

    return [
        CostLine(code="vehicle_price", label="Vehicle price (FOB)", amount=fob),
        CostLine(
            code="freight",
            label=f"Sea freight {vehicle.origin.value} to Mombasa",
            amount=freight,
        ),
        tax("insurance", "Marine insurance", insurance_base, rates.marine_insurance),
        CostLine(
            code="customs_value",
            label="Customs value (CIF)",
            amount=customs_value,
            note="FOB + freight + insurance; the base of duty, IDF and RDL",
            is_subtotal=True,
        ),
        tax(
            "import_duty",
            "Import duty",
            customs_value,
            duty_rate,
            "fully electric rate" if electric else None,
        ),
        CostLine(
            code="excise_duty",
            label="Excise duty",
            base=excise_base,
            rate=excise_rate,
            amount=excise,
            note=band,
            assumed=vehicle.engine_cc_assumed,
        ),
        tax("vat", "VAT", vat_base, rates.vat, "on customs value + import duty + excise"),
        tax("idf", "Import declaration fee (IDF)", customs_value, rates.idf),
        tax("rdl", "Railway development levy (RDL)", customs_value, rates.rdl),
        CostLine(
            code="port_charges",
            label="Port charges (KPA handling, CFS, delivery order)",
            amount=_shillings(rates.port_charges),
        ),
        CostLine(
            code="clearing_fee", label="Clearing agent fee", amount=_shillings(rates.clearing_fee)
        ),
        CostLine(
            code="registration",
            label="NTSA registration and number plates",
            amount=_shillings(rates.registration),
        ),
    ]


def _excise_band(vehicle: _Vehicle, *, rates: RateTable) -> tuple[Decimal, str]:
    """Returns the excise rate for the car and a note naming its band."""
    if vehicle.fuel is Fuel.ELECTRIC or vehicle.engine_cc is None:
        return rates.excise_electric, "fully electric car"
    cc = vehicle.engine_cc
    # Hybrids have no rate of their own in the Excise Duty Act: petrol bands by size.
    diesel = vehicle.fuel is Fuel.DIESEL
    bands = rates.excise_diesel if diesel else rates.excise_petrol
    schedule = "diesel" if diesel else "petrol"
    assumed = " (assumed)" if vehicle.engine_cc_assumed else ""
    lower = 0
    for band in bands:
        if band.up_to_cc is None or cc <= band.up_to_cc:
            if band.up_to_cc is None:
                span = f"above {lower} cc"
            elif lower == 0:
                span = f"up to {band.up_to_cc} cc"
            else:
                span = f"{lower + 1}-{band.up_to_cc} cc"
            return band.rate, f"{cc} cc{assumed}: {schedule} band {span}"
        lower = band.up_to_cc
    raise AssertionError("the last excise band must have no upper limit")


def _assumptions(vehicle: _Vehicle, *, year: int, on: date, rates: RateTable) -> list[str]:
    """Lists, in plain words, what the estimate takes for granted."""
    origin = vehicle.origin.value
    notes = [
        "Your budget is taken as the car's FOB price (its price at the port of export).",
        f"Freight from {origin} to Mombasa is our planning figure of "
        f"KES {rates.freight[vehicle.origin]:,.0f}; the shipping line's quote replaces it.",
        f"Marine insurance is taken at {rates.marine_insurance:.1%} of FOB + freight.",
        f"Port charges (KES {rates.port_charges:,.0f}), the clearing agent's fee "
        f"(KES {rates.clearing_fee:,.0f}) and registration (KES {rates.registration:,.0f}) "
        "are planning figures.",
    ]
    if vehicle.engine_cc_assumed:
        notes.append(
            f"Engine size not given: assumed {rates.default_engine_cc} cc for the excise band;"
            " give the engine size for an exact band."
        )
    if vehicle.fuel is Fuel.HYBRID:
        notes.append(
            "Hybrids are taxed like petrol cars of the same engine size: Kenya's excise "
            "schedule has no hybrid rate."
        )
    if vehicle.fuel is Fuel.ELECTRIC:
        notes.append(
            f"The electric rates (duty {rates.import_duty_electric:.0%}, excise "
            f"{rates.excise_electric:.0%}) apply only to cars powered solely by electric motors."
        )
    if year == _oldest_admissible_year(on, rates=rates):
        notes.append(
            f"A {year} car is admissible only if it reaches Mombasa by 31 December {on.year}."
        )
    return notes


def _affordable_price(vehicle: _Vehicle, *, rates: RateTable, budget: Decimal) -> Decimal | None:
    """Returns the highest whole-shilling FOB price whose landed cost fits the budget."""

    def fits(price: int) -> bool:
        return _total(_cost_lines(replace(vehicle, price=Decimal(price)), rates=rates)) <= budget

    # The total never falls as the price rises, so bisection finds the boundary.
    low, high = 1, int(budget)
    if not fits(low):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return Decimal(low)


def _budget_message(
    total: Decimal, budget: Decimal, shortfall: Decimal, affordable: Decimal | None
) -> str:
    """Tells the customer, in one or two sentences, how the estimate compares to the budget."""
    if shortfall <= 0:
        return f"The landed cost of KES {total:,.0f} is within your budget of KES {budget:,.0f}."
    message = (
        f"The landed cost of KES {total:,.0f} exceeds your budget of KES {budget:,.0f} "
        f"by KES {shortfall:,.0f}."
    )
    if affordable is None:
        return message + " The shipping, clearing and registration charges alone exceed it."
    return message + (
        f" A car priced up to KES {affordable:,.0f} (FOB) would land within your budget."
    )


def _total(lines: list[CostLine]) -> Decimal:
    """Adds the rounded lines, leaving out subtotals, so the breakdown sums to the total."""
    return sum((line.amount for line in lines if not line.is_subtotal), Decimal(0))


def _shillings(amount: Decimal) -> Decimal:
    """Rounds to whole shillings, halves up: every line is an amount one can pay."""
    return amount.quantize(_SHILLING, rounding=ROUND_HALF_UP)


def _money_text(amount: Decimal) -> str:
    """Formats money for JSON without going through float: "1234.00"."""
    return f"{amount:.2f}"
