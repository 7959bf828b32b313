from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sidecar.models.base import Base, created_at, enum_type, pk
from sidecar.models.parts import Part


class InquiryStatus(StrEnum):
    NEW = "new"
    RESPONDED = "responded"
    CLOSED = "closed"


class Inquiry(Base):
    __tablename__ = "inquiries"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_inquiries_user_id_created_at", "user_id", "created_at"),
        Index("ix_inquiries_part_id_created_at", "part_id", "created_at"),
    )

    id: Mapped[int] = pk()
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    part_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("parts.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(String(2000))
    status: Mapped[InquiryStatus] = mapped_column(
        enum_type(InquiryStatus, name="status"), server_default="new"
    )
    response_message: Mapped[str | None] = mapped_column(String(2000))
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    responded_by: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at()

    part: Mapped[Part] = relationship(lazy="raise")
