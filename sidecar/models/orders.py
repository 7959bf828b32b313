from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sidecar.models.base import Base, Money, created_at, enum_type, pk, updated_at


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    CANCELLED = "cancelled"
    FULFILLED = "fulfilled"


class PaymentMethod(StrEnum):
    MPESA = "mpesa"
    CARD = "card"
    CASH = "cash"


class ItemType(StrEnum):
    CAR = "car"
    PART = "part"


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = pk()
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[OrderStatus] = mapped_column(
        enum_type(OrderStatus, name="status"), server_default="pending"
    )
    payment_method: Mapped[PaymentMethod] = mapped_column(
        enum_type(PaymentMethod, name="payment_method", length=8)
    )
    total: Mapped[Money]
    currency: Mapped[str] = mapped_column(String(3), server_default="KES")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    items: Mapped[list[OrderItem]] = relationship(lazy="raise", order_by="OrderItem.id")


class OrderItem(Base):
    __tablename__ = "order_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = pk()
    order_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    item_type: Mapped[ItemType] = mapped_column(enum_type(ItemType, name="item_type", length=8))
    item_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Money]
    line_total: Mapped[Money]
