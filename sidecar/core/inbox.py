"""The inbox of inbound webhooks: every delivery becomes one ``webhook_events`` row.

Providers sign (or share a secret) but may deliver twice; so a delivery is inserted
with a unique ``(source, dedupe_key)`` and ON CONFLICT DO NOTHING, and its job is
queued only when the row is new. The job closes the row (``mark_processed``); a
sweep re-queues rows left open (``pending``). A delivery whose processing keeps
failing is not retried forever: each failure is counted (``record_failure``), the
sweep waits longer after each one, and after ``MAX_ATTEMPTS`` the row is closed as
failed (the Strapi reconciliation repairs what such a delivery was about). Domains
own their sources' parsing and processing (Strapi in ``sidecar.content``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar.core import clock
from sidecar.models import WebhookEvent

# A re-read failing this many times is given up: at the delays below that is about
# two hours of an outage, and the periodic reconciliation covers what it was about.
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=1)
FAILED = "failed"


def retry_delay(attempts: int) -> timedelta:
    """How long the sweep leaves a delivery alone after its ``attempts``-th failure."""
    return min(RETRY_CAP, RETRY_BASE * (1 << max(attempts - 1, 0)))


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


def record_failure(session: Session, event: WebhookEvent, *, error: str) -> bool:
    """Counts a failed processing attempt; returns True when the row was given up.

    Until then the sweep waits ``retry_delay(attempts)``; the last attempt closes the
    row with the outcome ``failed: <error>``.
    """
    now = clock.utcnow()
    event.attempts += 1
    if event.attempts >= MAX_ATTEMPTS:
        event.retry_at = None
        mark_processed(session, event, outcome=f"{FAILED}: {error}"[:200])
        return True
    event.retry_at = now + retry_delay(event.attempts)
    session.flush()
    return False


def pending(session: Session, *, source: str, older_than: timedelta, limit: int = 500) -> list[int]:
    """Deliveries of ``source`` still unprocessed after ``older_than`` and due again (for
    the sweep)."""
    now = clock.utcnow()
    query = (
        select(WebhookEvent.id)
        .where(WebhookEvent.source == source)
        .where(WebhookEvent.processed_at.is_(None))
        .where(WebhookEvent.received_at < now - older_than)
        .where(or_(WebhookEvent.retry_at.is_(None), WebhookEvent.retry_at <= now))
        .order_by(WebhookEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))
