"""Paying demo orders the way a buyer would, with the simulated provider.

The payment is opened through the payments service and confirmed at once by the
simulated provider's own confirmation (in a running platform it comes a few seconds
later), so the order, its audit rows and its receipts are the real ones.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.models import Order
from sidecar.payments import service as payments
from sidecar.payments import tasks as payment_tasks
from sidecar.payments.gateways import Gateways
from sidecar.payments.schemas import PaymentCreate


def pay(session: Session, *, buyer: Principal, order: Order, method: str) -> None:
    """``buyer`` pays ``order`` by ``method`` (mpesa: to the phone on their profile)."""
    payment = payments.open_payment(
        session,
        payer=buyer,
        order_id=order.id,
        data=PaymentCreate(method=method),
        gateways=Gateways.simulated_only(),
    )
    payment_tasks.confirm_simulated_now(session, payment_id=payment.id)
