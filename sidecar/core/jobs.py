"""Background jobs: the one registry of task names, and publishing after commit.

``Job`` names every task the platform runs; Celery registers its tasks under these
names (``workers.tasks``), routes them by ``Job.queue``, and beat runs ``PERIODIC``.
``enqueue(session, Job.X, *args)`` publishes once ``session`` commits (dropped on
rollback) through the runner the entry point installed: Celery when
CELERY_BROKER_URL is set, otherwise the in-process runner of the embedded default.
Publishing is the fast path only: what must not be lost (outbox rows, inbox rows) is
in the database, and a periodic sweep re-publishes anything a failed publish left.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from sidecar.core.database import after_commit
from sidecar.core.log import get_logger
from sidecar.core.settings import Settings

log = get_logger(__name__)

# Sending has its own queue (prefetch 1), so a slow provider never holds back sweeps.
NOTIFICATIONS_QUEUE = "notifications"
HOUSEKEEPING_QUEUE = "housekeeping"


class Job(StrEnum):
    DELIVER_OUTBOX = "workers.tasks.deliver_outbox"
    SWEEP_OUTBOX = "workers.tasks.sweep_outbox"
    PROCESS_STRAPI_EVENT = "workers.tasks.process_strapi_event"
    SWEEP_WEBHOOK_EVENTS = "workers.tasks.sweep_webhook_events"
    RECONCILE_CMS = "workers.tasks.reconcile_cms"
    REVALIDATE_FRONTEND = "workers.tasks.revalidate_frontend"
    EXPIRE_ORDERS = "workers.tasks.expire_orders"
    REFUND_ORDER = "workers.tasks.refund_order"
    PROCESS_PAYMENT_EVENT = "workers.tasks.process_payment_event"
    SWEEP_PAYMENTS = "workers.tasks.sweep_payments"
    CONFIRM_SIMULATED_PAYMENTS = "workers.tasks.confirm_simulated_payments"

    @property
    def queue(self) -> str:
        return NOTIFICATIONS_QUEUE if self is Job.DELIVER_OUTBOX else HOUSEKEEPING_QUEUE


@dataclass(frozen=True)
class Periodic:
    """A job beat runs every ``every`` seconds; ``in_process`` ones also run embedded,
    ``at_start`` ones also once as soon as beat starts.

    ``enabled`` leaves a job out of a deployment whose settings make it pointless.
    """

    name: str
    job: Job
    every: float
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    in_process: bool = False
    at_start: bool = False
    enabled: Callable[[Settings], bool] | None = None

    def runs_with(self, settings: Settings) -> bool:
        return self.enabled is None or self.enabled(settings)


PERIODIC: tuple[Periodic, ...] = (
    Periodic("sweep-outbox", Job.SWEEP_OUTBOX, 30.0, in_process=True),
    Periodic("sweep-webhooks", Job.SWEEP_WEBHOOK_EVENTS, 60.0, in_process=True),
    # Holds end within a minute of hold_expires_at (DESIGN: within 60 s).
    Periodic("expire-orders", Job.EXPIRE_ORDERS, 20.0, in_process=True),
    # Payments with no answer after PAYMENT_QUERY_AFTER_SECONDS are asked about, and
    # payment callbacks left unprocessed are re-queued.
    Periodic("sweep-payments", Job.SWEEP_PAYMENTS, 30.0, in_process=True),
    # Development only: simulated payments are confirmed a few seconds after they start.
    Periodic(
        "confirm-simulated-payments",
        Job.CONFIRM_SIMULATED_PAYMENTS,
        1.0,
        in_process=True,
        enabled=lambda settings: settings.payments_simulated,
    ),
    # Strapi drops webhooks it could not deliver: changes, unpublishes and deletes
    # are repaired every 15 minutes, and at start, after downtime.
    Periodic("reconcile-cms", Job.RECONCILE_CMS, 900.0, in_process=True, at_start=True),
    # Everything re-read: repairs a change a page shift made a pass skip.
    Periodic("reconcile-cms-full", Job.RECONCILE_CMS, 86400.0, {"full": True}, in_process=True),
)

Runner = Callable[[str, tuple[Any, ...]], None]
_runner: Runner | None = None


def install_runner(runner: Runner | None) -> Runner | None:
    """Sets how jobs are published; returns the previous runner."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def enqueue(session: Session, job: Job, *args: Any) -> None:
    """Publishes ``job`` with ``args`` once ``session`` commits; dropped on rollback."""
    after_commit(session, lambda: publish(job, *args))


def publish(job: Job, *args: Any) -> None:
    """Publishes now; a failure is logged, not raised: the sweep will pick the work up."""
    if _runner is None:
        log.debug("jobs.no_runner", task=str(job))  # e.g. seed-demo: the sweep sends it
        return
    try:
        _runner(str(job), args)
    except Exception as exc:  # the broker being down must not fail the request
        log.warning("jobs.publish_failed", task=str(job), error=str(exc))
