"""The inbox of inbound webhooks: every delivery becomes one ``webhook_events`` row.

Providers sign (or share a secret) but may deliver twice; so a delivery is inserted
with a unique ``(source, dedupe_key)`` and ON CONFLICT DO NOTHING, and its job is
queued only when the row is new. The job closes the row (``mark_processed``); a
sweep re-queues rows left open (``pending``). Domains own their sources' parsing and
processing (Strapi in ``sidecar.content``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar.core import clock
from sidecar.models import WebhookEvent


def record(
    session: Session,
    *,
    source: str,
    dedupe_key: str,
    event: str | None,
    payload: dict[str, Any],
    outcome: str | None = None,
) -> int | None:
    """Inserts a delivery once; returns its id, or None for a repeat.

    With ``outcome`` the row is recorded as already processed (nothing to do).
    """
    values: dict[str, Any] = {
        "source": source,
        "dedupe_key": dedupe_key,
        "event": event,
        "payload": payload,
    }
    if outcome is not None:
        values.update(processed_at=clock.utcnow(), outcome=outcome)
    return session.scalar(
        insert(WebhookEvent)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["source", "dedupe_key"])
        .returning(WebhookEvent.id)
    )


def mark_processed(session: Session, event: WebhookEvent, *, outcome: str) -> None:
    """Closes an inbox row with what processing did."""
    event.processed_at = clock.utcnow()
    event.outcome = outcome
    session.flush()


def pending(session: Session, *, source: str, older_than: timedelta, limit: int = 500) -> list[int]:
    """Deliveries of ``source`` still unprocessed after ``older_than`` (for the sweep)."""
    query = (
        select(WebhookEvent.id)
        .where(WebhookEvent.source == source)
        .where(WebhookEvent.processed_at.is_(None))
        .where(WebhookEvent.received_at < clock.utcnow() - older_than)
        .order_by(WebhookEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))
