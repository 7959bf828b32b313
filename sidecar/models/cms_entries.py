from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, pk


class CmsEntry(Base):
    """The mirror of one published Strapi document in one locale."""

    __tablename__ = "cms_entries"
    __table_args__ = (UniqueConstraint("uid", "document_id", "locale"),)

    id: Mapped[int] = pk()
    uid: Mapped[str] = mapped_column(String(120))
    document_id: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(10), server_default="en")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
