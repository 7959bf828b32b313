"""Demo orders: Wanjiku's parts orders, placed through the real ordering rules: one
paid by M-Pesa (simulated), one still waiting for payment (it expires like any)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.demo import backdate, payments
from sidecar.demo.accounts import WANJIKU, People
from sidecar.models import ItemType, Part
from sidecar.orders.schemas import OrderCreate, OrderItemIn
from sidecar.orders.service import OrderRules, place_order

# (paid by, or None: not paid yet, [(part SKU, quantity)])
_ORDERS: tuple[tuple[str | None, tuple[tuple[str, int], ...]], ...] = (
    ("mpesa", (("MAS-BP-1042", 1), ("MAS-OF-0090", 2), ("MAS-SP-4704", 1))),
    (None, (("MAS-WB-0024", 1),)),
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
    for paid_by, lines in _ORDERS:
        items = [
            OrderItemIn(item_type=ItemType.PART, item_id=part_ids[sku], quantity=quantity)
            for sku, quantity in lines
            if sku in part_ids
        ]
        if not items:
            continue
        order = place_order(
            session, buyer=people[WANJIKU], data=OrderCreate(items=items), rules=OrderRules()
        )
        if paid_by is not None:
            payments.pay(session, buyer=people[WANJIKU], order=order, method=paid_by)
        created += 1
    return created
