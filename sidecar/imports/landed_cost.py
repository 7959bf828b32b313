"""The Kenyan landed cost of an imported car, as KRA assesses it: a pure function.

KRA does not tax a used car on its invoice. It takes the car's Current Retail Selling
Price (CRSP) from its published list, depreciates it by age, and backs the taxes out
of it: customs value = CRSP / 1.25 x (1 - depreciation) / (1 + duty) / (1 + excise) /
1.16. Import duty, excise, VAT, IDF and RDL then follow on their usual bases. A car
not in the list is valued from the buyer's price (CIF), with a warning that KRA will
not. Then come what the buyer pays abroad and the port, clearing and registration
charges (planning figures). Every rate comes from one ``RateTable`` (``rates.py``);
every line is rounded to the cent and the total is the sum of the rounded lines, so
the breakdown adds up. Method and sources: docs/LANDED_COST.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from sidecar.core.errors import Unprocessable
from sidecar.imports.breakdown import (
    CostLine,
    CrspEntry,
    ImportSpecs,
    LandedCostEstimate,
    LineGroup,
    PriceBasis,
    Route,
    Valuation,
)
from sidecar.imports.rates import DepreciationStep, Fuel, Origin, RateTable, rates_in_force

_CENT = Decimal("0.01")

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

_VAT_SOURCE = "VAT Act 2013, s. 5(2)(b): on customs value + import duty + excise"
_EXCISE_SOURCE = "Excise Duty Act 2015, First Schedule, heading 87.03"
_IDF_SOURCE = "Miscellaneous Fees and Levies Act 2016, s. 7"
_RDL_SOURCE = "Miscellaneous Fees and Levies Act 2016, s. 8"
_CRSP_SOURCE = "KRA CRSP list, TEMPLATE sheet: CRSP / 1.25 x (1 - depreciation) / taxes"
_PLANNING = "planning figure"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Vehicle:
    """The validated facts the arithmetic needs."""

    price: Decimal  # abroad, to the cent
    price_basis: PriceBasis
    route: Route
    origin: Origin
    fuel: Fuel
    engine_cc: int | None  # None only for electric cars, whose excise ignores size
    engine_cc_assumed: bool
    age_months: int
    month_assumed: bool
    crsp: CrspEntry | None


def estimate_landed_cost(
    specs: ImportSpecs, *, on: date, rates: RateTable | None = None
) -> LandedCostEstimate:
    """Estimates what the car costs landed, taxed and registered in Kenya on ``on``."""
    table = rates if rates is not None else rates_in_force(on)
    vehicle = _validate(specs, on=on, rates=table)
    valuation, lines = _cost_lines(vehicle, rates=table)
    total = _total(lines)
    shortfall = max(total - vehicle.price, Decimal(0))
    affordable = _affordable_price(vehicle, rates=table, budget=vehicle.price)
    return LandedCostEstimate(
        total=total,
        lines=tuple(lines),
        valuation=valuation,
        warnings=tuple(_warnings(vehicle, specs=specs, on=on, rates=table)),
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
        budget_message=_budget_message(total, vehicle, shortfall, affordable),
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


def parse_fuel(name: str | None) -> Fuel | None:
    """The fuel a name means (petrol when none is given); None for an unknown one."""
    return _FUEL_ALIASES.get((name or Fuel.PETROL).strip().casefold())


def age_in_months(year: int, month: int | None, *, on: date) -> int:
    """Whole months from manufacture to ``on``; December of ``year`` without a month."""
    return max((on.year - year) * 12 + on.month - (month or 12), 0)


def depreciation_rate(age_months: int, *, route: Route, rates: RateTable) -> Decimal:
    """KRA's depreciation for a car this old: "up to 1 year" is up to 12 months."""
    steps: tuple[DepreciationStep, ...] = (
        rates.depreciation_registered if route is Route.REGISTERED else rates.depreciation_direct
    )
    for step in steps:
        if step.up_to_months is None or age_months <= step.up_to_months:
            return step.rate
    return steps[-1].rate  # direct imports this old are refused before they get here


def _validate(specs: ImportSpecs, *, on: date, rates: RateTable) -> _Vehicle:
    """Checks the specs against Kenya's rules and our coverage; all problems at once."""
    problems: dict[str, str] = {}  # field -> message
    origin = Origin.JAPAN  # a placeholder, only used when there are no problems
    try:
        origin = parse_origin(specs.origin_country, rates=rates)
    except Unprocessable as exc:
        problems["origin_country"] = exc.detail

    # The list's fuel wins (CNG and LNG rows fall back to the customer's, then petrol).
    listed_fuel = parse_fuel(specs.crsp.fuel) if specs.crsp and specs.crsp.fuel else None
    asked_fuel = parse_fuel(specs.fuel)
    fuel = listed_fuel or asked_fuel
    if asked_fuel is None:
        names = ", ".join(f.value for f in Fuel)
        problems["fuel"] = f"Unknown fuel {specs.fuel!r}; use one of: {names}."

    direct = specs.route is Route.DIRECT
    oldest = _oldest_admissible_year(on, rates=rates)
    if direct and specs.year < oldest:
        problems["year"] = (
            f"Kenya admits used vehicles up to {rates.max_vehicle_age_years} years from first "
            f"registration: a {specs.year} car is too old in {on.year}; "
            f"the oldest admissible year is {oldest}."
        )
    elif specs.year > on.year + 1:
        problems["year"] = f"The year {specs.year} is in the future; the latest is {on.year + 1}."
    if specs.month is not None and not 1 <= specs.month <= 12:
        problems["month"] = "The month must be 1 to 12."

    if specs.engine_cc is not None and specs.engine_cc <= 0:
        problems["engine_cc"] = "The engine size must be a positive number of cc."

    price = _cents(specs.budget) if specs.budget.is_finite() else Decimal(0)
    if price <= 0:
        problems["budget"] = "The budget must be at least KES 1."

    if problems or fuel is None:  # fuel is None only with a problem reported
        raise Unprocessable(
            " ".join(problems.values()),
            errors=[{"field": field, "message": text} for field, text in problems.items()],
        )

    listed_cc = specs.crsp.engine_cc if specs.crsp else None
    engine_cc = listed_cc or specs.engine_cc
    assumed = engine_cc is None and fuel is not Fuel.ELECTRIC
    if assumed:
        engine_cc = rates.default_engine_cc
    if fuel is Fuel.ELECTRIC:
        engine_cc = None  # the 10% rate does not depend on size
    return _Vehicle(
        price=price,
        price_basis=specs.price_basis,
        route=specs.route,
        origin=origin,
        fuel=fuel,
        engine_cc=engine_cc,
        engine_cc_assumed=assumed,
        age_months=age_in_months(specs.year, specs.month, on=on),
        month_assumed=specs.month is None,
        crsp=specs.crsp,
    )


def _oldest_admissible_year(on: date, *, rates: RateTable) -> int:
    """Returns the oldest year of first registration KEBS lets in during ``on``'s year."""
    # KS 1515:2000 counts the year of first registration as the first of the eight:
    # KEBS admitted 2017 cars from 1 January 2024 and 2019 cars from 1 January 2026.
    return on.year - (rates.max_vehicle_age_years - 1)


def _cost_lines(vehicle: _Vehicle, *, rates: RateTable) -> tuple[Valuation, list[CostLine]]:
    """Builds the breakdown: the valuation, the taxes in KRA's order, then the charges."""
    electric = vehicle.fuel is Fuel.ELECTRIC
    duty_rate = rates.import_duty_electric if electric else rates.import_duty
    duty_source = (
        "EAC CET, heading 87.03 (fully electric)" if electric else rates.import_duty_source
    )
    excise_rate, band = _excise_band(vehicle, rates=rates)
    abroad = _abroad_lines(vehicle, rates=rates)
    depreciation = depreciation_rate(vehicle.age_months, route=vehicle.route, rates=rates)
    lines: list[CostLine] = []

    if vehicle.crsp is not None:
        crsp = vehicle.crsp.crsp
        customs_value = _cents(
            crsp
            / rates.crsp_divisor
            * (1 - depreciation)
            / (1 + duty_rate)
            / (1 + excise_rate)
            / (1 + rates.vat)
        )
        lines.append(
            CostLine(
                code="crsp",
                label=f"CRSP: {vehicle.crsp.make} {vehicle.crsp.model} ({vehicle.crsp.release})",
                group=LineGroup.VALUATION,
                amount=crsp,
                source=f"KRA CRSP list {vehicle.crsp.release}",
                is_subtotal=True,
            )
        )
        lines.append(
            CostLine(
                code="customs_value",
                label="Customs value (from the CRSP)",
                group=LineGroup.VALUATION,
                amount=customs_value,
                source=_CRSP_SOURCE,
                note=(
                    f"CRSP / {rates.crsp_divisor} x (1 - {depreciation:.0%} depreciation at "
                    f"{vehicle.age_months} months) / {1 + duty_rate} / {1 + excise_rate} / "
                    f"{1 + rates.vat}"
                ),
                is_subtotal=True,
            )
        )
        method: Literal["crsp", "price"] = "crsp"
    else:
        customs_value = _cif(vehicle, abroad)
        lines.append(
            CostLine(
                code="customs_value",
                label="Customs value (CIF, from your price)",
                group=LineGroup.VALUATION,
                amount=customs_value,
                note="not in KRA's list: price + freight + insurance; KRA will use its own value",
                is_subtotal=True,
            )
        )
        method = "price"

    duty = _cents(customs_value * duty_rate)
    excise_base = customs_value + duty
    excise = _cents(excise_base * excise_rate)
    vat_base = excise_base + excise
    lines += [
        _tax("import_duty", "Import duty", customs_value, duty_rate, duty_source),
        _tax(
            "excise_duty",
            "Excise duty",
            excise_base,
            excise_rate,
            _EXCISE_SOURCE,
            amount=excise,
            note=band,
            assumed=vehicle.engine_cc_assumed,
        ),
        _tax("vat", "VAT", vat_base, rates.vat, _VAT_SOURCE),
    ]
    if vehicle.route is Route.DIRECT:  # a transfer pays no IDF or RDL: it is not an import
        idf = _cents(customs_value * rates.idf)
        floor = idf < rates.idf_minimum
        lines += [
            _tax(
                "idf",
                "Import declaration fee (IDF)",
                customs_value,
                rates.idf,
                _IDF_SOURCE,
                amount=max(idf, rates.idf_minimum),
                note=f"the minimum, KES {rates.idf_minimum:,.0f}" if floor else None,
            ),
            _tax("rdl", "Railway development levy (RDL)", customs_value, rates.rdl, _RDL_SOURCE),
        ]
    lines += abroad + _charge_lines(vehicle, rates=rates)
    valuation = Valuation(
        method=method,
        crsp=vehicle.crsp,
        route=vehicle.route,
        age_months=vehicle.age_months,
        depreciation_rate=depreciation if method == "crsp" else Decimal("0.00"),
        customs_value=customs_value,
    )
    return valuation, lines


def _tax(code: str, label: str, base: Decimal, rate: Decimal, source: str, **more: Any) -> CostLine:
    """A tax line: ``rate`` x ``base``, to the cent, citing its law."""
    more.setdefault("amount", _cents(base * rate))
    return CostLine(
        code=code, label=label, group=LineGroup.TAX, base=base, rate=rate, source=source, **more
    )


def _planned(code: str, label: str, group: LineGroup, amount: Decimal, **more: Any) -> CostLine:
    """A charge we estimate (freight, port, agents, registration): a planning figure."""
    return CostLine(
        code=code, label=label, group=group, amount=_cents(amount), note=_PLANNING, planning=True,
        **more,
    )  # fmt: skip


def _abroad_lines(vehicle: _Vehicle, *, rates: RateTable) -> list[CostLine]:
    """What the buyer pays for the car and, on FOB terms, its passage to Mombasa."""
    if vehicle.route is Route.REGISTERED:
        return [
            CostLine(
                code="vehicle_price",
                label="Price paid to the seller",
                group=LineGroup.ABROAD,
                amount=vehicle.price,
            )
        ]
    basis = vehicle.price_basis.value.upper()
    lines = [
        CostLine(
            code="vehicle_price",
            label=f"Price paid abroad ({basis})",
            group=LineGroup.ABROAD,
            amount=vehicle.price,
        )
    ]
    if vehicle.price_basis is PriceBasis.FOB:
        freight = _cents(rates.freight[vehicle.origin])
        insurance_base = vehicle.price + freight
        lines += [
            _planned(
                "freight",
                f"Sea freight {vehicle.origin.value} to Mombasa",
                LineGroup.ABROAD,
                freight,
            ),
            _planned(
                "insurance",
                "Marine insurance",
                LineGroup.ABROAD,
                insurance_base * rates.marine_insurance,
                base=insurance_base,
                rate=rates.marine_insurance,
            ),
        ]
    return lines


def _cif(vehicle: _Vehicle, abroad: list[CostLine]) -> Decimal:
    """The car delivered to Mombasa: the price, plus freight and insurance if FOB."""
    return sum((line.amount for line in abroad), Decimal(0))


def _charge_lines(vehicle: _Vehicle, *, rates: RateTable) -> list[CostLine]:
    """Port, clearing and registration: planning figures, official fees apart from agents'."""
    direct = vehicle.route is Route.DIRECT
    registration = _planned(
        "registration",
        "NTSA registration and number plates" if direct else "NTSA transfer and registration",
        LineGroup.OFFICIAL_FEE,
        rates.registration,
        source="NTSA",
    )
    if not direct:
        return [registration]
    return [
        _planned(
            "kpa_charges",
            "KPA port charges (wharfage and handling)",
            LineGroup.OFFICIAL_FEE,
            rates.kpa_charges,
            source="Kenya Ports Authority tariff",
        ),
        registration,
        _planned(
            "cfs_delivery_order",
            "CFS storage and the shipping line's delivery order",
            LineGroup.AGENT,
            rates.cfs_and_delivery_order,
        ),
        _planned("clearing_fee", "Clearing agent's fee", LineGroup.AGENT, rates.clearing_fee),
    ]


def _excise_band(vehicle: _Vehicle, *, rates: RateTable) -> tuple[Decimal, str]:
    """Returns the excise rate for the car and a note naming its band."""
    if vehicle.fuel is Fuel.ELECTRIC or vehicle.engine_cc is None:
        return rates.excise_electric, "fully electric car"
    cc = vehicle.engine_cc
    schedule = {Fuel.DIESEL: "diesel", Fuel.HYBRID: "hybrid"}.get(vehicle.fuel, "petrol")
    bands = {
        Fuel.DIESEL: rates.excise_diesel,
        Fuel.HYBRID: rates.excise_hybrid,
    }.get(vehicle.fuel, rates.excise_petrol)
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


def _warnings(vehicle: _Vehicle, *, specs: ImportSpecs, on: date, rates: RateTable) -> list[str]:
    """What the customer must not miss: the figures may be far from KRA's."""
    warnings = []
    if vehicle.crsp is None:
        listed = f" ({specs.crsp_release})" if specs.crsp_release else ""
        warnings.append(
            f"This car is not in KRA's CRSP list{listed}: the taxes here are on your price, "
            "but KRA will value the car from its own list, which can be much higher."
        )
    if on > rates.import_duty_review_by:
        warnings.append(
            f"The {rates.import_duty:.0%} import duty is Kenya's yearly EAC stay of "
            f"application, recorded until {rates.import_duty_review_by:%d %B %Y}: check that "
            "it has been renewed."
        )
    return warnings


def _assumptions(vehicle: _Vehicle, *, year: int, on: date, rates: RateTable) -> list[str]:
    """Lists, in plain words, what the estimate takes for granted."""
    notes = []
    if vehicle.month_assumed:
        notes.append(
            f"Month of manufacture not given: taken as December {year}, the youngest the car "
            "can be, so the depreciation is never overstated."
        )
    if vehicle.route is Route.DIRECT:
        origin = vehicle.origin.value
        if vehicle.price_basis is PriceBasis.FOB:
            notes.append(
                "Your price is taken as FOB (at the port of export): freight from "
                f"{origin} (our planning figure of KES {rates.freight[vehicle.origin]:,.0f}) "
                f"and marine insurance at {rates.marine_insurance:.1%} come on top."
            )
        else:
            notes.append("Your price is taken as CIF: freight and insurance to Mombasa included.")
        notes.append(
            f"KPA charges (KES {rates.kpa_charges:,.0f}) and NTSA registration "
            f"(KES {rates.registration:,.0f}) are official fees; CFS storage with the "
            f"delivery order (KES {rates.cfs_and_delivery_order:,.0f}) and the clearing "
            f"agent (KES {rates.clearing_fee:,.0f}) are private charges. All are planning "
            "figures."
        )
    else:
        notes.append(
            "A transfer of a car registered in Kenya: KRA's transfer depreciation applies; "
            "no IDF, RDL, freight or port charges."
        )
    if vehicle.engine_cc_assumed:
        notes.append(
            f"Engine size not known: assumed {rates.default_engine_cc} cc for the excise band;"
            " give the engine size for an exact band."
        )
    if vehicle.fuel is Fuel.HYBRID:
        notes.append(
            "Hybrids pay 20% excise up to 1500 cc and 25% above: the 35% lines are for "
            "petrol and diesel cars only."
        )
    if vehicle.fuel is Fuel.ELECTRIC:
        notes.append(
            f"The electric rates (duty {rates.import_duty_electric:.0%}, excise "
            f"{rates.excise_electric:.0%}) apply only to cars powered solely by electric motors."
        )
    if vehicle.route is Route.DIRECT and year == _oldest_admissible_year(on, rates=rates):
        notes.append(
            f"A {year} car is admissible only if it reaches Mombasa by 31 December {on.year}."
        )
    return notes


def _affordable_price(vehicle: _Vehicle, *, rates: RateTable, budget: Decimal) -> Decimal | None:
    """Returns the highest whole-shilling price abroad whose landed cost fits the budget."""

    def fits(price: int) -> bool:
        _, lines = _cost_lines(replace(vehicle, price=Decimal(price)), rates=rates)
        return _total(lines) <= budget

    # The total never falls as the price rises, so bisection finds the boundary.
    low, high = 1, int(budget)
    if high < low or not fits(low):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return Decimal(low)


def _budget_message(
    total: Decimal, vehicle: _Vehicle, shortfall: Decimal, affordable: Decimal | None
) -> str:
    """Tells the customer, in one or two sentences, what lands on top of the price."""
    budget = vehicle.price
    message = (
        f"Paying KES {budget:,.0f} for the car, it lands registered in Kenya for about "
        f"KES {total:,.0f}: KES {shortfall:,.0f} in taxes and charges on top."
    )
    if affordable is None:
        return message + f" Taxes and charges alone exceed KES {budget:,.0f}."
    return message + (
        f" For a landed cost within KES {budget:,.0f}, the price abroad would have to be at "
        f"most KES {affordable:,.0f}."
    )


def _total(lines: list[CostLine]) -> Decimal:
    """Adds the rounded lines, leaving out subtotals, so the breakdown sums to the total."""
    return sum((line.amount for line in lines if not line.is_subtotal), Decimal(0))


def _cents(amount: Decimal) -> Decimal:
    """Rounds to the cent, halves up, as KRA's own assessment does."""
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
