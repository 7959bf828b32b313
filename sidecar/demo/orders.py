"""Demo orders: Wanjiku's parts orders, placed through the real ordering rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.demo import backdate
from sidecar.demo.accounts import WANJIKU, People
from sidecar.models import ItemType, Part, PaymentMethod
from sidecar.orders.schemas import OrderCreate, OrderItemIn
from sidecar.orders.service import place_order

# (payment method, [(part SKU, quantity)])
_ORDERS: tuple[tuple[PaymentMethod, tuple[tuple[str, int], ...]], ...] = (
    (PaymentMethod.MPESA, (("MAS-BP-1042", 1), ("MAS-OF-0090", 2), ("MAS-SP-4704", 1))),
    (PaymentMethod.CASH, (("MAS-WB-0024", 1),)),
)


def seed(session: Session, people: People) -> int:
    """Places one or two parts orders for wanjiku; does nothing if she has ordered parts."""
    if WANJIKU not in people or backdate.any_part_orders(session):
        return 0
    skus = {sku for _, lines in _ORDERS for sku, _ in lines}
    part_ids = {
        row.sku: row.id
        for row in session.execute(select(Part.id, Part.sku).where(Part.sku.in_(skus)))
    }
    created = 0
    for payment_method, lines in _ORDERS:
        items = [
            OrderItemIn(item_type=ItemType.PART, item_id=part_ids[sku], quantity=quantity)
            for sku, quantity in lines
            if sku in part_ids
        ]
        if not items:
            continue
        data = OrderCreate(items=items, payment_method=payment_method)
        place_order(session, buyer=people[WANJIKU], data=data)
        created += 1
    return created
