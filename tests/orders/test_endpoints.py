from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from sidecar.models import AuditLog
from tests.assertions import assert_problem
from tests.orders.factories import (
    car_status,
    create_car,
    order_count,
    order_status,
    pay_simulated,
)
from tests.parts.factories import create_part, stock_of


def _headers(auth_headers, user):
    return auth_headers(user) if user is not None else {}


def _order(*items, **extra):
    return {
        "items": [
            {"item_type": kind, "item_id": item_id, "quantity": quantity}
            for kind, item_id, quantity in items
        ],
        **extra,
    }


@pytest.fixture
def pads(db, cast):
    return create_part(db, vendor=cast.vendor, name="Front brake pads", price="4500", stock=10)


@pytest.fixture
def filter_(db, cast):
    return create_part(db, vendor=cast.other_vendor, name="Oil filter", price="850.50", stock=3)


@pytest.fixture
def car(db, cast):
    return create_car(db, owner=cast.other_customer, price="1850000")


def _actions(db):
    with db.transaction() as session:
        return [
            (log.action, log.resource_type, log.resource_id)
            for log in session.scalars(select(AuditLog).order_by(AuditLog.id))
        ]


class TestPlaceOrder:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 401),
            ("customer", 201),
            ("other_customer", 201),
            ("unapproved_vendor", 201),
            ("vendor", 422),  # their own part
            ("other_vendor", 201),
            ("admin", 201),
        ],
    )
    def test_roles(self, client, cast, auth_headers, pads, role, status):
        response = client.post(
            "/v1/orders",
            json=_order(("part", pads, 1)),
            headers=_headers(auth_headers, cast.by_role(role)),
        )
        assert response.status_code == status, response.text

    def test_parts_are_held_at_database_prices_and_paid_in_full(
        self, client, db, cast, auth_headers, pads, filter_
    ):
        response = client.post(
            "/v1/orders",
            json=_order(("part", filter_, 2), ("part", pads, 3)),
            headers=auth_headers(cast.customer),
        )

        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["user_id"], body["status"], body["currency"]) == (
            cast.customer.id,
            "pending",
            "KES",
        )
        assert body["number"] == f"GM{body['id']:07d}"
        assert (body["total"], body["amount_due"]) == ("15201.00", "15201.00")
        held = datetime.fromisoformat(body["hold_expires_at"])
        created = datetime.fromisoformat(body["created_at"])
        assert timedelta(seconds=899) < held - created < timedelta(seconds=901)
        assert [
            (i["item_type"], i["item_id"], i["title"], i["quantity"], i["unit_price"])
            for i in body["items"]
        ] == [
            ("part", pads, "Front brake pads", 3, "4500.00"),
            ("part", filter_, "Oil filter", 2, "850.50"),
        ]
        assert all(item["fulfilled_at"] is None and item["id"] for item in body["items"])
        assert (stock_of(db, pads), stock_of(db, filter_)) == (7, 1)
        assert _actions(db) == [("order.create", "order", str(body["id"]))]

    def test_a_car_is_reserved_by_the_deposit(self, client, db, cast, auth_headers, car):
        response = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.customer)
        )
        body = response.json()
        assert (body["total"], body["amount_due"]) == ("1850000.00", "50000.00")
        assert car_status(db, car) == "reserved"
        assert _actions(db) == [
            ("order.create", "order", str(body["id"])),
            ("car.reserve", "car", str(car)),
        ]
        # Public lists and the car page still show it, as reserved.
        assert client.get(f"/v1/cars/{car}").json()["status"] == "reserved"
        listed = client.get("/v1/cars").json()["data"]
        assert [(c["id"], c["status"]) for c in listed] == [(car, "reserved")]

    def test_a_cheap_car_deposit_is_its_price(self, client, db, cast, auth_headers):
        cheap = create_car(db, owner=cast.other_customer, price="35000")
        response = client.post(
            "/v1/orders", json=_order(("car", cheap, 1)), headers=auth_headers(cast.customer)
        )
        assert response.json()["amount_due"] == "35000.00"

    def test_a_reserved_car_cannot_be_bought_edited_or_removed(
        self, client, db, cast, auth_headers, car
    ):
        client.post("/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.customer))
        again = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.admin)
        )
        assert "reserved by another buyer" in assert_problem(again, 409)["detail"]
        owner = auth_headers(cast.other_customer)
        assert_problem(client.patch(f"/v1/cars/{car}", json={"price": 1}, headers=owner), 409)
        assert_problem(client.delete(f"/v1/cars/{car}", headers=owner), 409)
        assert car_status(db, car) == "reserved"

    def test_one_car_or_parts_never_both(self, client, db, cast, auth_headers, car, pads):
        for body in (
            _order(("car", car, 1), ("part", pads, 1)),
            _order(("car", car, 1), ("car", create_car(db, owner=cast.other_customer), 1)),
        ):
            response = client.post("/v1/orders", json=body, headers=auth_headers(cast.customer))
            assert "either one car or parts" in assert_problem(response, 422)["detail"]
        assert (car_status(db, car), stock_of(db, pads), order_count(db)) == ("active", 10, 0)

    def test_payment_method_is_optional_and_still_accepted(self, client, cast, auth_headers, pads):
        old = client.post(
            "/v1/orders",
            json={"items": [{"itemType": "part", "itemId": pads}], "paymentMethod": "cash"},
            headers=auth_headers(cast.customer),
        )
        new = client.post(
            "/v1/orders", json=_order(("part", pads, 1)), headers=auth_headers(cast.customer)
        )
        assert (old.status_code, old.json()["payment_method"]) == (201, "cash")
        assert (new.status_code, new.json()["payment_method"]) == (201, None)

    def test_client_prices_totals_and_status_are_refused(
        self, client, db, cast, auth_headers, pads
    ):
        item = {"item_type": "part", "item_id": pads, "quantity": 1}
        for body in (
            {"items": [{**item, "unit_price": "1.00"}]},
            {"items": [{**item, "price": 1}]},
            {"items": [item], "total": "1.00"},
            {"items": [item], "amount_due": "1.00"},
            {"items": [item], "status": "paid"},
            {"items": [item], "user_id": cast.other_customer.id},
            {"items": [item], "hold_expires_at": "2099-01-01T00:00:00Z"},
        ):
            response = client.post("/v1/orders", json=body, headers=auth_headers(cast.customer))
            assert_problem(response, 422)
        assert (order_count(db), stock_of(db, pads)) == (0, 10)

    def test_malformed_orders_422(self, client, db, cast, auth_headers, pads):
        item = ("part", pads, 1)
        for body in (
            _order(),
            _order(*[item] * 21),
            _order(("boat", pads, 1)),
            _order(("part", pads, 0)),
            _order(("part", 0, 1)),
            _order(item, payment_method="bitcoin"),
        ):
            response = client.post("/v1/orders", json=body, headers=auth_headers(cast.customer))
            assert_problem(response, 422)
        assert order_count(db) == 0

    def test_repeated_part_lines_are_merged(self, client, db, cast, auth_headers, pads):
        response = client.post(
            "/v1/orders",
            json=_order(("part", pads, 2), ("part", pads, 3)),
            headers=auth_headers(cast.customer),
        )
        assert [(i["quantity"], i["line_total"]) for i in response.json()["items"]] == [
            (5, "22500.00")
        ]
        assert stock_of(db, pads) == 5

    def test_a_car_once_with_quantity_one(self, client, db, cast, auth_headers, car):
        for body in (_order(("car", car, 2)), _order(("car", car, 1), ("car", car, 1))):
            response = client.post("/v1/orders", json=body, headers=auth_headers(cast.customer))
            assert "quantity 1" in assert_problem(response, 422)["detail"]
        assert car_status(db, car) == "active"

    def test_own_car_422(self, client, db, cast, auth_headers, car):
        response = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.other_customer)
        )
        assert (
            assert_problem(response, 422)["detail"] == f"You cannot buy your own car (car {car})."
        )

    def test_sold_car_409(self, client, db, cast, auth_headers):
        sold = create_car(db, owner=cast.other_customer, status="sold")
        response = client.post(
            "/v1/orders", json=_order(("car", sold, 1)), headers=auth_headers(cast.customer)
        )
        assert "has already been sold" in assert_problem(response, 409)["detail"]

    def test_cars_and_parts_not_for_sale_404(self, client, db, cast, auth_headers):
        pending = create_car(db, owner=cast.other_customer, status="pending")
        rejected = create_car(db, owner=cast.other_customer, status="rejected")
        hidden_part = create_part(db, vendor=cast.unapproved_vendor)
        for item in (
            ("car", pending, 1),
            ("car", rejected, 1),
            ("car", 999999, 1),
            ("part", hidden_part, 1),
            ("part", 999999, 1),
        ):
            response = client.post(
                "/v1/orders", json=_order(item), headers=auth_headers(cast.customer)
            )
            assert "is not for sale" in assert_problem(response, 404)["detail"]
        assert car_status(db, pending) == "pending"

    def test_above_stock_409_changes_nothing(self, client, db, cast, auth_headers, pads, filter_):
        response = client.post(
            "/v1/orders",
            json=_order(("part", pads, 2), ("part", filter_, 4)),
            headers=auth_headers(cast.customer),
        )
        body = assert_problem(response, 409)
        assert body["detail"] == f"Only 3 left of part {filter_} (Oil filter)."
        assert (stock_of(db, pads), stock_of(db, filter_), order_count(db)) == (10, 3, 0)

    def test_out_of_stock_409(self, client, db, cast, auth_headers):
        empty = create_part(db, vendor=cast.vendor, name="Headlamp", stock=0)
        response = client.post(
            "/v1/orders", json=_order(("part", empty, 1)), headers=auth_headers(cast.customer)
        )
        assert (
            assert_problem(response, 409)["detail"] == f"Part {empty} (Headlamp) is out of stock."
        )

    def test_at_most_three_pending_orders(self, client, db, cast, auth_headers, pads):
        headers = auth_headers(cast.customer)
        ids = [
            client.post("/v1/orders", json=_order(("part", pads, 1)), headers=headers).json()["id"]
            for _ in range(3)
        ]
        fourth = client.post("/v1/orders", json=_order(("part", pads, 1)), headers=headers)
        assert "3 orders waiting for payment" in assert_problem(fourth, 409)["detail"]
        assert stock_of(db, pads) == 7
        # Paying or cancelling one makes room again.
        client.post(f"/v1/orders/{ids[0]}/cancel", headers=headers)
        again = client.post("/v1/orders", json=_order(("part", pads, 1)), headers=headers)
        assert again.status_code == 201, again.text


class TestIdempotencyKey:
    def test_the_same_key_and_body_return_the_same_order(
        self, client, db, cast, auth_headers, pads
    ):
        headers = auth_headers(cast.customer) | {"Idempotency-Key": "7d9c4a1e-order-1"}
        first = client.post("/v1/orders", json=_order(("part", pads, 2)), headers=headers)
        second = client.post("/v1/orders", json=_order(("part", pads, 2)), headers=headers)
        assert (first.status_code, second.status_code) == (201, 201)
        assert second.json() == first.json()
        assert (order_count(db), stock_of(db, pads)) == (1, 8)

    def test_the_same_key_with_another_body_is_refused(self, client, db, cast, auth_headers, pads):
        headers = auth_headers(cast.customer) | {"Idempotency-Key": "7d9c4a1e-order-2"}
        client.post("/v1/orders", json=_order(("part", pads, 2)), headers=headers)
        other = client.post("/v1/orders", json=_order(("part", pads, 3)), headers=headers)
        assert "Idempotency-Key" in assert_problem(other, 422)["detail"]
        assert (order_count(db), stock_of(db, pads)) == (1, 8)

    def test_keys_belong_to_their_buyer(self, client, db, cast, auth_headers, pads):
        key = {"Idempotency-Key": "shared-key-123"}
        for user in (cast.customer, cast.other_customer):
            response = client.post(
                "/v1/orders", json=_order(("part", pads, 1)), headers=auth_headers(user) | key
            )
            assert response.json()["user_id"] == user.id
        assert order_count(db) == 2

    def test_a_malformed_key_422(self, client, cast, auth_headers, pads):
        headers = auth_headers(cast.customer) | {"Idempotency-Key": "short"}
        assert_problem(
            client.post("/v1/orders", json=_order(("part", pads, 1)), headers=headers), 422
        )


@pytest.fixture
def orders(client, cast, auth_headers, pads, filter_):
    """The customer's order of pads (the vendor's) and filters (the other vendor's), and
    the other customer's order of pads."""
    mine = client.post(
        "/v1/orders",
        json=_order(("part", pads, 1), ("part", filter_, 1)),
        headers=auth_headers(cast.customer),
    ).json()
    theirs = client.post(
        "/v1/orders", json=_order(("part", pads, 2)), headers=auth_headers(cast.other_customer)
    ).json()
    return mine, theirs


class TestListOrders:
    def test_buyers_their_own_sellers_their_lines_admins_all(
        self, client, cast, auth_headers, orders
    ):
        mine, theirs = orders
        seen = {}
        for role in ("customer", "other_customer", "unapproved_vendor", "vendor", "other_vendor"):
            response = client.get("/v1/orders", headers=auth_headers(cast.by_role(role)))
            assert response.status_code == 200, response.text
            seen[role] = [
                (o["id"], [i["title"] for i in o["items"]]) for o in response.json()["data"]
            ]
        assert seen == {
            "customer": [(mine["id"], ["Front brake pads", "Oil filter"])],
            "other_customer": [(theirs["id"], ["Front brake pads"])],
            "unapproved_vendor": [],
            "vendor": [(theirs["id"], ["Front brake pads"]), (mine["id"], ["Front brake pads"])],
            "other_vendor": [(mine["id"], ["Oil filter"])],
        }
        admin = client.get("/v1/orders", headers=auth_headers(cast.admin)).json()
        assert [o["id"] for o in admin["data"]] == [theirs["id"], mine["id"]]
        assert admin["data"][1]["buyer"]["name"] == cast.customer.full_name

    def test_a_seller_sees_their_share_and_the_buyer_only_once_paid(
        self, client, db, cast, auth_headers, orders
    ):
        mine, _ = orders
        vendor = auth_headers(cast.other_vendor)
        pending = client.get(f"/v1/orders/{mine['id']}", headers=vendor).json()
        assert (pending["total"], pending["amount_due"], pending["buyer"]) == (
            "850.50",
            "850.50",
            None,
        )
        pay_simulated(db, order_id=mine["id"], buyer=cast.customer)
        paid = client.get(f"/v1/orders/{mine['id']}", headers=vendor).json()
        assert paid["status"] == "paid"
        assert paid["buyer"] == {"name": cast.customer.full_name, "phone": cast.customer.phone}
        own = client.get(f"/v1/orders/{mine['id']}", headers=auth_headers(cast.customer)).json()
        assert (own["total"], own["buyer"], len(own["items"])) == ("5350.50", None, 2)

    def test_status_filter(self, client, cast, auth_headers, orders):
        headers = auth_headers(cast.admin)
        pending = client.get("/v1/orders", params={"status": "pending"}, headers=headers).json()
        assert pending["pagination"]["total"] == 2
        paid = client.get("/v1/orders", params={"status": "paid"}, headers=headers).json()
        assert paid["data"] == []
        assert_problem(client.get("/v1/orders", params={"status": "x"}, headers=headers), 422)

    def test_sorted_by_age_or_total(self, client, cast, auth_headers, orders):
        mine, theirs = orders  # mine: KES 5,350.50, placed first; theirs: 9,000
        headers = auth_headers(cast.admin)

        def ids(sort):
            response = client.get("/v1/orders", params={"sort": sort}, headers=headers)
            return [o["id"] for o in response.json()["data"]]

        assert ids("created_at") == [mine["id"], theirs["id"]]
        assert ids("-created_at") == [theirs["id"], mine["id"]]
        assert ids("total") == [mine["id"], theirs["id"]]
        assert ids("-total") == [theirs["id"], mine["id"]]
        assert_problem(client.get("/v1/orders", params={"sort": "x"}, headers=headers), 422)


class TestGetOrder:
    def test_roles(self, client, cast, auth_headers, orders):
        mine = orders[0]
        for role, status in [
            ("anonymous", 401),
            ("customer", 200),
            ("other_customer", 404),
            ("unapproved_vendor", 404),
            ("vendor", 200),  # sells a line of it
            ("other_vendor", 200),
            ("admin", 200),
        ]:
            response = client.get(
                f"/v1/orders/{mine['id']}", headers=_headers(auth_headers, cast.by_role(role))
            )
            assert response.status_code == status, role
        assert (
            client.get(f"/v1/orders/{mine['id']}", headers=auth_headers(cast.customer)).json()
            == mine
        )

    def test_unknown_404(self, client, cast, auth_headers):
        assert_problem(client.get("/v1/orders/999999", headers=auth_headers(cast.admin)), 404)


class TestCancelOrder:
    def test_the_buyer_cancels_a_pending_order_and_the_goods_return(
        self, client, db, cast, auth_headers, orders, pads, filter_
    ):
        mine, _ = orders
        response = client.post(
            f"/v1/orders/{mine['id']}/cancel", headers=auth_headers(cast.customer)
        )
        assert (response.status_code, response.json()["status"]) == (200, "cancelled")
        assert (stock_of(db, pads), stock_of(db, filter_)) == (8, 3)  # 10-1-2+1, 3-1+1
        again = client.post(f"/v1/orders/{mine['id']}/cancel", headers=auth_headers(cast.customer))
        assert "cancelled order cannot be cancelled" in assert_problem(again, 409)["detail"]
        assert ("order.cancel", "order", str(mine["id"])) in _actions(db)

    def test_a_cancelled_car_goes_back_on_sale(self, client, db, cast, auth_headers, car):
        order = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.customer)
        ).json()
        client.post(f"/v1/orders/{order['id']}/cancel", headers=auth_headers(cast.customer))
        assert car_status(db, car) == "active"
        assert ("car.release", "car", str(car)) in _actions(db)

    def test_who_may_cancel(self, client, cast, auth_headers, orders):
        mine, _ = orders
        for role, status in [
            ("anonymous", 401),
            ("other_customer", 404),
            ("vendor", 403),  # sees its line, may not cancel the order
            ("admin", 200),
        ]:
            response = client.post(
                f"/v1/orders/{mine['id']}/cancel",
                headers=_headers(auth_headers, cast.by_role(role)),
            )
            assert response.status_code == status, (role, response.text)

    def test_a_paid_order_is_refunded_when_an_admin_cancels_it(
        self, client, db, cast, auth_headers, orders, published_jobs
    ):
        mine, _ = orders
        pay_simulated(db, order_id=mine["id"], buyer=cast.customer)
        buyer = client.post(f"/v1/orders/{mine['id']}/cancel", headers=auth_headers(cast.customer))
        assert "cancelled by our team" in assert_problem(buyer, 409)["detail"]
        admin = client.post(f"/v1/orders/{mine['id']}/cancel", headers=auth_headers(cast.admin))
        assert admin.status_code == 200, admin.text
        assert (admin.json()["status"], admin.json()["refund_requested_at"] is not None) == (
            "paid",
            True,
        )
        assert ("workers.tasks.refund_order", (mine["id"],)) in published_jobs


class TestRefundOrder:
    def test_admins_only(self, client, db, cast, auth_headers, orders):
        mine, _ = orders
        pay_simulated(db, order_id=mine["id"], buyer=cast.customer)
        for role, status in [
            ("anonymous", 401),
            ("customer", 403),
            ("vendor", 403),
            ("admin", 202),
        ]:
            response = client.post(
                f"/v1/orders/{mine['id']}/refund",
                headers=_headers(auth_headers, cast.by_role(role)),
            )
            assert response.status_code == status, (role, response.text)
        twice = client.post(f"/v1/orders/{mine['id']}/refund", headers=auth_headers(cast.admin))
        assert "already under way" in assert_problem(twice, 409)["detail"]

    def test_a_pending_order_is_not_refunded(self, client, cast, auth_headers, orders):
        response = client.post(
            f"/v1/orders/{orders[0]['id']}/refund", headers=auth_headers(cast.admin)
        )
        assert "pending order cannot be refunded" in assert_problem(response, 409)["detail"]


class TestFulfilLine:
    def _paid(self, client, db, cast, auth_headers, orders):
        mine, _ = orders
        pay_simulated(db, order_id=mine["id"], buyer=cast.customer)
        return mine

    def _fulfil(self, client, order, index, headers):
        item = order["items"][index]["id"]
        return client.put(f"/v1/orders/{order['id']}/items/{item}/fulfil", headers=headers)

    def test_each_seller_fulfils_their_line_then_the_order_is_fulfilled(
        self, client, db, cast, auth_headers, orders
    ):
        order = self._paid(client, db, cast, auth_headers, orders)
        first = self._fulfil(client, order, 0, auth_headers(cast.vendor))  # the pads
        assert first.status_code == 200, first.text
        assert (first.json()["status"], first.json()["items"][0]["fulfilled_at"] is not None) == (
            "paid",
            True,
        )
        assert [i["title"] for i in first.json()["items"]] == ["Front brake pads"]
        second = self._fulfil(client, order, 1, auth_headers(cast.other_vendor))
        assert second.json()["status"] == "fulfilled"
        assert order_status(db, order["id"]) == "fulfilled"
        actions = [a for a, _, _ in _actions(db) if a.startswith("order.")]
        assert actions[-3:] == ["order.fulfil_line", "order.fulfil_line", "order.fulfil"]

    def test_only_the_lines_seller_or_an_admin(self, client, db, cast, auth_headers, orders):
        order = self._paid(client, db, cast, auth_headers, orders)
        for role, status in [
            ("anonymous", 401),
            ("customer", 403),
            ("other_customer", 404),
            ("other_vendor", 403),  # sells the other line
            ("unapproved_vendor", 404),
        ]:
            response = self._fulfil(client, order, 0, _headers(auth_headers, cast.by_role(role)))
            assert response.status_code == status, (role, response.text)
        assert self._fulfil(client, order, 0, auth_headers(cast.admin)).status_code == 200
        assert_problem(self._fulfil(client, order, 0, auth_headers(cast.vendor)), 409)

    def test_a_pending_order_is_not_fulfilled(self, client, cast, auth_headers, orders):
        response = self._fulfil(client, orders[0], 0, auth_headers(cast.vendor))
        assert "pending order cannot be fulfilled" in assert_problem(response, 409)["detail"]

    def test_an_unknown_line_404(self, client, db, cast, auth_headers, orders):
        order = self._paid(client, db, cast, auth_headers, orders)
        response = client.put(
            f"/v1/orders/{order['id']}/items/999999/fulfil", headers=auth_headers(cast.admin)
        )
        assert_problem(response, 404)

    def test_the_cars_handover_settles_the_balance_and_sells_it(
        self, client, db, cast, auth_headers, car
    ):
        order = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.customer)
        ).json()
        pay_simulated(db, order_id=order["id"], buyer=cast.customer, method="card")
        assert car_status(db, car) == "reserved"
        response = self._fulfil(client, order, 0, auth_headers(cast.other_customer))  # the seller
        assert response.json()["status"] == "fulfilled"
        assert car_status(db, car) == "sold"
        with db.transaction() as session:
            line = session.scalar(select(AuditLog).where(AuditLog.action == "order.fulfil_line"))
            assert line is not None
            assert line.changes["balance_settled"] == "1800000.00"
        assert ("car.sell", "car", str(car)) in _actions(db)
