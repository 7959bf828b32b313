"""The work waiting in PostgreSQL, measured when /metrics is scraped.

Measured at scrape time rather than counted by whichever process did the work: the
outbox, the inbox, notifications and payments are changed by API processes, Celery
workers and beat alike, and only the database sees all of them. The worker's sweep
could publish the numbers instead, but then they would be as old as the last sweep
and missing whenever beat is down, which is when they matter. Each query uses a
partial index or a small GROUP BY, runs under a short statement timeout, and
``MeasuredSource`` (sidecar/http/metrics.py) caches the answer and bounds the wait,
so a scrape costs at most one round of queries per process per TTL and never hangs
on a database that is down (``gurumisha_metrics_source_up{source="database"}`` is 0).

Every pod reports the same database-wide numbers: the alert rules and dashboards
take ``max`` across pods, never ``sum``.
"""

from __future__ import annotations

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from sqlalchemy import text

from sidecar.core.database import Database
from sidecar.health import repository
from sidecar.models.notifications import Channel, NotificationStatus
from sidecar.models.payments import PaymentProvider, PaymentStatus

# Under the MeasuredSource deadline (2 s): a slow query is cancelled by the server.
STATEMENT_TIMEOUT_MS = 1500


def measure_database(db: Database) -> list[Metric]:
    """Every database-wide metric, in one read-only transaction."""
    with db.sessionmaker() as session, session.begin():
        session.execute(text("SET TRANSACTION READ ONLY"))
        session.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
        outbox = repository.outbox_backlog(session)
        inboxes = repository.inbox_backlogs(session)
        notifications = repository.notification_counts(session)
        payments = repository.payment_counts(session)
        initiated = repository.initiated_payments(session)
        cms = repository.cms_sync_ages(session)

    outbox_waiting = GaugeMetricFamily(
        "gurumisha_outbox_undispatched", "Outbox events not yet dispatched"
    )
    outbox_waiting.add_metric([], outbox.waiting)
    outbox_age = GaugeMetricFamily(
        "gurumisha_outbox_oldest_undispatched_age_seconds",
        "Age of the oldest undispatched outbox event (0 when none wait)",
    )
    outbox_age.add_metric([], outbox.oldest_seconds)

    inbox_waiting = GaugeMetricFamily(
        "gurumisha_webhook_inbox_unprocessed",
        "Inbound webhooks recorded and not yet processed, by source",
        labels=["source"],
    )
    inbox_age = GaugeMetricFamily(
        "gurumisha_webhook_inbox_oldest_unprocessed_age_seconds",
        "Age of the oldest unprocessed inbound webhook, by source",
        labels=["source"],
    )
    for source, backlog in sorted(inboxes.items()):
        inbox_waiting.add_metric([source], backlog.waiting)
        inbox_age.add_metric([source], backlog.oldest_seconds)

    by_outcome = GaugeMetricFamily(
        "gurumisha_notifications",
        "Notifications by channel and current status (failed and undeliverable are final)",
        labels=["channel", "status"],
    )
    counted = {(channel, status): count for channel, status, count in notifications}
    for channel in Channel:
        for notification_status in NotificationStatus:
            key = (str(channel), str(notification_status))
            by_outcome.add_metric(list(key), counted.get(key, 0))

    by_payment = GaugeMetricFamily(
        "gurumisha_payments",
        "Payment attempts by provider and current status",
        labels=["provider", "status"],
    )
    paid = {(provider, status): count for provider, status, count in payments}
    initiated_age = GaugeMetricFamily(
        "gurumisha_payments_initiated_oldest_age_seconds",
        "Age of the oldest payment attempt still initiated, by provider (0 when none)",
        labels=["provider"],
    )
    for provider in PaymentProvider:
        for payment_status in PaymentStatus:
            key = (str(provider), str(payment_status))
            by_payment.add_metric(list(key), paid.get(key, 0))
        waiting = initiated.get(str(provider))
        initiated_age.add_metric([str(provider)], waiting.oldest_seconds if waiting else 0.0)

    cms_age = GaugeMetricFamily(
        "gurumisha_cms_sync_age_seconds",
        "Seconds since the last reconciliation pass with Strapi, by content type",
        labels=["content_type"],
    )
    for uid, age in sorted(cms.items()):
        cms_age.add_metric([uid], age)

    return [
        outbox_waiting,
        outbox_age,
        inbox_waiting,
        inbox_age,
        by_outcome,
        by_payment,
        initiated_age,
        cms_age,
    ]
