"""The Celery app: RabbitMQ broker, JSON only, late acks, one message at a time.

Queues: ``notifications`` (sending: prefetch 1, so a slow provider never holds
messages another worker could send) and ``housekeeping`` (sweeps, CMS sync).
No result backend: tasks record their outcome in PostgreSQL.
"""

from __future__ import annotations

from celery import Celery
from kombu import Queue  # type: ignore[attr-defined]

from sidecar.core.jobs import HOUSEKEEPING_QUEUE, NOTIFICATIONS_QUEUE, PERIODIC, Job
from sidecar.core.settings import Settings, get_settings


def queue_names(settings: Settings) -> tuple[str, str]:
    """The (notifications, housekeeping) queue names of this deployment."""
    prefix = settings.celery_queue_prefix
    return f"{prefix}{NOTIFICATIONS_QUEUE}", f"{prefix}{HOUSEKEEPING_QUEUE}"


def create_celery(settings: Settings) -> Celery:
    prefix = settings.celery_queue_prefix
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
        task_routes={str(job): {"queue": f"{prefix}{job.queue}"} for job in Job},
        # A broker outage must not stall an API request: fail the publish fast and
        # let the outbox sweep re-publish.
        broker_connection_timeout=2,
        broker_connection_retry_on_startup=True,
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        broker_transport_options={"confirm_publish": True},
        worker_hijack_root_logger=False,
        timezone="UTC",
        beat_schedule={
            periodic.name: {
                "task": str(periodic.job),
                "schedule": periodic.every,
                "kwargs": dict(periodic.kwargs),
            }
            for periodic in PERIODIC
        },
    )
    return app


celery_app = create_celery(get_settings())
