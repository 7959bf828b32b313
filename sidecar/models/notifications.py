from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, created_at, enum_type, pk, updated_at


class Channel(StrEnum):
    WHATSAPP = "whatsapp"
    EMAIL = "email"


class NotificationStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    UNDELIVERABLE = "undeliverable"
    # Rendered and recorded but not sent, because the channel is not configured (the
    # embedded default); it says so rather than pretending to be "sent".
    LOGGED = "logged"


class Notification(Base):
    """One message on one channel; (outbox_id, channel) makes a send happen at most once."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("outbox_id", "channel"),
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = pk()
    outbox_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("outbox.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL")
    )
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, name="channel"))
    template: Mapped[str] = mapped_column(String(64))
    to_address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[NotificationStatus] = mapped_column(
        enum_type(NotificationStatus, name="status"), server_default="queued"
    )
    # Email Message-IDs can be long (RFC 5322 sets no short limit).
    provider_id: Mapped[str | None] = mapped_column(String(255), index=True)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
