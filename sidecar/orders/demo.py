"""Demo orders: Wanjiku's parts orders, placed through the real ordering rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.models import Order, Part, User
from sidecar.orders.schemas import OrderCreate, OrderItemIn, PaymentMethod
from sidecar.orders.service import place_order

WANJIKU = "wanjiku@gurumisha.co.ke"

# (payment method, [(part SKU, quantity)])
_ORDERS: tuple[tuple[PaymentMethod, tuple[tuple[str, int], ...]], ...] = (
    ("mpesa", (("MAS-BP-1042", 1), ("MAS-OF-0090", 2), ("MAS-SP-4704", 1))),
    ("cash", (("MAS-WB-0024", 1),)),
)


def seed(session: Session, users: dict[str, User]) -> int:
    """Places one or two orders for wanjiku; does nothing if orders exist."""
    if session.scalar(select(Order.id).limit(1)) is not None or WANJIKU not in users:
        return 0
    skus = {sku for _, lines in _ORDERS for sku, _ in lines}
    part_ids = {
        row.sku: row.id
        for row in session.execute(select(Part.id, Part.sku).where(Part.sku.in_(skus)))
    }
    created = 0
    for payment_method, lines in _ORDERS:
        items = [
            OrderItemIn(item_type="part", item_id=part_ids[sku], quantity=quantity)
            for sku, quantity in lines
            if sku in part_ids
        ]
        if not items:
            continue
        data = OrderCreate(items=items, payment_method=payment_method)
        place_order(session, user=users[WANJIKU], data=data)
        created += 1
    return created
