from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sidecar.models.base import Base, Money, created_at, enum_type, pk, updated_at


class OrderStatus(StrEnum):
    """pending -> paid -> fulfilled; pending -> cancelled | expired; paid -> refunded
    (sidecar/orders/transitions.py)."""

    PENDING = "pending"
    PAID = "paid"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"


class PaymentMethod(StrEnum):
    MPESA = "mpesa"
    CARD = "card"
    CASH = "cash"


class ItemType(StrEnum):
    CAR = "car"
    PART = "part"


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_user_id_created_at", "user_id", "created_at"),
        # The expiry sweep reads only pending orders, oldest hold first.
        Index(
            "ix_orders_pending_hold_expires_at",
            "hold_expires_at",
            postgresql_where=text("status = 'pending'"),
        ),
        # The same Idempotency-Key from the same buyer is the same order.
        UniqueConstraint("user_id", "idempotency_key"),
        CheckConstraint("amount_due >= 0 AND amount_due <= total", name="amount_due_range"),
    )

    id: Mapped[int] = pk()
    # What people read and M-Pesa's AccountReference (at most 12 characters).
    number: Mapped[str] = mapped_column(
        String(12), Computed("'GM' || lpad(id::text, 7, '0')", persisted=True)
    )
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[OrderStatus] = mapped_column(
        enum_type(OrderStatus, name="status"), server_default="pending"
    )
    # What the buyer said they would pay with (old clients); payments record the truth.
    payment_method: Mapped[PaymentMethod | None] = mapped_column(
        enum_type(PaymentMethod, name="payment_method", length=8)
    )
    total: Mapped[Money]
    # Parts are paid in full; a car is reserved by a deposit (the balance at handover).
    amount_due: Mapped[Money]
    currency: Mapped[str] = mapped_column(String(3), server_default="KES")
    hold_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # sha256 of the request that made the order: a reused key with another body is refused.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refund_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    items: Mapped[list[OrderItem]] = relationship(lazy="raise", order_by="OrderItem.id")

    @property
    def balance_due(self) -> Decimal:
        """What is left to pay at handover (a car's price less its deposit)."""
        return self.total - self.amount_due


class OrderItem(Base):
    __tablename__ = "order_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = pk()
    order_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    item_type: Mapped[ItemType] = mapped_column(enum_type(ItemType, name="item_type", length=8))
    item_id: Mapped[int] = mapped_column(BigInteger)
    # Who fulfils the line: the part's vendor's user, or the car's owner.
    seller_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Money]
    line_total: Mapped[Money]
    fulfilled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fulfilled_by: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL")
    )
