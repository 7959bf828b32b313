from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.models import AuditLog
from tests.assertions import assert_problem
from tests.orders.factories import car_status, create_car, order_count
from tests.parts.factories import create_part, stock_of


def _headers(auth_headers, user):
    return auth_headers(user) if user is not None else {}


def _order(*items, payment_method="mpesa"):
    return {
        "items": [
            {"item_type": kind, "item_id": item_id, "quantity": quantity}
            for kind, item_id, quantity in items
        ],
        "payment_method": payment_method,
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

    def test_prices_from_the_database_stock_taken_car_sold_and_audited(
        self, client, db, cast, auth_headers, pads, filter_, car
    ):
        response = client.post(
            "/v1/orders",
            json=_order(("part", filter_, 2), ("part", pads, 3), ("car", car, 1)),
            headers=auth_headers(cast.customer),
        )

        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["user_id"], body["status"], body["payment_method"], body["currency"]) == (
            cast.customer.id,
            "pending",
            "mpesa",
            "KES",
        )
        assert body["total"] == "1865201.00"  # 1,850,000 + 3 x 4,500 + 2 x 850.50
        assert [
            (
                i["item_type"],
                i["item_id"],
                i["title"],
                i["quantity"],
                i["unit_price"],
                i["line_total"],
            )
            for i in body["items"]
        ] == [
            ("car", car, "Toyota Fielder 2016, 1500cc, silver", 1, "1850000.00", "1850000.00"),
            ("part", pads, "Front brake pads", 3, "4500.00", "13500.00"),
            ("part", filter_, "Oil filter", 2, "850.50", "1701.00"),
        ]
        assert (stock_of(db, pads), stock_of(db, filter_), car_status(db, car)) == (7, 1, "sold")
        with db.transaction() as session:
            logs = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        assert [(log.action, log.resource_id) for log in logs] == [
            ("order.create", str(body["id"])),
            ("car.sell", str(car)),
        ]
        assert logs[0].user_id == cast.customer.id
        assert logs[0].changes["total"] == "1865201.00"
        assert logs[0].changes["stock_left"] == {str(pads): 7, str(filter_): 1}

    def test_camel_case_and_default_quantity(self, client, cast, auth_headers, pads):
        response = client.post(
            "/v1/orders",
            json={"items": [{"itemType": "part", "itemId": pads}], "paymentMethod": "cash"},
            headers=auth_headers(cast.customer),
        )
        assert response.status_code == 201, response.text
        assert (response.json()["payment_method"], response.json()["total"]) == ("cash", "4500.00")

    def test_client_prices_totals_and_status_are_refused(
        self, client, db, cast, auth_headers, pads
    ):
        item = {"item_type": "part", "item_id": pads, "quantity": 1}
        for body in (
            {"items": [{**item, "unit_price": "1.00"}], "payment_method": "mpesa"},
            {"items": [{**item, "price": 1}], "payment_method": "mpesa"},
            {"items": [{**item, "line_total": 1}], "payment_method": "mpesa"},
            {"items": [item], "payment_method": "mpesa", "total": "1.00"},
            {"items": [item], "payment_method": "mpesa", "status": "paid"},
            {"items": [item], "payment_method": "mpesa", "user_id": cast.other_customer.id},
            {"items": [item], "payment_method": "mpesa", "currency": "USD"},
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
            {"items": [{"item_type": "part", "item_id": pads}]},
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

    def test_sold_car_409(self, client, cast, auth_headers, car):
        first = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.customer)
        )
        assert first.status_code == 201
        again = client.post(
            "/v1/orders", json=_order(("car", car, 1)), headers=auth_headers(cast.admin)
        )
        assert "has already been sold" in assert_problem(again, 409)["detail"]

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

    def test_above_stock_409_changes_nothing(
        self, client, db, cast, auth_headers, pads, filter_, car
    ):
        response = client.post(
            "/v1/orders",
            json=_order(("car", car, 1), ("part", pads, 2), ("part", filter_, 4)),
            headers=auth_headers(cast.customer),
        )
        body = assert_problem(response, 409)
        assert body["detail"] == f"Only 3 left of part {filter_} (Oil filter)."
        assert (stock_of(db, pads), stock_of(db, filter_), car_status(db, car)) == (10, 3, "active")
        assert order_count(db) == 0

    def test_out_of_stock_409(self, client, db, cast, auth_headers):
        empty = create_part(db, vendor=cast.vendor, name="Headlamp", stock=0)
        response = client.post(
            "/v1/orders", json=_order(("part", empty, 1)), headers=auth_headers(cast.customer)
        )
        assert (
            assert_problem(response, 409)["detail"] == f"Part {empty} (Headlamp) is out of stock."
        )


@pytest.fixture
def orders(client, cast, auth_headers, pads, filter_):
    mine = client.post(
        "/v1/orders", json=_order(("part", pads, 1)), headers=auth_headers(cast.customer)
    ).json()
    theirs = client.post(
        "/v1/orders",
        json=_order(("part", filter_, 1), payment_method="card"),
        headers=auth_headers(cast.other_customer),
    ).json()
    return mine, theirs


class TestListOrders:
    def test_own_orders_admin_all(self, client, cast, auth_headers, orders):
        mine, theirs = orders
        for role, expected in [
            ("customer", [mine]),
            ("other_customer", [theirs]),
            ("unapproved_vendor", []),
            ("vendor", []),  # selling a part does not show the buyer's order
            ("other_vendor", []),
            ("admin", [theirs, mine]),  # newest first
        ]:
            response = client.get("/v1/orders", headers=auth_headers(cast.by_role(role)))
            assert response.status_code == 200, response.text
            assert response.json()["data"] == expected, role
            assert response.json()["pagination"]["total"] == len(expected), role

    def test_status_filter(self, client, cast, auth_headers, orders):
        headers = auth_headers(cast.admin)
        assert (
            client.get("/v1/orders", params={"status": "pending"}, headers=headers).json()[
                "pagination"
            ]["total"]
            == 2
        )
        assert (
            client.get("/v1/orders", params={"status": "paid"}, headers=headers).json()["data"]
            == []
        )
        assert_problem(client.get("/v1/orders", params={"status": "x"}, headers=headers), 422)


class TestGetOrder:
    def test_roles(self, client, cast, auth_headers, orders):
        mine = orders[0]
        for role, status in [
            ("anonymous", 401),
            ("customer", 200),
            ("other_customer", 404),
            ("unapproved_vendor", 404),
            ("vendor", 404),
            ("other_vendor", 404),
            ("admin", 200),
        ]:
            response = client.get(
                f"/v1/orders/{mine['id']}", headers=_headers(auth_headers, cast.by_role(role))
            )
            assert response.status_code == status, role
            if status == 200:
                assert response.json() == mine

    def test_unknown_404(self, client, cast, auth_headers):
        assert_problem(client.get("/v1/orders/999999", headers=auth_headers(cast.admin)), 404)
