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

    @property
    def queue(self) -> str:
        return NOTIFICATIONS_QUEUE if self is Job.DELIVER_OUTBOX else HOUSEKEEPING_QUEUE


@dataclass(frozen=True)
class Periodic:
    """A job beat runs every ``every`` seconds; ``in_process`` ones also run embedded."""

    name: str
    job: Job
    every: float
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    in_process: bool = False


PERIODIC: tuple[Periodic, ...] = (
    Periodic("sweep-outbox", Job.SWEEP_OUTBOX, 30.0, in_process=True),
    Periodic("sweep-webhooks", Job.SWEEP_WEBHOOK_EVENTS, 60.0, in_process=True),
    Periodic("reconcile-cms", Job.RECONCILE_CMS, 900.0),
    # Only a full pass sees deletions Strapi never announced.
    Periodic("reconcile-cms-full", Job.RECONCILE_CMS, 86400.0, {"full": True}),
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
        log.info("jobs.no_runner", task=str(job))
        return
    try:
        _runner(str(job), args)
    except Exception as exc:  # the broker being down must not fail the request
        log.warning("jobs.publish_failed", task=str(job), error=str(exc))
