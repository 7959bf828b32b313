"""The demo data: a marketplace in use, made through the real services, loadable twice."""

from __future__ import annotations

import itertools
from collections import Counter
from decimal import Decimal

import bcrypt
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from sidecar.cars.schemas import CarCreate
from sidecar.core.security import PasswordHasher
from sidecar.demo import DEMO_LOGINS, seed_demo
from sidecar.demo.accounts import OTIENO, WANJIKU
from sidecar.imports.transitions import check_transition
from sidecar.models import (
    AuditLog,
    Car,
    EventKind,
    ImportRequest,
    Inquiry,
    ItemType,
    Order,
    OutboxMessage,
    Part,
    Payment,
    User,
    Vendor,
)

# One real cost-12 hash per demo password, made once for the module.
_HASHES = {
    login.password: bcrypt.hashpw(login.password.encode(), bcrypt.gensalt(12)).decode()
    for login in DEMO_LOGINS
}


class _KnownHashes(PasswordHasher):
    """Hashes the demo passwords with the hashes made above (tests not about bcrypt)."""

    def hash(self, password: str) -> str:
        return _HASHES[password]


@pytest.fixture
def loaded(db, tokens) -> dict[str, int]:
    with db.transaction() as session:
        return seed_demo(session, _KnownHashes(rounds=12, max_concurrent=1), tokens)


def test_loading_twice_adds_nothing(db, loaded, tokens):
    with db.transaction() as session:
        again = seed_demo(session, _KnownHashes(rounds=12, max_concurrent=1), tokens)
    assert loaded == {
        "users": 6,
        "vendors": 3,
        "cars": 24,
        "imports": 5,
        "parts": loaded["parts"],
        "inquiries": 3,
        "orders": 2,
    }
    assert 25 <= loaded["parts"] <= 40
    nothing_new = dict.fromkeys(("cars", "imports", "parts", "inquiries", "orders"), 0)
    assert again == loaded | nothing_new


def test_every_demo_login_signs_in(client, loaded):
    for login in DEMO_LOGINS:
        response = client.post(
            "/v1/auth/login", json={"email": login.email, "password": login.password}
        )
        assert response.status_code == 200, login.email
        assert response.json()["user"]["role"] == login.role


def test_vendors_are_approved_by_the_admin(db, loaded):
    with db.transaction() as session:
        approved = session.scalars(select(Vendor.company_name).where(Vendor.approved)).all()
        waiting = session.scalars(select(Vendor.company_name).where(~Vendor.approved)).all()
        events = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == EventKind.VENDOR_APPROVED)
        )
    assert sorted(approved) == ["Mombasa Auto Spares", "Nairobi Imports Ltd"]
    assert waiting == ["Kisumu Motors"]
    assert events == 2


def test_cars_are_realistic_and_moderated(client, db, loaded):
    with db.transaction() as session:
        cars = list(session.scalars(select(Car)))
        owners = set(session.scalars(select(User.id).where(User.role != "admin")))
        approvals = session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "car.approve")
        )
        sold_orders = session.scalar(
            select(func.count())
            .select_from(Order)
            .join(Order.items)
            .where(Order.items.any(item_type=ItemType.CAR))
        )
    statuses = Counter(car.status for car in cars)
    assert statuses["sold"] == 1
    assert 2 <= statuses["pending"] <= 5
    assert statuses["active"] >= 18
    assert approvals == statuses["active"] + statuses["sold"]
    assert sold_orders == 1
    assert {car.owner_id for car in cars} <= owners
    assert all(2015 <= car.year <= 2024 for car in cars)
    assert all(Decimal(650_000) <= car.price <= Decimal(9_500_000) for car in cars)
    for car in cars:  # every demo car is one the API itself would accept
        CarCreate.model_validate(
            {
                "title": car.title,
                "make": car.make,
                "model": car.model,
                "year": car.year,
                "price": car.price,
                "mileage_km": car.mileage_km,
                "description": car.description,
            }
        )
    newest = client.get("/v1/cars", params={"limit": 1}).json()
    assert newest["pagination"]["total"] == statuses["active"]
    assert newest["data"][0]["title"] == "Toyota Fielder Hybrid 2017, fresh import"
    created = sorted(car.created_at for car in cars)
    assert (created[-1] - created[0]).days >= 20  # backdated over weeks, not all "now"


def test_imports_walk_legal_timelines_with_real_estimates(db, loaded):
    with db.transaction() as session:
        rows = session.scalars(
            select(ImportRequest)
            .options(selectinload(ImportRequest.events))
            .order_by(ImportRequest.id)
        ).all()
        owners = {
            session.scalar(select(User.id).where(User.email == email))
            for email in (WANJIKU, OTIENO)
        }
        notices = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == EventKind.IMPORT_STATUS_CHANGED)
        )
    assert {row.status for row in rows} == {
        "pending",
        "sourcing",
        "shipped",
        "delivered",
        "cancelled",
    }
    assert {row.user_id for row in rows} == owners
    assert notices == sum(len(row.events) - 1 for row in rows)
    for row in rows:
        events = row.events
        assert events[0].from_status is None
        assert events[0].to_status == "pending"
        assert events[-1].to_status == row.status
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status
            check_transition(before.to_status, after.to_status)
            assert after.created_at > before.created_at
        assert row.created_at == events[0].created_at
        assert row.updated_at == events[-1].created_at
        lines = [line for line in row.cost_breakdown["lines"] if not line["is_subtotal"]]
        assert sum(Decimal(line["amount"]) for line in lines) == row.estimated_cost
        assert row.cost_breakdown["budget"] == row.specs_json["budget"]
        # Each demo car was picked from KRA's list, and the request cites its row.
        assert row.cost_breakdown["valuation"]["matched_by"] == "crsp_id"
        assert row.crsp_row_id == row.specs_json["crsp_id"]
        assert row.crsp_release_id is not None


def test_parts_inquiries_and_orders(client, db, loaded):
    with db.transaction() as session:
        vendors = session.scalars(
            select(Vendor.company_name).join(Part).group_by(Vendor.company_name)
        ).all()
        inquiries = session.scalars(select(Inquiry)).all()
        wanjiku = session.scalar(select(User.id).where(User.email == WANJIKU))
        orders = session.scalars(
            select(Order)
            .options(selectinload(Order.items))
            .where(Order.items.any(item_type=ItemType.PART))
        ).all()
    assert sorted(vendors) == ["Mombasa Auto Spares", "Nairobi Imports Ltd"]
    fielder_2016 = client.get("/v1/parts", params={"compatibility": "toyota:fielder:2016"})
    assert fielder_2016.json()["pagination"]["total"] >= 5
    assert client.get("/v1/parts", params={"name": "brake pads"}).json()["pagination"]["total"] >= 5
    assert sorted(i.status for i in inquiries) == ["new", "new", "responded"]
    assert {order.user_id for order in orders} == {wanjiku}
    assert len(orders) == 2
    for order in orders:
        assert order.total == sum(item.line_total for item in order.items)
    assert sorted(order.status for order in orders) == ["paid", "pending"]


def test_the_paid_orders_went_through_payments(db, loaded):
    """The parts order paid by (simulated) M-Pesa, the sold car's deposit by card and
    handed over: real payments, receipts and audit rows."""
    with db.transaction() as session:
        payments = session.scalars(select(Payment).order_by(Payment.id)).all()
        sold = session.scalar(select(Order).where(Order.items.any(item_type=ItemType.CAR)))
        receipts = session.scalars(
            select(OutboxMessage.kind).where(
                OutboxMessage.kind.in_(["order.paid", "order.to_fulfil"])
            )
        ).all()
        actions = set(session.scalars(select(AuditLog.action)))
    assert [(p.provider, p.method, p.status) for p in payments] == [
        ("simulated", "card", "succeeded"),
        ("simulated", "mpesa", "succeeded"),
    ]
    assert payments[1].mpesa_receipt.startswith("SIM")
    assert (sold.status, sold.amount_due) == ("fulfilled", Decimal(50_000))
    assert sorted(receipts).count("order.paid") == 2
    assert {"order.pay", "payment.succeed", "car.reserve", "car.sell", "order.fulfil"} <= actions
