"""Every query over payments. Lock order: the order first (``orders``), then its
payments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sidecar.models import Payment, PaymentProvider, PaymentStatus


def list_query(order_id: int) -> Select[Any]:
    return (
        select(Payment)
        .where(Payment.order_id == order_id)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
    )


def in_flight(session: Session, order_id: int) -> Payment | None:
    """The order's attempt still waiting for the provider, if any."""
    return session.scalar(
        select(Payment).where(
            Payment.order_id == order_id, Payment.status == PaymentStatus.INITIATED
        )
    )


def lock(session: Session, payment_id: int) -> Payment | None:
    return session.get(Payment, payment_id, with_for_update=True, populate_existing=True)


def order_id_by(session: Session, **reference: str) -> tuple[int, int] | None:
    """(payment id, order id) of the payment with this provider reference."""
    ((column, value),) = reference.items()
    row = session.execute(
        select(Payment.id, Payment.order_id).where(getattr(Payment, column) == value)
    ).first()
    return (row.id, row.order_id) if row else None


def unanswered(session: Session, *, before: datetime, limit: int = 100) -> list[int]:
    """Real providers' attempts still initiated since before ``before``, oldest first."""
    return list(
        session.scalars(
            select(Payment.id)
            .where(
                Payment.status == PaymentStatus.INITIATED,
                Payment.provider != PaymentProvider.SIMULATED,
                Payment.created_at < before,
            )
            .order_by(Payment.created_at)
            .limit(limit)
        )
    )


def simulated_due(session: Session, *, before: datetime, limit: int = 100) -> list[int]:
    return list(
        session.scalars(
            select(Payment.id)
            .where(
                Payment.status == PaymentStatus.INITIATED,
                Payment.provider == PaymentProvider.SIMULATED,
                Payment.created_at <= before,
            )
            .order_by(Payment.created_at)
            .limit(limit)
        )
    )


def to_refund(session: Session, order_id: int) -> list[Payment]:
    """The order's confirmed payments not yet refunded (nor being refunded)."""
    return list(
        session.scalars(
            select(Payment)
            .where(
                Payment.order_id == order_id,
                Payment.status == PaymentStatus.SUCCEEDED,
                Payment.refund_reference.is_(None),
            )
            .order_by(Payment.id)
            .with_for_update()
        )
    )
