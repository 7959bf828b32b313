"""Queries of the media domain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.models import MediaUpload


def issued_for_update(
    session: Session, *, user_id: int, keys: Sequence[str]
) -> dict[str, MediaUpload]:
    """Those of ``keys`` issued to ``user_id``, by key; locked, in id order (no deadlocks)."""
    uploads = session.scalars(
        select(MediaUpload)
        .where(MediaUpload.user_id == user_id, MediaUpload.key.in_(list(keys)))
        .order_by(MediaUpload.id)
        .with_for_update()
    )
    return {upload.key: upload for upload in uploads}
