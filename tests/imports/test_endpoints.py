"""The /v1/imports API: every route for every kind of caller, and the journey's records."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from sidecar.core.clock import nairobi_today
from sidecar.imports import service
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.models import (
    AuditLog,
    ImportRequest,
    ImportStatus,
    ImportStatusEvent,
    OutboxMessage,
)
from tests.assertions import assert_problem
from tests.imports.factories import create_import, specs_body

TAX_CODES = ["import_duty", "excise_duty", "vat", "idf", "rdl"]


def count(db: Any, model: Any, *where: Any) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def assert_breakdown_adds_up(body: dict[str, Any]) -> None:
    breakdown = body["cost_breakdown"]
    lines = [line for line in breakdown["lines"] if not line["is_subtotal"]]
    assert sum(Decimal(line["amount"]) for line in lines) == Decimal(breakdown["total"])
    assert body["estimated_cost"] == breakdown["total"]
    assert body["over_budget"] is breakdown["over_budget"]
    assert body["budget_message"] == breakdown["budget_message"]


def today_total(db: Any, **overrides: Any) -> str:
    """What the estimate says today for specs_body(**overrides)."""
    specs = ImportSpecsIn.model_validate(specs_body(**overrides))
    with db.transaction() as session:
        estimate = service.estimate_import(session, specs=specs, on=nairobi_today())
    return f"{estimate.estimated_cost:.2f}"


class TestEstimateImport:
    def test_anonymous_gets_the_estimate_and_nothing_is_saved(self, client, db):
        response = client.post("/v1/imports/estimate", json={"specs": specs_body()})

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["estimated_cost"] == today_total(db)
        assert_breakdown_adds_up(body)
        codes = [line["code"] for line in body["cost_breakdown"]["lines"]]
        assert codes[:7] == ["crsp", "customs_value", *TAX_CODES]
        assert codes[7:10] == ["vehicle_price", "freight", "insurance"]
        assert body["cost_breakdown"]["valuation"]["matched_by"] == "best_match"
        assert body["cost_breakdown"]["valuation"]["crsp"]["model"] == "HARRIER"
        assert body["over_budget"] is True
        assert "Paying KES 1,000,000 for the car" in body["budget_message"]
        assert body["specs"]["origin_country"] == "Japan"
        assert body["specs"]["budget"] == "1000000.00"
        assert count(db, ImportRequest) == 0

    @pytest.mark.parametrize(
        "role", ["customer", "other_customer", "unapproved_vendor", "vendor", "admin"]
    )
    def test_signed_in_callers_get_it_too(self, client, cast, auth_headers, role, db):
        response = client.post(
            "/v1/imports/estimate",
            json={"specs": specs_body()},
            headers=auth_headers(getattr(cast, role)),
        )
        assert response.status_code == 200, response.text
        assert response.json()["estimated_cost"] == today_total(db)

    def test_snake_case_names_are_accepted(self, client):
        specs = specs_body(
            originCountry=None,
            engineCc=None,
            origin_country="UK",
            engine_cc=2000,
            price_basis="cif",
            make="Tesla",  # not in the list: the customer's engine size is used
        )
        response = client.post("/v1/imports/estimate", json={"specs": specs})
        assert response.status_code == 200, response.text
        assert response.json()["cost_breakdown"]["origin"] == "United Kingdom"
        assert response.json()["cost_breakdown"]["engine_cc"] == 2000
        assert response.json()["specs"]["price_basis"] == "cif"

    def test_too_old_a_car_is_422_saying_why(self, client):
        response = client.post("/v1/imports/estimate", json={"specs": specs_body(year=2015)})
        body = assert_problem(response, 422)
        assert "Kenya admits used vehicles up to 8 years from first registration" in body["detail"]
        assert "a 2015 car is too old" in body["detail"]
        assert body["errors"][0]["field"] == "specs.year"

    def test_unknown_origin_is_422_on_origin_country(self, client):
        response = client.post(
            "/v1/imports/estimate", json={"specs": specs_body(originCountry="Atlantis")}
        )
        body = assert_problem(response, 422)
        assert "We do not import from 'Atlantis'" in body["detail"]
        assert body["errors"] == [
            {"field": "specs.originCountry", "message": body["errors"][0]["message"]}
        ]
        assert "Japan" in body["errors"][0]["message"]

    def test_extra_fields_are_422(self, client):
        response = client.post(
            "/v1/imports/estimate", json={"specs": specs_body(), "status": "delivered"}
        )
        assert_problem(response, 422)


class TestCreateImport:
    def test_anonymous_401(self, client, db):
        assert_problem(client.post("/v1/imports", json={"specs": specs_body()}), 401)
        assert count(db, ImportRequest) == 0

    @pytest.mark.parametrize("role", ["customer", "unapproved_vendor", "vendor", "admin"])
    def test_any_signed_in_user_201(self, client, cast, auth_headers, role):
        user = getattr(cast, role)
        response = client.post(
            "/v1/imports", json={"specs": specs_body()}, headers=auth_headers(user)
        )
        assert response.status_code == 201, response.text
        assert response.json()["user_id"] == user.id
        assert response.json()["status"] == "pending"

    def test_creates_pending_with_estimate_timeline_and_audit(self, client, cast, auth_headers, db):
        response = client.post(
            "/v1/imports",
            json={"specs": specs_body(fuel="Hybrid")},
            headers=auth_headers(cast.customer),
        )

        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "pending"
        assert body["estimated_cost"] == today_total(db, fuel="Hybrid")
        assert_breakdown_adds_up(body)
        assert body["specs"] == {
            "crsp_id": None,
            "make": "Toyota",
            "model": "Harrier",
            "year": 2021,
            "month": None,
            "budget": "1000000.00",
            "price_basis": "fob",
            "origin_country": "Japan",
            "route": "direct",
            "engine_cc": 1500,
            "fuel": "Hybrid",
            "catalogue_unknown": False,  # the catalogue was never synced: nothing to flag
        }
        assert [(e["from_status"], e["to_status"], e["actor_id"]) for e in body["timeline"]] == [
            (None, "pending", cast.customer.id)
        ]
        assert datetime.fromisoformat(body["updated_at"]) == datetime.fromisoformat(
            body["created_at"]
        )
        with db.transaction() as session:
            row = session.get(ImportRequest, body["id"])
            assert row.status == "pending"
            assert f"{row.estimated_cost}" == body["estimated_cost"]
            log = session.scalar(select(AuditLog).where(AuditLog.action == "import.create"))
            assert (log.user_id, log.resource_type, log.resource_id) == (
                cast.customer.id,
                "import",
                str(body["id"]),
            )

    @pytest.mark.parametrize(
        "body",
        [
            {"specs": specs_body(), "status": "delivered"},
            {"specs": {**specs_body(), "status": "delivered"}},
            {"specs": specs_body(), "user_id": 1},
            {"specs": specs_body(), "estimated_cost": "1.00"},
        ],
        ids=["status", "status-in-specs", "user_id", "estimated_cost"],
    )
    def test_mass_assignment_is_422(self, client, cast, auth_headers, db, body):
        response = client.post("/v1/imports", json=body, headers=auth_headers(cast.customer))
        assert_problem(response, 422)
        assert count(db, ImportRequest) == 0

    @pytest.mark.parametrize(
        ("specs", "field"),
        [
            (specs_body(budget=0), "specs.budget"),
            (specs_body(budget="-5"), "specs.budget"),
            (specs_body(budget="1000000.001"), "specs.budget"),
            (specs_body(budget="1000000001"), "specs.budget"),
            (specs_body(budget="NaN"), "specs.budget"),
            (specs_body(make="x" * 61), "specs.make"),
            (specs_body(model=""), "specs.model"),
            (specs_body(engineCc=0), "specs.engineCc"),
            (specs_body(fuel="steam"), "specs.fuel"),
            (specs_body(year="twenty"), "specs.year"),
            ({k: v for k, v in specs_body().items() if k != "originCountry"}, "specs"),
        ],
        ids=[
            "zero-budget",
            "negative-budget",
            "fractions-of-cents",
            "budget-above-a-billion",
            "nan-budget",
            "long-make",
            "empty-model",
            "zero-cc",
            "unknown-fuel",
            "non-numeric-year",
            "missing-origin",
        ],
    )
    def test_invalid_specs_are_422(self, client, cast, auth_headers, db, specs, field):
        response = client.post(
            "/v1/imports", json={"specs": specs}, headers=auth_headers(cast.customer)
        )
        body = assert_problem(response, 422)
        assert any(error["field"].startswith(field) for error in body["errors"]), body
        assert count(db, ImportRequest) == 0

    def test_too_old_a_car_is_422_and_nothing_saved(self, client, cast, auth_headers, db):
        response = client.post(
            "/v1/imports",
            json={"specs": specs_body(year=2010)},
            headers=auth_headers(cast.customer),
        )
        body = assert_problem(response, 422)
        assert "Kenya admits used vehicles up to 8 years" in body["detail"]
        assert count(db, ImportRequest) == 0
        assert count(db, AuditLog) == 0

    def test_unknown_origin_is_422(self, client, cast, auth_headers):
        response = client.post(
            "/v1/imports",
            json={"specs": specs_body(originCountry="Mars")},
            headers=auth_headers(cast.customer),
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "specs.originCountry"


class TestListImports:
    @pytest.fixture
    def imports(self, db, cast) -> dict[str, int]:
        return {
            "owner_pending": create_import(db, owner=cast.customer, importer=cast.vendor),
            "owner_shipped": create_import(
                db, owner=cast.customer, status=ImportStatus.SHIPPED, importer=cast.vendor
            ),
            "other_pending": create_import(
                db, owner=cast.other_customer, make="Mazda", model="CX-5"
            ),
        }

    def ids(self, response: Any) -> set[int]:
        assert response.status_code == 200, response.text
        return {row["id"] for row in response.json()["data"]}

    def test_owner_sees_only_their_own(self, client, cast, auth_headers, imports):
        response = client.get("/v1/imports", headers=auth_headers(cast.customer))
        assert self.ids(response) == {imports["owner_pending"], imports["owner_shipped"]}
        assert response.json()["pagination"]["total"] == 2

    def test_other_customer_sees_only_theirs(self, client, cast, auth_headers, imports):
        response = client.get("/v1/imports", headers=auth_headers(cast.other_customer))
        assert self.ids(response) == {imports["other_pending"]}

    def test_unapproved_vendor_sees_none(self, client, cast, auth_headers, imports):
        response = client.get("/v1/imports", headers=auth_headers(cast.unapproved_vendor))
        assert self.ids(response) == set()
        assert response.json()["pagination"] == {"page": 1, "limit": 20, "total": 0, "pages": 0}

    def test_admins_see_all_newest_first(self, client, cast, auth_headers, imports):
        response = client.get("/v1/imports", headers=auth_headers(cast.admin))
        assert [row["id"] for row in response.json()["data"]] == [
            imports["other_pending"],
            imports["owner_shipped"],
            imports["owner_pending"],
        ]

    def test_an_importer_sees_the_requests_assigned_to_it(
        self, client, cast, auth_headers, imports
    ):
        response = client.get("/v1/imports", headers=auth_headers(cast.vendor))
        assert [row["id"] for row in response.json()["data"]] == [
            imports["owner_shipped"],
            imports["owner_pending"],
        ]
        assert {row["assigned_importer_id"] for row in response.json()["data"]} != {None}
        # Another approved vendor, not its importer: none of them.
        other = client.get("/v1/imports", headers=auth_headers(cast.other_vendor))
        assert self.ids(other) == set()

    def test_assigned_only_the_importers_work_not_their_own_requests(
        self, client, db, cast, auth_headers, imports
    ):
        own = create_import(db, owner=cast.vendor, make="Mazda", model="CX-5")
        headers = auth_headers(cast.vendor)
        everything = client.get("/v1/imports", headers=headers)
        assert own in self.ids(everything)
        assigned = client.get("/v1/imports", params={"assigned": "true"}, headers=headers)
        assert self.ids(assigned) == {imports["owner_pending"], imports["owner_shipped"]}
        for role in ("customer", "other_vendor", "admin"):
            response = client.get(
                "/v1/imports", params={"assigned": "true"}, headers=auth_headers(cast.by_role(role))
            )
            assert self.ids(response) == set(), role

    def test_rows_offer_only_the_legal_next_statuses(self, client, cast, auth_headers, imports):
        rows = client.get("/v1/imports", headers=auth_headers(cast.admin)).json()["data"]
        by_id = {row["id"]: row["next_statuses"] for row in rows}
        assert by_id[imports["owner_pending"]] == [
            "sourcing",
            "shipped",
            "arrived",
            "cleared",
            "delivered",
            "cancelled",
        ]
        assert by_id[imports["owner_shipped"]] == ["arrived", "cleared", "delivered"]

    def test_rows_carry_their_timelines(self, client, cast, auth_headers, imports):
        response = client.get("/v1/imports", headers=auth_headers(cast.admin))
        by_id = {row["id"]: row for row in response.json()["data"]}
        shipped = by_id[imports["owner_shipped"]]
        assert [(e["from_status"], e["to_status"]) for e in shipped["timeline"]] == [
            (None, "pending"),
            ("pending", "shipped"),
        ]
        assert len(by_id[imports["owner_pending"]]["timeline"]) == 1

    def test_filters_by_status(self, client, cast, auth_headers, imports):
        response = client.get(
            "/v1/imports", headers=auth_headers(cast.admin), params={"status": "pending"}
        )
        assert self.ids(response) == {imports["owner_pending"], imports["other_pending"]}

    def test_paginates(self, client, cast, auth_headers, imports):
        response = client.get(
            "/v1/imports", headers=auth_headers(cast.admin), params={"limit": 2, "page": 2}
        )
        assert self.ids(response) == {imports["owner_pending"]}
        assert response.json()["pagination"] == {"page": 2, "limit": 2, "total": 3, "pages": 2}

    @pytest.mark.parametrize(
        "params", [{"status": "lost"}, {"limit": 101}, {"page": 0}], ids=["status", "limit", "page"]
    )
    def test_bad_query_is_422(self, client, cast, auth_headers, params):
        assert_problem(
            client.get("/v1/imports", headers=auth_headers(cast.admin), params=params), 422
        )


class TestGetImport:
    @pytest.fixture
    def import_id(self, db, cast) -> int:
        return create_import(
            db, owner=cast.customer, status=ImportStatus.SOURCING, importer=cast.vendor
        )

    @pytest.mark.parametrize("role", ["customer", "vendor", "admin"])
    def test_owner_and_staff_200_with_timeline(self, client, cast, auth_headers, import_id, role):
        response = client.get(f"/v1/imports/{import_id}", headers=auth_headers(getattr(cast, role)))

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["id"] == import_id
        assert body["user_id"] == cast.customer.id
        assert body["status"] == "sourcing"
        assert [(e["from_status"], e["to_status"], e["note"]) for e in body["timeline"]] == [
            (None, "pending", None),
            ("pending", "sourcing", "arranged by the test"),
        ]
        assert_breakdown_adds_up(body)

    def test_unknown_404(self, client, cast, auth_headers):
        assert_problem(client.get("/v1/imports/999999", headers=auth_headers(cast.admin)), 404)

    @pytest.mark.parametrize("bad_id", ["0", "abc", str(2**63)])
    def test_bad_id_422(self, client, cast, auth_headers, bad_id):
        assert_problem(client.get(f"/v1/imports/{bad_id}", headers=auth_headers(cast.admin)), 422)


class TestChangeImportStatus:
    @pytest.fixture
    def import_id(self, db, cast) -> int:
        return create_import(db, owner=cast.customer, importer=cast.vendor)

    def move(self, client, auth_headers, user, import_id, status, note=None) -> Any:
        body: dict[str, Any] = {"status": status}
        if note is not None:
            body["note"] = note
        return client.put(f"/v1/imports/{import_id}/status", json=body, headers=auth_headers(user))

    def test_anonymous_401(self, client, import_id, db):
        assert_problem(
            client.put(f"/v1/imports/{import_id}/status", json={"status": "sourcing"}), 401
        )
        assert count(db, ImportStatusEvent) == 1

    def test_owner_403(self, client, cast, auth_headers, import_id, db):
        body = assert_problem(
            self.move(client, auth_headers, cast.customer, import_id, "cancelled"), 403
        )
        assert "importer handling" in body["detail"]
        assert count(db, ImportStatusEvent) == 1

    @pytest.mark.parametrize("role", ["unapproved_vendor", "other_vendor"])
    def test_vendors_other_than_its_importer_cannot_see_it(
        self, client, cast, auth_headers, import_id, db, role
    ):
        response = self.move(client, auth_headers, getattr(cast, role), import_id, "sourcing")
        assert_problem(response, 404)
        assert count(db, ImportStatusEvent) == 1

    @pytest.mark.parametrize("role", ["vendor", "admin"])
    def test_staff_200(self, client, cast, auth_headers, import_id, role):
        response = self.move(client, auth_headers, getattr(cast, role), import_id, "sourcing")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "sourcing"

    def test_unknown_import_404(self, client, cast, auth_headers):
        assert_problem(self.move(client, auth_headers, cast.admin, 999999, "sourcing"), 404)

    def test_original_journey_with_timeline_outbox_and_audit(
        self, client, cast, auth_headers, import_id, db
    ):
        shipped = self.move(
            client, auth_headers, cast.vendor, import_id, "shipped", note="Sailed from Yokohama."
        )
        delivered = self.move(client, auth_headers, cast.admin, import_id, "delivered")

        assert shipped.status_code == 200, shipped.text
        assert delivered.status_code == 200, delivered.text
        body = delivered.json()
        assert body["status"] == "delivered"
        timeline = [
            (e["from_status"], e["to_status"], e["note"], e["actor_id"]) for e in body["timeline"]
        ]
        assert timeline == [
            (None, "pending", None, cast.customer.id),
            ("pending", "shipped", "Sailed from Yokohama.", cast.vendor.id),
            ("shipped", "delivered", None, cast.admin.id),
        ]
        assert datetime.fromisoformat(body["updated_at"]) > datetime.fromisoformat(
            body["created_at"]
        )
        event_ids = [e["id"] for e in body["timeline"]]
        with db.transaction() as session:
            messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            assert [(m.kind, m.payload, m.dedupe_key) for m in messages] == [
                (
                    "import.status_changed",
                    {
                        "import_id": import_id,
                        "user_id": cast.customer.id,
                        "from_status": "pending",
                        "to_status": "shipped",
                        "note": "Sailed from Yokohama.",
                    },
                    f"import.status:{import_id}:{event_ids[1]}",
                ),
                (
                    "import.status_changed",
                    {
                        "import_id": import_id,
                        "user_id": cast.customer.id,
                        "from_status": "shipped",
                        "to_status": "delivered",
                        "note": None,
                    },
                    f"import.status:{import_id}:{event_ids[2]}",
                ),
            ]
            logs = session.scalars(
                select(AuditLog)
                .where(AuditLog.action == "import.status_change")
                .order_by(AuditLog.id)
            ).all()
            assert [(log.user_id, log.resource_id, log.changes) for log in logs] == [
                (
                    cast.vendor.id,
                    str(import_id),
                    {
                        "from_status": "pending",
                        "to_status": "shipped",
                        "note": "Sailed from Yokohama.",
                    },
                ),
                (
                    cast.admin.id,
                    str(import_id),
                    {"from_status": "shipped", "to_status": "delivered", "note": None},
                ),
            ]
            assert all(log.ip is not None for log in logs)

    def test_full_journey_step_by_step(self, client, cast, auth_headers, import_id, db):
        for status in ["sourcing", "shipped", "arrived", "cleared", "delivered"]:
            response = self.move(client, auth_headers, cast.vendor, import_id, status)
            assert response.status_code == 200, response.text
        assert [e["to_status"] for e in response.json()["timeline"]] == [
            "pending",
            "sourcing",
            "shipped",
            "arrived",
            "cleared",
            "delivered",
        ]
        assert count(db, OutboxMessage, OutboxMessage.kind == "import.status_changed") == 5

    @pytest.mark.parametrize("before", [ImportStatus.PENDING, ImportStatus.SOURCING])
    def test_cancel_before_shipping_200(self, client, cast, auth_headers, db, before):
        import_id = create_import(db, owner=cast.customer, status=before, importer=cast.vendor)
        response = self.move(
            client, auth_headers, cast.admin, import_id, "cancelled", note="Customer's request."
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "cancelled"
        assert response.json()["timeline"][-1]["note"] == "Customer's request."

    @pytest.mark.parametrize(
        ("before", "target", "phrase"),
        [
            (ImportStatus.SHIPPED, "cancelled", "only be cancelled before it is shipped"),
            (ImportStatus.ARRIVED, "cancelled", "only be cancelled before it is shipped"),
            (ImportStatus.SHIPPED, "pending", "statuses only move forward"),
            (ImportStatus.CLEARED, "sourcing", "statuses only move forward"),
            (ImportStatus.SOURCING, "sourcing", "already 'sourcing'"),
            (ImportStatus.DELIVERED, "cancelled", "'delivered' is final"),
            (ImportStatus.CANCELLED, "sourcing", "'cancelled' is final"),
        ],
    )
    def test_illegal_move_409_changes_nothing(
        self, client, cast, auth_headers, db, before, target, phrase
    ):
        import_id = create_import(db, owner=cast.customer, status=before, importer=cast.vendor)

        response = self.move(client, auth_headers, cast.vendor, import_id, target)

        body = assert_problem(response, 409)
        assert f"from '{before}' to '{target}'" in body["detail"]
        assert phrase in body["detail"]
        with db.transaction() as session:
            assert session.get(ImportRequest, import_id).status == before
        assert count(db, ImportStatusEvent, ImportStatusEvent.import_id == import_id) == 2
        assert count(db, OutboxMessage) == 0
        assert count(db, AuditLog, AuditLog.action == "import.status_change") == 0

    @pytest.mark.parametrize(
        "body",
        [
            {"status": "teleported"},
            {},
            {"status": "sourcing", "note": "x" * 1001},
            {"status": "sourcing", "user_id": 5},
        ],
        ids=["unknown-status", "missing-status", "long-note", "extra-field"],
    )
    def test_invalid_body_422(self, client, cast, auth_headers, import_id, body):
        response = client.put(
            f"/v1/imports/{import_id}/status", json=body, headers=auth_headers(cast.admin)
        )
        assert_problem(response, 422)
