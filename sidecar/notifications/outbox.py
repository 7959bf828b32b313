"""The transactional outbox: events that notify someone, written beside the change.

``emit`` inserts an outbox row in the caller's transaction (so the event exists if
and only if the change committed) and, after commit, publishes its delivery task.
Rows whose publish failed (broker down, process crash) are re-published by the
periodic sweep, so nothing is lost.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar import jobs
from sidecar.models import OutboxMessage

DELIVER_TASK = "workers.tasks.deliver_outbox"


def emit(session: Session, *, kind: str, payload: dict[str, Any], dedupe_key: str) -> int | None:
    """Records an event to deliver; a repeated ``dedupe_key`` is ignored (returns None)."""
    outbox_id = session.scalar(
        insert(OutboxMessage)
        .values(kind=kind, payload=payload, dedupe_key=dedupe_key)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    if outbox_id is not None:
        jobs.enqueue(session, DELIVER_TASK, outbox_id)
    return outbox_id
