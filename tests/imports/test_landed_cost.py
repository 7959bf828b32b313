"""The landed-cost calculator: KRA's golden values, its schedules, Kenya's rules, properties."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sidecar.core.errors import Unprocessable
from sidecar.imports.landed_cost import (
    CrspEntry,
    ImportSpecs,
    LandedCostEstimate,
    LineGroup,
    PriceBasis,
    Route,
    age_in_months,
    depreciation_rate,
    estimate_landed_cost,
    parse_origin,
)
from sidecar.imports.rates import (
    FA2023,
    RATE_TABLES,
    TLAA2024,
    Fuel,
    Origin,
    rates_in_force,
)

# Worked examples pin TLAA2024 (duty 35%, VAT 16%, IDF 2.5%, RDL 2%) through landed(), so
# a future table does not move them; ON anchors the age rule (KEBS: 2019 or later in 2026).
ON = date(2026, 11, 25)
TAX_CODES = ["import_duty", "excise_duty", "vat", "idf", "rdl"]
# KRA's depreciation of cars previously registered in Kenya, years 1 to 15.
REGISTERED_BY_YEAR = "0.20 0.35 0.50 0.60 0.70 0.75 0.80 0.83 0.86 0.89 0.90 0.91 0.92 0.93 0.94"


def crsp_row(
    crsp: str | int = 1_000_000, *, engine_cc: int | None = 1490, fuel: str | None = "petrol"
) -> CrspEntry:
    return CrspEntry(
        row_id=1,
        release="CRSP-2025-07",
        make="Toyota",
        model="VITZ",
        engine_cc=engine_cc,
        fuel=fuel,
        crsp=Decimal(crsp),
    )


def make_specs(
    *,
    crsp: CrspEntry | None = None,
    budget: str | int | Decimal = 800_000,
    year: int = 2026,
    month: int | None = 11,
    origin: str = "Japan",
    engine_cc: int | None = None,
    fuel: str | None = None,
    route: Route = Route.DIRECT,
    price_basis: PriceBasis = PriceBasis.FOB,
) -> ImportSpecs:
    return ImportSpecs(
        year=year,
        month=month,
        budget=Decimal(budget),
        origin_country=origin,
        engine_cc=engine_cc,
        fuel=fuel,
        route=route,
        price_basis=price_basis,
        crsp=crsp,
        crsp_release="CRSP-2025-07",
    )


def landed(specs: ImportSpecs, *, on: date = ON) -> LandedCostEstimate:
    """Runs the calculator under TLAA2024."""
    return estimate_landed_cost(specs, on=on, rates=TLAA2024)


def amounts(estimate: LandedCostEstimate) -> dict[str, Decimal]:
    return {line.code: line.amount for line in estimate.lines}


def kra_customs_value(crsp: Decimal, depreciation: str, duty: str, excise: str) -> Decimal:
    """KRA's TEMPLATE sheet, written out independently of the calculator."""
    value = (
        crsp
        / Decimal("1.25")
        * (1 - Decimal(depreciation))
        / (1 + Decimal(duty))
        / (1 + Decimal(excise))
        / Decimal("1.16")
    )
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class TestKraGoldenValues:
    """KRA's July 2025 workbook: CRSP 1,000,000, a new car up to 1500 cc, direct import."""

    def test_to_the_shilling(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row()))

        assert estimate.valuation.customs_value == Decimal("425713.07")
        assert {code: amounts(estimate)[code] for code in TAX_CODES} == {
            "import_duty": Decimal("148999.57"),
            "excise_duty": Decimal("114942.53"),
            "vat": Decimal("110344.83"),
            "idf": Decimal("10642.83"),
            "rdl": Decimal("8514.26"),
        }
        assert estimate.taxes == Decimal("393444.02")

    def test_each_tax_on_its_base(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row()))

        assert estimate.line("import_duty").base == Decimal("425713.07")
        assert estimate.line("excise_duty").base == Decimal("574712.64")  # + duty
        assert estimate.line("vat").base == Decimal("689655.17")  # + duty + excise
        assert estimate.line("idf").base == estimate.line("rdl").base == Decimal("425713.07")
        for code in TAX_CODES:
            assert estimate.line(code).source

    def test_the_buyer_pays_the_price_abroad_and_the_charges_on_top(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(), budget=800_000))

        lines = amounts(estimate)
        assert lines["vehicle_price"] == Decimal("800000.00")
        assert lines["freight"] == Decimal("160000.00")  # Japan, planning figure
        assert lines["insurance"] == Decimal("14400.00")  # 1.5% of FOB + freight
        assert estimate.total == Decimal("393444.02") + Decimal(974_400) + Decimal(90_000)
        groups = {line.code: line.group for line in estimate.lines}
        assert groups["kpa_charges"] is LineGroup.OFFICIAL_FEE
        assert groups["registration"] is LineGroup.OFFICIAL_FEE
        assert groups["clearing_fee"] is LineGroup.AGENT
        assert groups["cfs_delivery_order"] is LineGroup.AGENT
        assert all(line.planning for line in estimate.lines if line.group in (LineGroup.AGENT,))

    def test_cif_price_has_no_freight_or_insurance_on_top(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(), budget=900_000, price_basis=PriceBasis.CIF))

        assert not estimate.has_line("freight")
        assert not estimate.has_line("insurance")
        assert estimate.line("vehicle_price").label == "Price paid abroad (CIF)"
        # KRA's value does not depend on what the buyer paid.
        assert estimate.valuation.customs_value == Decimal("425713.07")

    def test_the_valuation_names_the_row_and_release(self) -> None:
        data = landed(make_specs(crsp=crsp_row())).to_dict()

        assert data["valuation"] == {
            "method": "crsp",
            "crsp": {
                "row_id": 1,
                "release": "CRSP-2025-07",
                "make": "Toyota",
                "model": "VITZ",
                "engine_cc": 1490,
                "fuel": "petrol",
                "crsp": "1000000.00",
            },
            "route": "direct",
            "age_months": 0,
            "depreciation_rate": "0.00",
            "customs_value": "425713.07",
        }
        assert data["taxes"] == "393444.02"
        assert json.loads(json.dumps(data)) == data


class TestDepreciation:
    @pytest.mark.parametrize(
        ("months", "rate"),
        [
            (0, "0.00"),
            (12, "0.00"),
            (13, "0.20"),
            (24, "0.20"),
            (25, "0.30"),
            (36, "0.30"),
            (37, "0.40"),
            (48, "0.40"),
            (49, "0.50"),
            (60, "0.50"),
            (61, "0.55"),
            (72, "0.55"),
            (73, "0.60"),
            (84, "0.60"),
            (85, "0.65"),
            (96, "0.65"),
        ],
    )
    def test_direct_import_boundaries(self, months: int, rate: str) -> None:
        assert depreciation_rate(months, route=Route.DIRECT, rates=TLAA2024) == Decimal(rate)

    @pytest.mark.parametrize(
        ("years", "rate"),
        list(enumerate(REGISTERED_BY_YEAR.split(), start=1)),
    )
    def test_registered_boundaries(self, years: int, rate: str) -> None:
        # "Year n" runs from just over n-1 years up to n years.
        assert depreciation_rate(12 * years, route=Route.REGISTERED, rates=TLAA2024) == Decimal(
            rate
        )
        assert depreciation_rate(
            12 * (years - 1) + 1, route=Route.REGISTERED, rates=TLAA2024
        ) == Decimal(rate)

    @pytest.mark.parametrize("months", [181, 240, 600])
    def test_registered_beyond_fifteen_years(self, months: int) -> None:
        assert depreciation_rate(months, route=Route.REGISTERED, rates=TLAA2024) == Decimal("0.95")

    @pytest.mark.parametrize(
        ("year", "month", "months"),
        [
            (2026, 11, 0),
            (2026, 12, 0),  # built next month: not negative
            (2025, 11, 12),
            (2025, 10, 13),
            (2021, 1, 70),
            (2025, None, 11),  # no month: December, the youngest the car can be
        ],
    )
    def test_age_from_year_and_month(self, year: int, month: int | None, months: int) -> None:
        assert age_in_months(year, month, on=ON) == months

    def test_reaches_the_estimate_at_the_boundary(self) -> None:
        one_year = landed(make_specs(crsp=crsp_row(), year=2025, month=11))
        just_over = landed(make_specs(crsp=crsp_row(), year=2025, month=10))

        assert one_year.valuation.depreciation_rate == Decimal("0.00")
        assert just_over.valuation.depreciation_rate == Decimal("0.20")
        assert just_over.valuation.customs_value == kra_customs_value(
            Decimal(1_000_000), "0.20", "0.35", "0.20"
        )

    def test_month_not_given_is_said(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(), year=2024, month=None))

        assert estimate.valuation.age_months == 23
        assert any("December 2024" in note for note in estimate.assumptions)


class TestExciseBlocks:
    @pytest.mark.parametrize(
        ("fuel", "engine_cc", "excise"),
        [
            ("petrol", 1500, "0.20"),
            ("petrol", 1501, "0.25"),
            ("petrol", 3000, "0.25"),
            ("petrol", 3001, "0.35"),
            ("diesel", 1500, "0.20"),
            ("diesel", 1501, "0.25"),
            ("diesel", 2500, "0.25"),
            ("diesel", 2501, "0.35"),
            ("hybrid", 1500, "0.20"),
            ("hybrid", 1501, "0.25"),
            ("hybrid", 3001, "0.25"),  # no 35% line for hybrids
            ("hybrid", 4500, "0.25"),
        ],
    )
    def test_blocks(self, fuel: str, engine_cc: int, excise: str) -> None:
        estimate = landed(make_specs(crsp=crsp_row(engine_cc=engine_cc, fuel=fuel)))

        assert estimate.line("excise_duty").rate == Decimal(excise)
        assert estimate.line("import_duty").rate == Decimal("0.35")
        assert estimate.valuation.customs_value == kra_customs_value(
            Decimal(1_000_000), "0", "0.35", excise
        )

    def test_hybrid_over_3000cc_is_told(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(engine_cc=3456, fuel="hybrid")))

        assert estimate.line("excise_duty").note == "3456 cc: hybrid band above 1500 cc"
        assert any("35% lines are for petrol and diesel" in n for n in estimate.assumptions)

    def test_electric_duty_25_excise_10(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(engine_cc=None, fuel="electric")))

        assert estimate.line("import_duty").rate == Decimal("0.25")
        assert estimate.line("excise_duty").rate == Decimal("0.10")
        assert estimate.engine_cc is None
        assert estimate.valuation.customs_value == kra_customs_value(
            Decimal(1_000_000), "0", "0.25", "0.10"
        )

    def test_row_engine_size_wins_over_the_customers(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(engine_cc=2487), engine_cc=1300))

        assert estimate.line("excise_duty").rate == Decimal("0.25")

    def test_row_without_engine_uses_the_customers_then_assumes(self) -> None:
        given_cc = landed(make_specs(crsp=crsp_row(engine_cc=None), engine_cc=1300))
        assumed = landed(make_specs(crsp=crsp_row(engine_cc=None)))

        assert given_cc.line("excise_duty").rate == Decimal("0.20")
        assert assumed.line("excise_duty").assumed
        assert assumed.engine_cc == TLAA2024.default_engine_cc


class TestIdfMinimum:
    @pytest.mark.parametrize(
        ("cif", "idf", "minimum"),
        [
            (100_000, "5000.00", True),
            (199_999, "5000.00", True),
            (200_000, "5000.00", False),
            (200_040, "5001.00", False),
        ],
    )
    def test_kes_5000_floor(self, cif: int, idf: str, minimum: bool) -> None:
        estimate = landed(make_specs(budget=cif, price_basis=PriceBasis.CIF))

        assert estimate.line("idf").amount == Decimal(idf)
        assert (estimate.line("idf").note == "the minimum, KES 5,000") is minimum

    def test_floor_on_a_cheap_listed_car(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(400_000)))

        assert estimate.valuation.customs_value == Decimal("170285.23")
        assert estimate.line("idf").amount == Decimal("5000.00")


class TestRegisteredPath:
    def test_transfer_depreciation_and_no_idf_or_rdl(self) -> None:
        estimate = landed(
            make_specs(crsp=crsp_row(), year=2016, month=11, route=Route.REGISTERED, budget=500_000)
        )

        assert estimate.valuation.age_months == 120
        assert estimate.valuation.depreciation_rate == Decimal("0.89")  # year 10
        assert estimate.valuation.customs_value == kra_customs_value(
            Decimal(1_000_000), "0.89", "0.35", "0.20"
        )
        codes = [line.code for line in estimate.lines]
        for absent in ("idf", "rdl", "freight", "insurance", "kpa_charges", "clearing_fee"):
            assert absent not in codes
        assert [line.code for line in estimate.lines if line.group is LineGroup.TAX] == [
            "import_duty",
            "excise_duty",
            "vat",
        ]

    def test_the_eight_year_rule_is_for_imports_only(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(), year=2005, route=Route.REGISTERED))

        assert estimate.valuation.depreciation_rate == Decimal("0.95")


class TestNotInTheList:
    def test_valued_from_the_price_with_a_warning(self) -> None:
        estimate = landed(make_specs(budget=1_000_000, engine_cc=1500, fuel="petrol"))

        assert estimate.valuation.method == "price"
        assert estimate.valuation.customs_value == Decimal("1177400.00")  # CIF
        assert estimate.line("import_duty").base == Decimal("1177400.00")
        assert "not in KRA's CRSP list (CRSP-2025-07)" in estimate.warnings[0]
        assert "KRA will value the car from its own list" in estimate.warnings[0]

    def test_listed_cars_carry_no_list_warning(self) -> None:
        assert landed(make_specs(crsp=crsp_row())).warnings == ()


class TestDutyStay:
    def test_recorded_as_the_stay_with_a_review_date(self) -> None:
        assert "stay of application" in TLAA2024.import_duty_source
        assert "25%" in TLAA2024.import_duty_source
        assert TLAA2024.import_duty_review_by == date(2027, 6, 30)

    def test_warns_once_the_review_date_has_passed(self) -> None:
        later = landed(make_specs(crsp=crsp_row(), year=2027), on=date(2027, 7, 1))

        assert any("check that it has been renewed" in w for w in later.warnings)


class TestVehicleAge:
    def test_oldest_admissible_year_passes_with_a_deadline(self) -> None:
        estimate = landed(make_specs(crsp=crsp_row(), year=2019, month=1))

        assert estimate.valuation.depreciation_rate == Decimal("0.65")  # 94 months
        assert any("by 31 December 2026" in note for note in estimate.assumptions)

    def test_one_year_older_is_refused_with_the_rule(self) -> None:
        with pytest.raises(Unprocessable) as caught:
            landed(make_specs(crsp=crsp_row(), year=2018))

        assert caught.value.errors == [
            {
                "field": "year",
                "message": "Kenya admits used vehicles up to 8 years from first registration: "
                "a 2018 car is too old in 2026; the oldest admissible year is 2019.",
            }
        ]

    def test_beyond_next_year_is_refused(self) -> None:
        with pytest.raises(Unprocessable, match="in the future"):
            landed(make_specs(year=2028))


class TestParseOrigin:
    @pytest.mark.parametrize(
        ("name", "origin"),
        [
            ("Japan", Origin.JAPAN),
            ("JP", Origin.JAPAN),
            ("U.K.", Origin.UNITED_KINGDOM),
            ("the United Kingdom", Origin.UNITED_KINGDOM),
            ("Dubai", Origin.UAE),
            ("  south   africa ", Origin.SOUTH_AFRICA),
        ],
    )
    def test_names_and_aliases(self, name: str, origin: Origin) -> None:
        assert parse_origin(name, rates=TLAA2024) is origin

    def test_unknown_origin_lists_the_supported_ones(self) -> None:
        with pytest.raises(Unprocessable) as caught:
            parse_origin("Germany", rates=TLAA2024)

        assert caught.value.errors is not None
        assert caught.value.errors[0]["field"] == "origin_country"
        assert "Japan" in caught.value.errors[0]["message"]


class TestValidation:
    def test_unknown_fuel(self) -> None:
        with pytest.raises(Unprocessable, match="Unknown fuel 'steam'"):
            landed(make_specs(fuel="steam"))

    def test_reports_every_problem_at_once(self) -> None:
        with pytest.raises(Unprocessable) as caught:
            landed(make_specs(origin="Mars", fuel="steam", year=2000, month=13, engine_cc=-1))

        fields = [error["field"] for error in caught.value.errors or []]
        assert fields == ["origin_country", "fuel", "year", "month", "engine_cc"]


class TestRatesInForce:
    @pytest.mark.parametrize(
        ("on", "version"),
        [
            (date(2023, 7, 1), "FA2023"),
            (date(2024, 12, 26), "FA2023"),
            (date(2024, 12, 27), "TLAA2024"),
        ],
    )
    def test_picks_by_effective_date(self, on: date, version: str) -> None:
        assert rates_in_force(on).version == version

    def test_rdl_was_lower_before_december_2024(self) -> None:
        estimate = estimate_landed_cost(make_specs(crsp=crsp_row()), on=ON, rates=FA2023)

        assert estimate.line("rdl").rate == Decimal("0.015")

    def test_every_table_is_complete(self) -> None:
        for table in RATE_TABLES:
            assert set(table.freight) == set(Origin)
            for bands in (table.excise_petrol, table.excise_diesel, table.excise_hybrid):
                assert bands[-1].up_to_cc is None
            assert table.depreciation_registered[-1].up_to_months is None
            assert table.idf == Decimal("0.025")  # not the 3.5% of before 2023


# ---- properties over any admissible car

# Up to January 2019 on ON: the oldest car the eight-year rule admits in 2026.
ages = st.integers(min_value=0, max_value=94)
crsp_prices = st.decimals(min_value=100_000, max_value=400_000_000, places=2)
listed_cars = st.builds(
    crsp_row,
    crsp=crsp_prices,
    engine_cc=st.one_of(st.none(), st.integers(min_value=600, max_value=8000)),
    fuel=st.sampled_from([None, *[f.value for f in Fuel]]),
)


def specs_at_age(months: int, **kwargs: object) -> ImportSpecs:
    """Specs of a car ``months`` old on ON."""
    total = ON.year * 12 + ON.month - 1 - months
    return make_specs(year=total // 12, month=total % 12 + 1, **kwargs)  # type: ignore[arg-type]


any_specs = st.builds(
    specs_at_age,
    months=ages,
    crsp=st.one_of(st.none(), listed_cars),
    budget=st.decimals(min_value=1, max_value=100_000_000, places=2),
    origin=st.sampled_from([o.value for o in Origin]),
    route=st.sampled_from(list(Route)),
    price_basis=st.sampled_from(list(PriceBasis)),
)


class TestProperties:
    @given(specs=any_specs)
    def test_lines_sum_exactly_to_the_total(self, specs: ImportSpecs) -> None:
        estimate = estimate_landed_cost(specs, on=ON)

        assert estimate.total == sum(
            (line.amount for line in estimate.lines if not line.is_subtotal), Decimal(0)
        )
        assert estimate.taxes == sum((amounts(estimate).get(c, 0) for c in TAX_CODES), Decimal(0))

    @given(specs=any_specs)
    def test_each_tax_is_its_rate_times_its_base_to_the_cent(self, specs: ImportSpecs) -> None:
        estimate = estimate_landed_cost(specs, on=ON)

        for line in estimate.lines:
            assert line.amount >= 0
            assert line.amount == line.amount.quantize(Decimal("0.01"))
            floor = line.code == "idf" and line.note is not None  # the KES 5,000 minimum
            if line.rate is not None and line.base is not None and not floor:
                assert line.amount == (line.base * line.rate).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )

    @given(car=listed_cars, younger=ages, older=ages, route=st.sampled_from(list(Route)))
    def test_taxes_fall_as_age_rises(
        self, car: CrspEntry, younger: int, older: int, route: Route
    ) -> None:
        younger, older = sorted((younger, older))
        young = estimate_landed_cost(specs_at_age(younger, crsp=car, route=route), on=ON)
        old = estimate_landed_cost(specs_at_age(older, crsp=car, route=route), on=ON)

        assert old.taxes <= young.taxes
        assert old.valuation.customs_value <= young.valuation.customs_value

    @given(car=listed_cars, months=ages)
    def test_customs_value_is_kras_formula(self, car: CrspEntry, months: int) -> None:
        estimate = estimate_landed_cost(specs_at_age(months, crsp=car), on=ON)

        expected = kra_customs_value(
            car.crsp,
            str(estimate.valuation.depreciation_rate),
            str(estimate.line("import_duty").rate),
            str(estimate.line("excise_duty").rate),
        )
        assert estimate.valuation.customs_value == expected

    @given(specs=any_specs, extra=st.decimals(min_value=0, max_value=10_000_000, places=2))
    def test_total_never_falls_as_the_price_rises(self, specs: ImportSpecs, extra: Decimal) -> None:
        dearer = replace(specs, budget=specs.budget + extra)

        assert estimate_landed_cost(dearer, on=ON).total >= estimate_landed_cost(specs, on=ON).total


class TestWorkedExamples:
    """docs/LANDED_COST.md's two examples from the shipped list, on 2 December 2026."""

    DAY = date(2026, 12, 2)

    def test_vitz_hybrid_u_of_2026(self) -> None:
        vitz = replace(crsp_row("3251359.36", engine_cc=1496, fuel="hybrid"), model="VITZ HYBRID U")
        estimate = landed(make_specs(crsp=vitz, year=2026, month=None, budget=900_000), on=self.DAY)

        assert estimate.valuation.customs_value == Decimal("1384146.17")
        assert [amounts(estimate)[code] for code in TAX_CODES] == [
            Decimal("484451.16"),
            Decimal("373719.47"),
            Decimal("358770.69"),
            Decimal("34603.65"),
            Decimal("27682.92"),
        ]
        assert estimate.taxes == Decimal("1279227.89")
        assert estimate.total == Decimal("2445127.89")

    def test_harrier_of_march_2021(self) -> None:
        harrier = replace(crsp_row("7084125.94", engine_cc=1998), model="HARRIER")
        estimate = landed(
            make_specs(crsp=harrier, year=2021, month=3, budget=1_800_000), on=self.DAY
        )

        assert (estimate.valuation.age_months, estimate.valuation.depreciation_rate) == (
            69,
            Decimal("0.55"),
        )
        assert estimate.valuation.customs_value == Decimal("1302827.76")
        assert estimate.taxes == Decimal("1306084.84")
        assert estimate.total == Decimal("3385484.84")
