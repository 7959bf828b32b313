"""Celery tasks: thin wrappers that take the process runtime and call domain code.

``JOBS`` maps each task name to the plain function behind it; the embedded
default (no broker) runs those functions in-process with the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import Task
from celery.signals import worker_process_init

from sidecar import jobs
from sidecar.log import get_logger
from sidecar.notifications.outbox import DELIVER_TASK
from sidecar.notifications.service import due_outbox_ids
from workers.celery_app import celery_app
from workers.delivery import RetryLater, backoff_seconds, deliver_outbox
from workers.runtime import Runtime, current_runtime

log = get_logger(__name__)


def run_deliver_outbox(runtime: Runtime, outbox_id: int) -> str:
    return deliver_outbox(runtime, outbox_id)


def run_sweep_outbox(runtime: Runtime) -> int:
    """Re-publishes outbox rows left undispatched (broker outage, lost task, crash)."""
    with runtime.db.transaction() as session:
        due = due_outbox_ids(
            session, older_than_seconds=runtime.settings.outbox_sweep_after_seconds
        )
    for outbox_id in due:
        jobs.publish(DELIVER_TASK, outbox_id)
    if due:
        log.info("outbox.swept", republished=len(due))
    return len(due)


@worker_process_init.connect
def _publish_through_celery(**_: Any) -> None:
    """In a worker process, jobs published by tasks (the sweep) go back to Celery."""
    jobs.install_runner(lambda name, args: celery_app.send_task(name, args=list(args)))


JOBS: dict[str, Callable[..., Any]] = {
    DELIVER_TASK: run_deliver_outbox,
    "workers.tasks.sweep_outbox": run_sweep_outbox,
}


@celery_app.task(name=DELIVER_TASK, bind=True, max_retries=None)
def deliver_outbox_task(self: Task, outbox_id: int) -> str:
    runtime = current_runtime()
    try:
        return run_deliver_outbox(runtime, outbox_id)
    except RetryLater as exc:
        settings = runtime.settings
        if self.request.retries + 1 >= settings.notification_max_attempts:
            log.warning("outbox.retries_exhausted", outbox_id=outbox_id)
            return "left for the sweep"
        countdown = backoff_seconds(
            self.request.retries + 1,
            base=settings.notification_retry_base_seconds,
            cap=settings.notification_retry_cap_seconds,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@celery_app.task(name="workers.tasks.sweep_outbox")
def sweep_outbox_task() -> int:
    return run_sweep_outbox(current_runtime())
