"""Kenya's import taxes and charges for cars, as versioned tables with effective dates.

Every rate the landed-cost calculator applies lives here, once, next to its source.
A Finance Act (or any other amending law) that changes a rate gets a new ``RateTable``
appended to ``RATE_TABLES``; past tables stay so that old estimates can be explained.
See docs/LANDED_COST.md for the method and how to add a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType


class Origin(StrEnum):
    """Countries we ship cars from; each has a KEBS-appointed pre-export inspector."""

    JAPAN = "Japan"
    UNITED_KINGDOM = "United Kingdom"
    UAE = "United Arab Emirates"
    SOUTH_AFRICA = "South Africa"
    THAILAND = "Thailand"
    SINGAPORE = "Singapore"


class Fuel(StrEnum):
    """How the car is powered; it picks the excise band (and the rates for electric cars)."""

    PETROL = "petrol"
    DIESEL = "diesel"
    HYBRID = "hybrid"
    ELECTRIC = "electric"


@dataclass(frozen=True, slots=True)
class ExciseBand:
    """One engine-size band of the excise schedule: cars up to ``up_to_cc`` pay ``rate``."""

    up_to_cc: int | None  # None: no upper limit
    rate: Decimal


@dataclass(frozen=True, slots=True)
class DepreciationStep:
    """Cars up to ``up_to_months`` old (since manufacture) are depreciated by ``rate``."""

    up_to_months: int | None  # None: any age beyond the step before
    rate: Decimal


@dataclass(frozen=True, slots=True)
class RateTable:
    """The rates and charges in force from ``effective_from`` until the next table."""

    version: str
    effective_from: date
    legal_basis: str
    import_duty: Decimal
    import_duty_source: str
    import_duty_review_by: date  # the stay of application lapses unless renewed by then
    import_duty_electric: Decimal
    excise_petrol: tuple[ExciseBand, ...]
    excise_diesel: tuple[ExciseBand, ...]
    excise_hybrid: tuple[ExciseBand, ...]
    excise_electric: Decimal
    vat: Decimal
    idf: Decimal
    idf_minimum: Decimal
    rdl: Decimal
    # KRA's valuation of a car from its CRSP: CRSP / crsp_divisor x (1 - depreciation)
    # / (1 + duty) / (1 + excise) / (1 + VAT) is the customs value.
    crsp_divisor: Decimal
    depreciation_direct: tuple[DepreciationStep, ...]
    depreciation_registered: tuple[DepreciationStep, ...]
    marine_insurance: Decimal
    freight: Mapping[Origin, Decimal]
    kpa_charges: Decimal
    cfs_and_delivery_order: Decimal
    clearing_fee: Decimal
    registration: Decimal
    default_engine_cc: int
    max_vehicle_age_years: int


def _steps_by_year(*rates: str) -> tuple[DepreciationStep, ...]:
    """Steps of whole years: the first applies up to 12 months, the next up to 24..."""
    return tuple(
        DepreciationStep(up_to_months=12 * (year + 1), rate=Decimal(rate))
        for year, rate in enumerate(rates)
    )


FA2023 = RateTable(
    version="FA2023",
    # Finance Act 2023 (assented 26 June 2023), in force 1 July 2023.
    effective_from=date(2023, 7, 1),
    legal_basis=(
        "EAC Common External Tariff; Excise Duty Act 2015, First Schedule; VAT Act 2013; "
        "Miscellaneous Fees and Levies Act 2016 as amended by the Finance Act 2023"
    ),
    # Not the CET: the EAC Common External Tariff puts passenger cars (heading 87.03)
    # at 25%. Kenya applies 35% under a stay of application of the CET, gazetted by the
    # EAC on 30 June 2023 and renewed each July for one financial year. Recorded as
    # renewed for FY 2026/27, so it must be checked again by 30 June 2027.
    import_duty=Decimal("0.35"),
    import_duty_source=(
        "EAC CET stay of application for Kenya, heading 87.03 (35% in place of the CET's "
        "25%): gazetted 30 June 2023, renewed each July"
    ),
    import_duty_review_by=date(2027, 6, 30),
    # Cars powered solely by electric motors stay at the CET's 25%.
    import_duty_electric=Decimal("0.25"),
    # Excise Duty Act 2015, First Schedule Part I, heading 87.03 as amended by the
    # Finance Acts 2018 and 2019: 20% up to 1500 cc, 25% above; 35% only for tariff
    # lines 8703.24.90 (petrol, over 3000 cc) and 8703.33.90 (diesel, over 2500 cc).
    # Charged on customs value + import duty (s. 9).
    excise_petrol=(
        ExciseBand(up_to_cc=1500, rate=Decimal("0.20")),
        ExciseBand(up_to_cc=3000, rate=Decimal("0.25")),
        ExciseBand(up_to_cc=None, rate=Decimal("0.35")),
    ),
    excise_diesel=(
        ExciseBand(up_to_cc=1500, rate=Decimal("0.20")),
        ExciseBand(up_to_cc=2500, rate=Decimal("0.25")),
        ExciseBand(up_to_cc=None, rate=Decimal("0.35")),
    ),
    # Hybrids are classified under 8703.40 / 8703.60, not 8703.24.90: no 35% line, so a
    # hybrid over 3000 cc pays 25%.
    excise_hybrid=(
        ExciseBand(up_to_cc=1500, rate=Decimal("0.20")),
        ExciseBand(up_to_cc=None, rate=Decimal("0.25")),
    ),
    # Excise Duty Act 2015, First Schedule, as amended by the Finance Act 2019: cars
    # fully powered by electric motors pay 10%, whatever the motor size.
    excise_electric=Decimal("0.10"),
    # VAT Act 2013, s. 5(2)(b): 16% standard rate; on an import it is charged on the
    # customs value plus the duties paid on entry: customs value + import duty + excise.
    vat=Decimal("0.16"),
    # Miscellaneous Fees and Levies Act 2016, ss. 7 and 8, as amended by the Finance
    # Act 2023: IDF cut from 3.5% to 2.5%, RDL from 2% to 1.5% of customs value.
    # IDF has a floor of KES 5,000 (s. 7(2)). Older blogs quote 3.5%: that was before 2023.
    idf=Decimal("0.025"),
    idf_minimum=Decimal("5000"),
    rdl=Decimal("0.015"),
    # KRA's CRSP workbook, July 2025, TEMPLATE sheet: the CRSP is a retail price, so
    # KRA takes off 25% (a dealer's margin) and backs out VAT, excise and duty.
    crsp_divisor=Decimal("1.25"),
    # KRA's depreciation schedule for direct imports, by age since manufacture; cars
    # over 8 years old are not admitted (KS 1515:2000), so the table stops there.
    depreciation_direct=_steps_by_year(
        "0.00", "0.20", "0.30", "0.40", "0.50", "0.55", "0.60", "0.65"
    ),
    # KRA's schedule for vehicles previously registered in Kenya (transfers): years 1-15,
    # then 95%.
    depreciation_registered=(
        *_steps_by_year(
            "0.20",
            "0.35",
            "0.50",
            "0.60",
            "0.70",
            "0.75",
            "0.80",
            "0.83",
            "0.86",
            "0.89",
            "0.90",
            "0.91",
            "0.92",
            "0.93",
            "0.94",
        ),
        DepreciationStep(up_to_months=None, rate=Decimal("0.95")),
    ),
    # Not law: our planning figures, reviewed with our shipping and clearing partners.
    # Marine insurance at 1.5% of FOB + freight (Kenyan insurers quote about 1-2%).
    marine_insurance=Decimal("0.015"),
    # Roll-on/roll-off (or shared container) freight for one car to Mombasa, in KES.
    freight=MappingProxyType(
        {
            Origin.JAPAN: Decimal("160000"),
            Origin.UNITED_KINGDOM: Decimal("250000"),
            Origin.UAE: Decimal("130000"),
            Origin.SOUTH_AFRICA: Decimal("150000"),
            Origin.THAILAND: Decimal("170000"),
            Origin.SINGAPORE: Decimal("180000"),
        }
    ),
    # Official: KPA's wharfage and handling of one car.
    kpa_charges=Decimal("20000"),
    # Private: the container freight station's storage and the shipping line's
    # delivery order (their tariffs, not law).
    cfs_and_delivery_order=Decimal("25000"),
    # Private: a licensed clearing agent's fee for one car (their margin).
    clearing_fee=Decimal("30000"),
    # NTSA first registration, log book and a pair of standard number plates.
    registration=Decimal("15000"),
    # Assumed when the customer does not know the engine size: a typical family car.
    default_engine_cc=1800,
    # KS 1515:2000 clause 2.5 (KEBS): used cars up to 8 years from first registration.
    max_vehicle_age_years=8,
)

# Tax Laws (Amendment) Act 2024 (assented 11 December 2024), in force 27 December
# 2024: raises the RDL back to 2% of customs value (Miscellaneous Fees and Levies Act
# 2016, s. 8). Nothing else the calculator uses changed; the Finance Act 2025 kept IDF
# at 2.5% and RDL at 2%.
TLAA2024 = replace(
    FA2023,
    version="TLAA2024",
    effective_from=date(2024, 12, 27),
    legal_basis=(
        "EAC Common External Tariff; Excise Duty Act 2015, First Schedule; VAT Act 2013; "
        "Miscellaneous Fees and Levies Act 2016 as amended by the Tax Laws (Amendment) "
        "Act 2024"
    ),
    rdl=Decimal("0.02"),
)

# Oldest first; each table applies from its effective date until the next one's.
RATE_TABLES: tuple[RateTable, ...] = (FA2023, TLAA2024)


def rates_in_force(on: date, *, tables: tuple[RateTable, ...] = RATE_TABLES) -> RateTable:
    """Returns the table whose effective date is the latest on or before ``on``."""
    in_force = [table for table in tables if table.effective_from <= on]
    if not in_force:
        earliest = min(table.effective_from for table in tables)
        raise LookupError(f"No rate table is in force on {on}; the earliest starts {earliest}.")
    return max(in_force, key=lambda table: table.effective_from)
