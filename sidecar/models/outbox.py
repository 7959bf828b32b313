from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, created_at, enum_type, pk


class EventKind(StrEnum):
    """What happened; each kind has one payload model (sidecar.core.events)."""

    CAR_APPROVED = "car.approved"
    CAR_REJECTED = "car.rejected"
    IMPORT_STATUS_CHANGED = "import.status_changed"
    INQUIRY_CREATED = "inquiry.created"
    INQUIRY_RESPONDED = "inquiry.responded"
    VENDOR_APPROVED = "vendor.approved"


class OutboxMessage(Base):
    """An event to deliver, written in the same transaction as the change it reports."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The sweep looks only at undispatched rows: keep that index tiny.
        Index(
            "ix_outbox_undispatched",
            "created_at",
            postgresql_where=text("dispatched_at IS NULL"),
        ),
    )

    id: Mapped[int] = pk()
    # No CHECK: kinds grow with the code, and old rows must stay readable.
    kind: Mapped[EventKind] = mapped_column(
        enum_type(EventKind, name="kind", length=64, check=False)
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = created_at()
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
