"""The imports service: what it stores, how it words errors, and the row lock."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from sidecar.core.errors import Unprocessable
from sidecar.core.pagination import PageParams
from sidecar.imports import service
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.imports.transitions import IllegalImportTransition
from sidecar.models import CrspRelease, ImportRequest, ImportStatus, ImportStatusEvent
from tests.conftest import principal_of
from tests.imports.factories import ON, WORKED_TOTAL, create_import, specs_body


def specs(**overrides: Any) -> ImportSpecsIn:
    return ImportSpecsIn.model_validate(specs_body(**overrides))


class TestEstimateImport:
    def test_the_worked_example(self, db) -> None:
        with db.transaction() as session:
            estimate = service.estimate_import(session, specs=specs(), on=ON)

        assert estimate.estimated_cost == Decimal(WORKED_TOTAL)
        breakdown = estimate.cost_breakdown
        assert breakdown["total"] == WORKED_TOTAL
        assert breakdown["rate_table_version"] == "TLAA2024"
        assert breakdown["valuation"]["crsp"]["model"] == "HARRIER"
        assert breakdown["valuation"]["depreciation_rate"] == "0.50"  # 59 months

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"originCountry": "Narnia"}, "specs.originCountry"),
            ({"year": 2018}, "specs.year"),
            ({"year": 2028}, "specs.year"),
            ({"fuel": "coal"}, "specs.fuel"),
            ({"crspId": 2**40}, "specs.crspId"),
        ],
    )
    def test_calculator_errors_name_the_request_fields(
        self, db, overrides: dict[str, Any], field: str
    ) -> None:
        with pytest.raises(Unprocessable) as caught, db.transaction() as session:
            service.estimate_import(session, specs=specs(**overrides), on=ON)
        assert [error["field"] for error in caught.value.errors or []] == [field]

    def test_all_problems_are_reported_at_once(self, db) -> None:
        with pytest.raises(Unprocessable) as caught, db.transaction() as session:
            service.estimate_import(session, specs=specs(originCountry="Narnia", year=2018), on=ON)
        assert {error["field"] for error in caught.value.errors or []} == {
            "specs.originCountry",
            "specs.year",
        }
        assert "the oldest admissible year is 2019" in caught.value.detail

    def test_2019_is_the_oldest_admissible_year_in_2026(self, db) -> None:
        with db.transaction() as session:
            estimate = service.estimate_import(session, specs=specs(year=2019), on=ON)
        assert any(
            "reaches Mombasa by 31 December 2026" in note
            for note in estimate.cost_breakdown["assumptions"]
        )

    def test_a_car_not_in_the_list_gets_a_warning_not_an_error(self, db) -> None:
        with db.transaction() as session:
            estimate = service.estimate_import(
                session, specs=specs(make="Tesla", model="Model Y", fuel="electric"), on=ON
            )
        breakdown = estimate.cost_breakdown
        assert breakdown["valuation"]["method"] == "price"
        assert breakdown["valuation"]["matched_by"] is None
        assert "not in KRA's CRSP list (CRSP-2025-07)" in breakdown["warnings"][0]


class TestCreateImport:
    def test_stores_snake_case_specs_money_as_text_and_the_first_event(
        self, db, create_user
    ) -> None:
        owner = create_user()
        with db.transaction() as session:
            created = service.create_import(
                session,
                principal=principal_of(session, owner),
                specs=specs(budget="1000000.5"),
                on=ON,
            )

        with db.transaction() as session:
            row = session.get(ImportRequest, created.id)
            assert row.specs_json == {
                "crsp_id": None,
                "make": "Toyota",
                "model": "Harrier",
                "year": 2021,
                "month": None,
                "budget": "1000000.50",
                "price_basis": "fob",
                "origin_country": "Japan",
                "route": "direct",
                "engine_cc": 1500,
                "fuel": "petrol",
                "catalogue_unknown": False,
            }
            assert row.cost_breakdown["budget"] == "1000000.50"
            # The release and row the car was valued from are recorded.
            assert row.crsp_row_id == row.cost_breakdown["valuation"]["crsp"]["row_id"]
            release = session.get(CrspRelease, row.crsp_release_id)
            assert release is not None
            assert release.label == "CRSP-2025-07"
            assert row.estimated_cost == Decimal(row.cost_breakdown["total"])
            assert row.status == "pending"
            events = session.scalars(select(ImportStatusEvent)).all()
            assert [(e.import_id, e.from_status, e.to_status, e.actor_id) for e in events] == [
                (row.id, None, "pending", owner.id)
            ]


class TestListImports:
    def test_newest_first_each_with_its_own_timeline(self, db, create_user) -> None:
        owner, admin = create_user(), create_user(role="admin")
        first = create_import(db, owner=owner, status=ImportStatus.SHIPPED)
        second = create_import(db, owner=owner)

        with db.transaction() as session:
            rows, total = service.list_imports(
                session, viewer=principal_of(session, admin), params=PageParams(page=1, limit=20)
            )

        assert total == 2
        assert [row.id for row in rows] == [second, first]
        assert [[e.to_status for e in row.events] for row in rows] == [
            ["pending"],
            ["pending", "shipped"],
        ]


class TestChangeStatus:
    def test_concurrent_moves_are_serialised_by_the_row_lock(self, db, create_user) -> None:
        owner, admin = create_user(), create_user(role="admin")
        import_id = create_import(db, owner=owner)
        outcome: dict[str, object] = {}

        def cancel() -> None:
            try:
                with db.transaction() as session:
                    service.change_status(
                        session,
                        actor=principal_of(session, admin),
                        import_id=import_id,
                        target=ImportStatus.CANCELLED,
                    )
                outcome["result"] = "cancelled"
            except IllegalImportTransition as exc:
                outcome["result"] = exc

        first = db.sessionmaker()
        try:
            service.change_status(
                first,
                actor=principal_of(first, admin),
                import_id=import_id,
                target=ImportStatus.SHIPPED,
            )
            racer = threading.Thread(target=cancel)
            racer.start()
            racer.join(timeout=0.5)
            # Without the lock the cancel would read "pending" and pass at once.
            assert racer.is_alive(), "the second move did not wait for the first"
            first.commit()
        finally:
            first.close()
        racer.join(timeout=10)

        result = outcome["result"]
        assert isinstance(result, IllegalImportTransition)
        assert "from 'shipped' to 'cancelled'" in result.detail
        with db.transaction() as session:
            assert session.get(ImportRequest, import_id).status == "shipped"
            moves = session.scalars(
                select(ImportStatusEvent.to_status).where(ImportStatusEvent.import_id == import_id)
            ).all()
            assert moves == ["pending", "shipped"]

    def test_blank_note_is_stored_as_none(self, db, create_user) -> None:
        owner, admin = create_user(), create_user(role="admin")
        import_id = create_import(db, owner=owner)
        with db.transaction() as session:
            moved = service.change_status(
                session,
                actor=principal_of(session, admin),
                import_id=import_id,
                target=ImportStatus.SOURCING,
                note="",
            )
            assert moved.events[-1].note is None
