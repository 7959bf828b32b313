from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, created_at, pk


class MediaUpload(Base):
    """A storage key issued to a user; car images may only reference these."""

    __tablename__ = "media_uploads"

    id: Mapped[int] = pk()
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(300), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    max_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
