from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base


class CmsSyncBookmark(Base):
    """Where the reconciliation of one content type may resume.

    The newest Strapi ``updatedAt`` the last pass saw, not max(cms_entries.updated_at):
    a webhook applied after a missed one would push that past the missed document,
    and the next pass would skip it.
    """

    __tablename__ = "cms_sync_bookmarks"

    uid: Mapped[str] = mapped_column(String(120), primary_key=True)
    updated_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    full: Mapped[bool] = mapped_column(Boolean, server_default="false")
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
