"""The life of an order, as pure functions: the current status in, the next one out.

    pending --paid-------> paid --every line fulfilled--> fulfilled
    pending --cancel-----> cancelled      (the buyer, or an admin)
    pending --hold ends--> expired        (the sweep)
    paid    --refund-----> refunded       (an admin; once the provider confirms)

Every other move is refused with 409. A paid order with a fulfilled line is no longer
refunded or cancelled: the goods have changed hands.
"""

from __future__ import annotations

from sidecar.core.errors import Conflict
from sidecar.models import OrderStatus


class IllegalOrderTransition(Conflict):
    pass


def _move(
    current: OrderStatus, allowed_from: OrderStatus, to: OrderStatus, what: str
) -> OrderStatus:
    if current is allowed_from:
        return to
    raise IllegalOrderTransition(f"A {current} order cannot be {what}.")


def after_payment(current: OrderStatus) -> OrderStatus:
    return _move(current, OrderStatus.PENDING, OrderStatus.PAID, "paid")


def after_cancel(current: OrderStatus) -> OrderStatus:
    return _move(current, OrderStatus.PENDING, OrderStatus.CANCELLED, "cancelled")


def after_expiry(current: OrderStatus) -> OrderStatus:
    return _move(current, OrderStatus.PENDING, OrderStatus.EXPIRED, "expired")


def after_refund(current: OrderStatus) -> OrderStatus:
    return _move(current, OrderStatus.PAID, OrderStatus.REFUNDED, "refunded")


def after_fulfilment(current: OrderStatus) -> OrderStatus:
    return _move(current, OrderStatus.PAID, OrderStatus.FULFILLED, "fulfilled")


def ensure_fulfillable(current: OrderStatus) -> None:
    """Lines are handed over only once the order is paid."""
    if current is not OrderStatus.PAID:
        raise IllegalOrderTransition(f"Lines of a {current} order cannot be fulfilled.")
