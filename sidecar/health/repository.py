"""The database's questions of operations: does it answer (readiness), and how much
work waits in it (the metrics measured at scrape time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sidecar.core.database import Database
from sidecar.models.cms_sync_bookmarks import CmsSyncBookmark
from sidecar.models.notifications import Notification
from sidecar.models.outbox import OutboxMessage
from sidecar.models.payments import Payment, PaymentStatus
from sidecar.models.webhook_events import WebhookEvent


def database_status(db: Database) -> str:
    """ "ok", or "down: <error>" when a round trip fails."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


# --- the work in flight, as /metrics reports it (sidecar/health/operations.py) --------


@dataclass(frozen=True)
class Backlog:
    """Rows waiting, and how long the oldest has waited (0 when none wait)."""

    waiting: int
    oldest_seconds: float


def _age(column: Any) -> Any:
    """Seconds since the oldest value of ``column``, measured by the database's clock."""
    return func.coalesce(func.extract("epoch", func.now() - func.min(column)), 0)


def outbox_backlog(session: Session) -> Backlog:
    """Undispatched outbox rows (the partial index ix_outbox_undispatched)."""
    waiting, oldest = session.execute(
        select(func.count(), _age(OutboxMessage.created_at)).where(
            OutboxMessage.dispatched_at.is_(None)
        )
    ).one()
    return Backlog(int(waiting), float(oldest))


def inbox_backlogs(session: Session) -> dict[str, Backlog]:
    """Unprocessed inbound webhooks by source (ix_webhook_events_unprocessed)."""
    rows = session.execute(
        select(WebhookEvent.source, func.count(), _age(WebhookEvent.received_at))
        .where(WebhookEvent.processed_at.is_(None))
        .group_by(WebhookEvent.source)
    )
    return {source: Backlog(int(waiting), float(oldest)) for source, waiting, oldest in rows}


def notification_counts(session: Session) -> list[tuple[str, str, int]]:
    """(channel, status, rows) over every notification."""
    rows = session.execute(
        select(Notification.channel, Notification.status, func.count()).group_by(
            Notification.channel, Notification.status
        )
    )
    return [(str(channel), str(status), int(count)) for channel, status, count in rows]


def payment_counts(session: Session) -> list[tuple[str, str, int]]:
    """(provider, status, rows) over every payment attempt."""
    rows = session.execute(
        select(Payment.provider, Payment.status, func.count()).group_by(
            Payment.provider, Payment.status
        )
    )
    return [(str(provider), str(status), int(count)) for provider, status, count in rows]


def initiated_payments(session: Session) -> dict[str, Backlog]:
    """Attempts still initiated by provider (ix_payments_initiated_created_at)."""
    rows = session.execute(
        select(Payment.provider, func.count(), _age(Payment.created_at))
        .where(Payment.status == PaymentStatus.INITIATED)
        .group_by(Payment.provider)
    )
    return {str(p): Backlog(int(waiting), float(oldest)) for p, waiting, oldest in rows}


def cms_sync_ages(session: Session) -> dict[str, float]:
    """Seconds since each content type's last reconciliation pass."""
    rows = session.execute(
        select(CmsSyncBookmark.uid, func.extract("epoch", func.now() - CmsSyncBookmark.synced_at))
    )
    return {uid: float(age) for uid, age in rows}
