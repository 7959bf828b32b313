"""Queries of the media domain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.models import MediaUpload


def keys_issued_to(session: Session, *, user_id: int, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` were issued to ``user_id``."""
    return set(
        session.scalars(
            select(MediaUpload.key).where(
                MediaUpload.user_id == user_id, MediaUpload.key.in_(list(keys))
            )
        )
    )
