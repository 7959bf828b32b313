"""What goes into a landed-cost estimate and what comes out: data only.

The calculator (``landed_cost.py``) takes ``ImportSpecs`` and returns a
``LandedCostEstimate``; its ``to_dict()`` is the API's ``cost_breakdown``
(docs/LANDED_COST.md). Money is rendered as strings with two decimals, never floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from sidecar.imports.rates import Fuel, Origin


class Route(StrEnum):
    """How the car reaches KRA: imported now, or already registered in Kenya (a transfer)."""

    DIRECT = "direct"
    REGISTERED = "registered"


class PriceBasis(StrEnum):
    """What the buyer's price abroad includes."""

    FOB = "fob"  # the car at the port of export: freight and insurance come on top
    CIF = "cif"  # delivered to Mombasa: freight and insurance included


class LineGroup(StrEnum):
    VALUATION = "valuation"  # how KRA values the car (subtotals, not paid)
    TAX = "tax"
    ABROAD = "abroad"  # what the buyer pays for the car and its passage
    OFFICIAL_FEE = "official_fee"  # charges set by a public body (KPA, NTSA)
    AGENT = "agent"  # private services: their tariffs and margins


@dataclass(frozen=True, slots=True, kw_only=True)
class CrspEntry:
    """The CRSP row the car is valued from, as the search found it."""

    row_id: int
    release: str
    make: str
    model: str
    engine_cc: int | None
    fuel: str | None  # as the row's effective fuel (petrol, diesel, hybrid, electric...)
    crsp: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "row_id": self.row_id,
            "release": self.release,
            "make": self.make,
            "model": self.model,
            "engine_cc": self.engine_cc,
            "fuel": self.fuel,
            "crsp": money_text(self.crsp),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSpecs:
    """The car a customer wants; ``budget`` is what they pay for it abroad, in KES."""

    year: int  # of manufacture
    budget: Decimal
    origin_country: str
    month: int | None = None  # of manufacture; December of ``year`` when not given
    engine_cc: int | None = None  # the row's size wins when the car is in the list
    fuel: str | None = None  # petrol when neither the row nor the customer says
    route: Route = Route.DIRECT
    price_basis: PriceBasis = PriceBasis.FOB
    crsp: CrspEntry | None = None  # None: not in KRA's list, valued from the price
    crsp_release: str | None = None  # the live release searched, for the warning


@dataclass(frozen=True, slots=True, kw_only=True)
class CostLine:
    """One line of the breakdown: ``amount`` is ``rate`` x ``base`` or a fixed charge."""

    code: str
    label: str
    group: LineGroup
    amount: Decimal
    base: Decimal | None = None
    rate: Decimal | None = None  # a fraction: Decimal("0.35") is 35%
    source: str | None = None  # the law or list the amount comes from
    note: str | None = None
    is_subtotal: bool = False  # shown for clarity, left out of the total
    assumed: bool = False  # the amount rests on an assumed input (see assumptions)
    planning: bool = False  # our planning figure, not a legal amount

    def to_dict(self) -> dict[str, Any]:
        """Returns the line as JSON-ready data, money and rates as strings."""
        return {
            "code": self.code,
            "label": self.label,
            "group": self.group.value,
            "base": None if self.base is None else money_text(self.base),
            "rate": None if self.rate is None else str(self.rate),
            "amount": money_text(self.amount),
            "source": self.source,
            "note": self.note,
            "is_subtotal": self.is_subtotal,
            "assumed": self.assumed,
            "planning": self.planning,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Valuation:
    """How the customs value was reached."""

    method: Literal["crsp", "price"]
    crsp: CrspEntry | None
    route: Route
    age_months: int
    depreciation_rate: Decimal
    customs_value: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "crsp": None if self.crsp is None else self.crsp.to_dict(),
            "route": self.route.value,
            "age_months": self.age_months,
            "depreciation_rate": str(self.depreciation_rate),
            "customs_value": money_text(self.customs_value),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LandedCostEstimate:
    """The landed cost with its breakdown, the rate table used and the budget check."""

    total: Decimal
    currency: Literal["KES"] = "KES"
    lines: tuple[CostLine, ...]
    valuation: Valuation
    warnings: tuple[str, ...]
    assumptions: tuple[str, ...]
    origin: Origin
    fuel: Fuel
    engine_cc: int | None  # the size the excise band was chosen on; None for electric
    rate_table_version: str
    rates_effective_from: date
    budget: Decimal  # the price abroad
    over_budget: bool
    budget_shortfall: Decimal  # total minus budget: what lands on top of the price abroad
    affordable_vehicle_price: Decimal | None  # highest price abroad landing within budget
    budget_message: str

    def line(self, code: str) -> CostLine:
        """Returns the line with this code."""
        return next(line for line in self.lines if line.code == code)

    def has_line(self, code: str) -> bool:
        return any(line.code == code for line in self.lines)

    @property
    def taxes(self) -> Decimal:
        """The five taxes (three on a transfer) together."""
        return sum((line.amount for line in self.lines if line.group is LineGroup.TAX), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        """Returns the estimate as JSON-ready data (the API's ``cost_breakdown``)."""
        return {
            "currency": self.currency,
            "total": money_text(self.total),
            "taxes": money_text(self.taxes),
            "valuation": self.valuation.to_dict(),
            "warnings": list(self.warnings),
            "lines": [line.to_dict() for line in self.lines],
            "assumptions": list(self.assumptions),
            "origin": self.origin.value,
            "fuel": self.fuel.value,
            "engine_cc": self.engine_cc,
            "rate_table_version": self.rate_table_version,
            "rates_effective_from": self.rates_effective_from.isoformat(),
            "budget": money_text(self.budget),
            "over_budget": self.over_budget,
            "budget_shortfall": money_text(self.budget_shortfall),
            "affordable_vehicle_price": (
                None
                if self.affordable_vehicle_price is None
                else money_text(self.affordable_vehicle_price)
            ),
            "budget_message": self.budget_message,
        }


def money_text(amount: Decimal) -> str:
    """Formats money for JSON without going through float: "1234.00"."""
    return f"{amount:.2f}"
