from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest

from sidecar.core import clock
from sidecar.models import ImportRequest, Order, Payment, Vendor
from tests.assertions import assert_problem
from tests.cars.factories import create_car
from tests.notifications.test_endpoints import add_notification


def _nairobi(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A moment ``day_offset`` Nairobi days from today, at hour:minute in Nairobi."""
    day = clock.nairobi_today() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=clock.NAIROBI)


def _add_order(session, *, buyer, created_at):
    order = Order(
        user_id=buyer.id,
        status="paid",
        total=Decimal(4500),
        amount_due=Decimal(4500),
        created_at=created_at,
    )
    session.add(order)
    session.flush()
    return order


def _add_payment(session, *, order, method, amount, status="succeeded", succeeded_at=None):
    session.add(
        Payment(
            order_id=order.id,
            provider="simulated",
            method=method,
            amount=Decimal(amount),
            status=status,
            succeeded_at=succeeded_at or clock.utcnow(),
        )
    )


def _overview(client, headers, **params):
    response = client.get("/v1/stats/overview", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


class TestOverview:
    def test_anonymous_401_customer_and_vendor_403(self, client, create_user, auth_headers):
        assert_problem(client.get("/v1/stats/overview"), 401)
        for role in ("customer", "vendor"):
            response = client.get(
                "/v1/stats/overview", headers=auth_headers(create_user(role=role))
            )
            assert_problem(response, 403)

    @pytest.mark.parametrize("days", [0, 91, "many"])
    def test_days_out_of_range_422(self, client, create_user, auth_headers, days):
        response = client.get(
            "/v1/stats/overview",
            headers=auth_headers(create_user(role="admin")),
            params={"days": days},
        )
        assert_problem(response, 422)

    def test_an_empty_marketplace_has_every_day_at_zero(self, client, create_user, auth_headers):
        body = _overview(client, auth_headers(create_user(role="admin")), days=7)

        today = clock.nairobi_today()
        assert body["days"] == 7
        assert body["last_day"] == today.isoformat()
        assert body["first_day"] == (today - timedelta(days=6)).isoformat()
        assert [row["count"] for row in body["listings_per_day"]] == [0] * 7
        assert [row["day"] for row in body["orders_per_day"]] == [
            (today - timedelta(days=6 - offset)).isoformat() for offset in range(7)
        ]
        assert body["pending_cars"] == 0
        assert [(a["min_days"], a["max_days"]) for a in body["pending_cars_by_age"]] == [
            (0, 1),
            (1, 3),
            (3, 7),
            (7, None),
        ]
        assert body["notification_outcomes"] == []
        assert body["payments_by_method"] == []

    def test_listings_and_orders_count_on_their_nairobi_day(
        self, client, create_user, auth_headers, db
    ):
        admin, seller = create_user(role="admin"), create_user()
        # 00:30 in Nairobi is 21:30 UTC the day before: it belongs to Nairobi's day.
        create_car(db, owner=seller, created_at=_nairobi(-1, 0, 30))
        create_car(db, owner=seller, created_at=_nairobi(-1, 23, 30))
        create_car(db, owner=seller, created_at=_nairobi(-2, 23, 59))
        create_car(db, owner=seller, created_at=_nairobi(-40, 12))  # outside the window
        with db.transaction() as session:
            _add_order(session, buyer=seller, created_at=_nairobi(0, 1))

        body = _overview(client, auth_headers(admin), days=3)

        assert [(r["day"], r["count"]) for r in body["listings_per_day"]] == [
            (_nairobi(-2, 12).date().isoformat(), 1),
            (_nairobi(-1, 12).date().isoformat(), 2),
            (_nairobi(0, 12).date().isoformat(), 0),
        ]
        assert [r["count"] for r in body["orders_per_day"]] == [0, 0, 1]

    def test_the_review_queue_by_waiting_time(
        self, client, create_user, auth_headers, db, frozen_clock
    ):
        admin, seller = create_user(role="admin"), create_user()
        now = clock.utcnow()
        for waited in (timedelta(hours=2), timedelta(days=2), timedelta(days=2, hours=5)):
            create_car(db, owner=seller, status="pending", created_at=now - waited)
        create_car(db, owner=seller, status="pending", created_at=now - timedelta(days=10))
        create_car(db, owner=seller, status="active", created_at=now - timedelta(days=10))
        create_car(db, owner=seller, status="rejected", created_at=now - timedelta(hours=1))

        body = _overview(client, auth_headers(admin))

        assert body["pending_cars"] == 4
        assert [age["count"] for age in body["pending_cars_by_age"]] == [1, 2, 0, 1]

    def test_what_waits_for_an_admin(self, client, create_user, auth_headers, db):
        admin, customer = create_user(role="admin"), create_user()
        create_user(role="vendor", approved=False)
        create_user(role="vendor", approved=False)
        importer = create_user(role="vendor")
        with db.transaction() as session:
            vendor_id = session.query(Vendor.id).filter(Vendor.user_id == importer.id).scalar()
            for status, assigned in (
                ("pending", False),
                ("sourcing", False),
                ("pending", True),
                ("cancelled", False),
            ):
                session.add(
                    ImportRequest(
                        user_id=customer.id,
                        specs_json={"make": "Toyota", "model": "Harrier", "year": 2021},
                        estimated_cost=Decimal(4_000_000),
                        cost_breakdown={},
                        status=status,
                        importer_id=vendor_id if assigned else None,
                    )
                )

        body = _overview(client, auth_headers(admin))

        assert body["unapproved_vendors"] == 2
        assert body["unassigned_imports"] == 2

    def test_notification_outcomes_by_channel(self, client, create_user, auth_headers, db):
        admin, customer = create_user(role="admin"), create_user()
        for channel, status in (
            ("email", "sent"),
            ("email", "sent"),
            ("email", "failed"),
            ("whatsapp", "delivered"),
            ("whatsapp", "undeliverable"),
        ):
            add_notification(db, user=customer, channel=channel, status=status)
        add_notification(db, user=customer, status="failed", created_at=_nairobi(-60, 12))

        body = _overview(client, auth_headers(admin))

        assert body["notification_outcomes"] == [
            {"channel": "email", "status": "failed", "count": 1},
            {"channel": "email", "status": "sent", "count": 2},
            {"channel": "whatsapp", "status": "delivered", "count": 1},
            {"channel": "whatsapp", "status": "undeliverable", "count": 1},
        ]

    def test_payments_by_method_count_confirmed_money(self, client, create_user, auth_headers, db):
        admin, buyer = create_user(role="admin"), create_user()
        with db.transaction() as session:
            orders = [_add_order(session, buyer=buyer, created_at=clock.utcnow()) for _ in range(5)]
            _add_payment(session, order=orders[0], method="mpesa", amount="4500")
            _add_payment(session, order=orders[1], method="mpesa", amount="1250.50")
            _add_payment(session, order=orders[2], method="card", amount="50000", status="refunded")
            _add_payment(session, order=orders[3], method="card", amount="999", status="failed")
            _add_payment(
                session,
                order=orders[4],
                method="card",
                amount="7000",
                succeeded_at=_nairobi(-45, 12),
            )

        body = _overview(client, auth_headers(admin), days=30)

        assert body["payments_by_method"] == [
            {"method": "card", "count": 1, "amount": "50000.00"},
            {"method": "mpesa", "count": 2, "amount": "5750.50"},
        ]
