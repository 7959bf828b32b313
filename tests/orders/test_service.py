from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import select

from sidecar.core.errors import AppError
from sidecar.models import Order
from sidecar.orders import service
from sidecar.orders.schemas import OrderCreate, OrderItemIn
from tests.conftest import principal_of
from tests.orders.factories import car_status, create_car, order_count
from tests.parts.factories import create_part, stock_of

BUYERS = 8


def _data(*items: tuple[str, int, int]) -> OrderCreate:
    return OrderCreate(
        items=[
            OrderItemIn(item_type=kind, item_id=item_id, quantity=quantity)
            for kind, item_id, quantity in items
        ],
        payment_method="mpesa",
    )


class TestMergeLines:
    def test_sums_repeats_and_sorts_by_type_then_id(self):
        lines = service.merge_lines(
            _data(("part", 9, 1), ("car", 5, 1), ("part", 2, 2), ("part", 9, 4)).items
        )
        assert lines == [
            service.Line("car", 5, 1),
            service.Line("part", 2, 2),
            service.Line("part", 9, 5),
        ]

    @pytest.mark.parametrize("items", [[("car", 5, 2)], [("car", 5, 1), ("car", 5, 1)]])
    def test_a_car_is_bought_once(self, items):
        with pytest.raises(service.CarQuantityNotOne):
            service.merge_lines(_data(*items).items)


@pytest.mark.parametrize(
    ("unit_price", "quantity", "expected"),
    [("4500.00", 3, "13500.00"), ("850.50", 2, "1701.00"), ("0.01", 10_000, "100.00")],
)
def test_line_total(unit_price, quantity, expected):
    assert service.line_total(Decimal(unit_price), quantity) == Decimal(expected)


def _race(db, buyers, data_for):
    """Each buyer places an order in its own transaction, all released at once."""
    start = threading.Barrier(len(buyers))

    def buy(index_and_buyer):
        index, buyer = index_and_buyer
        start.wait()
        try:
            with db.transaction() as session:
                order = service.place_order(
                    session, buyer=principal_of(session, buyer), data=data_for(index)
                )
                return ("ok", order.id)
        except AppError as error:
            return (type(error).__name__, error.detail)

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        return list(pool.map(buy, enumerate(buyers)))


class TestConcurrentOrders:
    def test_the_last_three_units_go_to_exactly_three_buyers(self, db, cast, create_user):
        part = create_part(db, vendor=cast.vendor, name="Headlamp", stock=3)
        buyers = [create_user() for _ in range(BUYERS)]

        results = _race(db, buyers, lambda _: _data(("part", part, 1)))

        assert Counter(outcome for outcome, _ in results) == {"ok": 3, "NotEnoughStock": 5}
        assert stock_of(db, part) == 0
        assert order_count(db) == 3

    def test_one_car_is_sold_once(self, db, cast, create_user):
        car = create_car(db, owner=cast.other_customer)
        buyers = [create_user() for _ in range(BUYERS)]

        results = _race(db, buyers, lambda _: _data(("car", car, 1)))

        assert Counter(outcome for outcome, _ in results) == {"ok": 1, "CarAlreadySold": 7}
        assert car_status(db, car) == "sold"
        assert order_count(db) == 1

    def test_opposite_item_orders_do_not_deadlock(self, db, cast, create_user):
        first = create_part(db, vendor=cast.vendor, stock=100)
        second = create_part(db, vendor=cast.other_vendor, stock=100)
        car = create_car(db, owner=cast.other_customer)
        buyers = [create_user() for _ in range(BUYERS)]

        def data_for(index):
            lines = [("part", first, 2), ("car", car, 1), ("part", second, 3)]
            return _data(*(lines if index % 2 else reversed(lines)))

        results = _race(db, buyers, data_for)

        # Every order locks car, then parts by id, whatever order the client sent.
        assert Counter(outcome for outcome, _ in results) == {"ok": 1, "CarAlreadySold": 7}
        with db.transaction() as session:
            (order,) = session.scalars(select(Order)).all()
        assert (stock_of(db, first), stock_of(db, second)) == (98, 97)
        assert order.total > 0

    def test_concurrent_parts_orders_never_oversell(self, db, cast, create_user):
        first = create_part(db, vendor=cast.vendor, stock=10)
        second = create_part(db, vendor=cast.other_vendor, stock=10)
        buyers = [create_user() for _ in range(BUYERS)]

        def data_for(index):
            lines = [("part", first, 3), ("part", second, 2)]
            return _data(*(lines if index % 2 else reversed(lines)))

        results = _race(db, buyers, data_for)

        # 3 orders take 9 of the first part; the fourth would need 12.
        assert Counter(outcome for outcome, _ in results) == {"ok": 3, "NotEnoughStock": 5}
        assert (stock_of(db, first), stock_of(db, second)) == (1, 4)


def test_racing_over_http(client, db, cast, create_user, auth_headers):
    """The same race through the API: concurrent requests, each its own transaction."""
    part = create_part(db, vendor=cast.vendor, stock=3)
    headers = [auth_headers(create_user()) for _ in range(BUYERS)]
    start = threading.Barrier(BUYERS)
    body = {
        "items": [{"item_type": "part", "item_id": part, "quantity": 1}],
        "payment_method": "card",
    }

    def buy(buyer_headers):
        start.wait()
        return client.post("/v1/orders", json=body, headers=buyer_headers).status_code

    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        statuses = Counter(pool.map(buy, headers))

    assert statuses == {201: 3, 409: 5}
    assert stock_of(db, part) == 0
