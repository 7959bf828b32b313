from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, created_at, pk


class MediaUpload(Base):
    """A storage key issued to a user; car images may only reference these.

    The upload form writes to the key's staging copy; ``stored_at`` says when the image
    was copied to the key itself, which happens once (``sidecar.media.service``).
    """

    __tablename__ = "media_uploads"

    id: Mapped[int] = pk()
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(300), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    max_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    stored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
