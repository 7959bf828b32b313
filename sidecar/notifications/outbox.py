"""The transactional outbox: events that notify someone, written beside the change.

``emit`` inserts an outbox row in the caller's transaction (so the event exists if
and only if the change committed) and asks for it to be published after commit.
The publisher is installed by the process that runs delivery (Celery producer, or
in-process tasks in the embedded default); rows it never publishes are picked up
by the periodic sweep, so nothing is lost when the broker is down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar.db import after_commit
from sidecar.models import OutboxMessage

Publisher = Callable[[int], None]
_publisher: Publisher | None = None


def install_publisher(publisher: Publisher | None) -> None:
    """Sets what happens to an outbox id once its transaction committed."""
    global _publisher
    _publisher = publisher


def emit(session: Session, *, kind: str, payload: dict[str, Any], dedupe_key: str) -> int | None:
    """Records an event to deliver; a repeated ``dedupe_key`` is ignored (returns None)."""
    outbox_id = session.scalar(
        insert(OutboxMessage)
        .values(kind=kind, payload=payload, dedupe_key=dedupe_key)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    if outbox_id is not None:
        after_commit(session, lambda: _publish(outbox_id))
    return outbox_id


def _publish(outbox_id: int) -> None:
    if _publisher is not None:
        _publisher(outbox_id)
