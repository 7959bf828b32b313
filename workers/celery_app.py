"""The Celery app: RabbitMQ broker, JSON only, late acks, one message at a time.

Queues: ``notifications`` (sending: prefetch 1, so a slow provider never holds
messages another worker could send) and ``housekeeping`` (sweeps, CMS sync).
No result backend: tasks record their outcome in PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import beat_init
from kombu import Queue  # type: ignore[attr-defined]

from sidecar.config import Settings, get_settings
from workers.schedule import PERIODIC

NOTIFICATIONS = "notifications"
HOUSEKEEPING = "housekeeping"


def queue_names(settings: Settings) -> tuple[str, str]:
    """The (notifications, housekeeping) queue names of this deployment."""
    prefix = settings.celery_queue_prefix
    return f"{prefix}{NOTIFICATIONS}", f"{prefix}{HOUSEKEEPING}"


def create_celery(settings: Settings) -> Celery:
    notifications, housekeeping = queue_names(settings)
    app = Celery("gurumisha", broker=settings.broker_url, include=["workers.tasks"])
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        # Ack after the task ran, and requeue if the worker process dies mid-task:
        # delivery is at-least-once and the tasks are idempotent on the database.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_queues=(Queue(notifications), Queue(housekeeping)),
        task_default_queue=housekeeping,
        task_routes={
            "workers.tasks.deliver_outbox": {"queue": notifications},
            "workers.tasks.*": {"queue": housekeeping},
        },
        # A broker outage must not stall an API request: fail the publish fast and
        # let the outbox sweep re-publish.
        broker_connection_timeout=2,
        broker_connection_retry_on_startup=True,
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        broker_transport_options={"confirm_publish": True},
        worker_hijack_root_logger=False,
        timezone="UTC",
        beat_schedule={
            entry.name: {
                "task": entry.task,
                "schedule": entry.every_seconds,
                "args": list(entry.args),
            }
            for entry in PERIODIC
        },
    )
    return app


@beat_init.connect
def _run_start_up_tasks(sender: Any, **_: Any) -> None:
    """Beat (re)started, perhaps after downtime: queue the tasks marked ``at_start``."""
    for entry in PERIODIC:
        if entry.at_start:
            sender.app.send_task(entry.task, args=list(entry.args))


celery_app = create_celery(get_settings())
