from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sidecar.models import Order
from sidecar.orders import demo
from sidecar.parts import demo as parts_demo
from tests.parts.factories import demo_users


def test_seed_places_wanjikus_orders_once(db, create_user):
    users = demo_users(create_user)
    with db.transaction() as session:
        parts_demo.seed(session, users)
        created = demo.seed(session, users)
    with db.transaction() as session:
        again = demo.seed(session, users)
        orders = session.scalars(select(Order).options(selectinload(Order.items))).all()

    assert created == len(orders) == 2
    assert again == 0
    assert {order.user_id for order in orders} == {users["wanjiku@gurumisha.co.ke"].id}
    for order in orders:
        assert order.total == sum(item.line_total for item in order.items)
