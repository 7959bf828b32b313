"""A seller's sales summary (``GET /v1/orders/sales``) and the ``selling`` filter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sidecar.core import clock
from tests.assertions import assert_problem
from tests.orders.factories import pay_simulated
from tests.parts.factories import create_part


def _order(client, headers, *lines):
    body = {"items": [{"item_type": "part", "item_id": i, "quantity": q} for i, q in lines]}
    response = client.post("/v1/orders", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def sold(client, db, cast, auth_headers, frozen_clock):
    """The customer bought 2 pads (vendor's) and a filter (other vendor's) and paid; the
    other customer ordered 3 pads and has not paid."""
    pads = create_part(db, vendor=cast.vendor, name="Brake pads", price="4500", stock=20)
    filter_ = create_part(db, vendor=cast.other_vendor, name="Oil filter", price="850", stock=9)
    paid = _order(client, auth_headers(cast.customer), (pads, 2), (filter_, 1))
    pay_simulated(db, order_id=paid["id"], buyer=cast.customer)
    _order(client, auth_headers(cast.other_customer), (pads, 3))
    return paid


class TestSalesSummary:
    def test_only_the_callers_paid_lines_per_nairobi_day(self, client, cast, auth_headers, sold):
        response = client.get(
            "/v1/orders/sales", params={"days": 7}, headers=auth_headers(cast.vendor)
        )
        assert response.status_code == 200, response.text
        summary = response.json()
        today = clock.nairobi_today().isoformat()
        assert (summary["days"], summary["end"], summary["currency"]) == (7, today, "KES")
        assert (summary["revenue"], summary["units"], summary["orders"]) == ("9000.00", 2, 1)
        assert summary["lines_to_fulfil"] == 1
        assert [point["day"] for point in summary["series"]][-1] == today
        assert len(summary["series"]) == 7
        assert summary["series"][-1] == {
            "day": today,
            "revenue": "9000.00",
            "units": 2,
            "orders": 1,
        }
        assert all(point["units"] == 0 for point in summary["series"][:-1])

    def test_each_seller_sees_only_their_own(self, client, cast, auth_headers, sold):
        other = client.get("/v1/orders/sales", headers=auth_headers(cast.other_vendor)).json()
        assert (other["revenue"], other["units"], other["days"]) == ("850.00", 1, 30)
        buyer = client.get("/v1/orders/sales", headers=auth_headers(cast.customer)).json()
        assert (buyer["revenue"], buyer["units"], buyer["lines_to_fulfil"]) == ("0.00", 0, 0)

    def test_a_fulfilled_line_still_counts_but_is_no_longer_to_fulfil(
        self, client, cast, auth_headers, sold
    ):
        headers = auth_headers(cast.vendor)
        line = next(i for i in sold["items"] if i["title"] == "Brake pads")
        done = client.put(f"/v1/orders/{sold['id']}/items/{line['id']}/fulfil", headers=headers)
        assert done.status_code == 200, done.text
        summary = client.get("/v1/orders/sales", headers=headers).json()
        assert (summary["revenue"], summary["lines_to_fulfil"]) == ("9000.00", 0)

    def test_sign_in_first_and_days_in_range(self, client, cast, auth_headers):
        assert_problem(client.get("/v1/orders/sales"), 401)
        headers = auth_headers(cast.vendor)
        for days in (0, 367, "x"):
            assert_problem(
                client.get("/v1/orders/sales", params={"days": days}, headers=headers), 422
            )


class TestSellingFilter:
    def test_only_orders_with_lines_the_caller_sells(self, client, db, cast, auth_headers, sold):
        # The vendor also buys something of the other vendor's: not a sale of theirs.
        spare = create_part(db, vendor=cast.other_vendor, name="Wiper blade", price="700", stock=5)
        bought = _order(client, auth_headers(cast.vendor), (spare, 1))
        headers = auth_headers(cast.vendor)
        everything = client.get("/v1/orders", headers=headers).json()
        assert bought["id"] in [order["id"] for order in everything["data"]]
        selling = client.get("/v1/orders", params={"selling": "true"}, headers=headers).json()
        assert selling["pagination"]["total"] == 2
        assert bought["id"] not in [order["id"] for order in selling["data"]]
        assert all(
            item["title"] == "Brake pads" for order in selling["data"] for item in order["items"]
        )


class TestSalesDays:
    def test_a_payment_late_in_the_utc_evening_counts_for_the_next_nairobi_day(
        self, client, db, cast, auth_headers, frozen_clock
    ):
        # 22:30 UTC on 10 March is 01:30 on 11 March in Nairobi.
        frozen_clock.set(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))
        pads = create_part(db, vendor=cast.vendor, name="Brake pads", price="4500", stock=5)
        order = _order(client, auth_headers(cast.customer), (pads, 1))
        pay_simulated(db, order_id=order["id"], buyer=cast.customer)
        summary = client.get(
            "/v1/orders/sales", params={"days": 2}, headers=auth_headers(cast.vendor)
        ).json()
        assert (summary["start"], summary["end"]) == ("2026-03-10", "2026-03-11")
        assert [(p["day"], p["revenue"]) for p in summary["series"]] == [
            ("2026-03-10", "0.00"),
            ("2026-03-11", "4500.00"),
        ]
        # A day later the sale is still in a two-day window, on its own day.
        frozen_clock.advance(24 * 3600)
        later = client.get(
            "/v1/orders/sales", params={"days": 2}, headers=auth_headers(cast.vendor)
        ).json()
        assert [(p["day"], p["units"]) for p in later["series"]] == [
            ("2026-03-11", 1),
            ("2026-03-12", 0),
        ]
