"""The transactional outbox: events that notify someone, written beside the change.

``emit`` inserts an outbox row in the caller's transaction (so the event exists if
and only if the change committed) and, after commit, publishes its delivery job.
Rows whose publish failed (broker down, process crash) are re-published by the
periodic sweep, so nothing is lost.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar.core import jobs
from sidecar.core.events import PAYLOADS, EventPayload
from sidecar.models import EventKind, OutboxMessage


def emit(
    session: Session, *, kind: EventKind, payload: EventPayload, dedupe_key: str
) -> int | None:
    """Records an event to deliver; a repeated ``dedupe_key`` is ignored (returns None)."""
    if not isinstance(payload, PAYLOADS[kind]):
        raise TypeError(f"{kind} carries {PAYLOADS[kind].__name__}, not {type(payload).__name__}")
    outbox_id = session.scalar(
        insert(OutboxMessage)
        .values(kind=kind, payload=payload.model_dump(mode="json"), dedupe_key=dedupe_key)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    if outbox_id is not None:
        jobs.enqueue(session, jobs.Job.DELIVER_OUTBOX, outbox_id)
    return outbox_id
