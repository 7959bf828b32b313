from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, Money, created_at, enum_type, pk, updated_at


class PaymentProvider(StrEnum):
    MPESA = "mpesa"
    STRIPE = "stripe"
    SIMULATED = "simulated"


class PaymentStatus(StrEnum):
    """initiated -> succeeded | failed; succeeded -> refunded (sidecar/payments/service.py).
    A failed payment may still turn succeeded when the provider later confirms it."""

    INITIATED = "initiated"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class Payment(Base):
    """One attempt to pay an order, through one provider."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_order_id_created_at", "order_id", "created_at"),
        # At most one attempt in flight per order: the backstop of the order's row lock.
        Index(
            "uq_payments_order_id_initiated",
            "order_id",
            unique=True,
            postgresql_where=text("status = 'initiated'"),
        ),
        # The sweep that asks providers about attempts left without an answer.
        Index(
            "ix_payments_initiated_created_at",
            "created_at",
            postgresql_where=text("status = 'initiated'"),
        ),
    )

    id: Mapped[int] = pk()
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("orders.id", ondelete="CASCADE"))
    provider: Mapped[PaymentProvider] = mapped_column(enum_type(PaymentProvider, name="provider"))
    # What the buyer chose: mpesa or card (the provider may be simulated).
    method: Mapped[str] = mapped_column(String(8))
    amount: Mapped[Money]
    currency: Mapped[str] = mapped_column(String(3), server_default="KES")
    status: Mapped[PaymentStatus] = mapped_column(
        enum_type(PaymentStatus, name="status"), server_default="initiated"
    )
    phone: Mapped[str | None] = mapped_column(String(16))
    # Provider references, each unique: Daraja's CheckoutRequestID and receipt, Stripe's
    # PaymentIntent, and the refund's reference (a Stripe refund or a B2C conversation).
    checkout_request_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    merchant_request_id: Mapped[str | None] = mapped_column(String(100))
    mpesa_receipt: Mapped[str | None] = mapped_column(String(40), unique=True)
    payment_intent_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    refund_reference: Mapped[str | None] = mapped_column(String(100), unique=True)
    failure_message: Mapped[str | None] = mapped_column(String(300))
    # Every callback and provider answer about this payment, in arrival order.
    raw_callbacks: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    succeeded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refund_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refunded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
