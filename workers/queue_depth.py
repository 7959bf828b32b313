"""How many Celery messages wait in each of the worker's queues, asked of RabbitMQ.

A passive ``queue.declare`` returns the broker's own count of ready messages and of
consumers, without creating or changing the queue. It is asked when /metrics is
scraped (through ``MeasuredSource``: cached, bounded by a deadline), not counted by
the worker: a worker sees only the messages it has fetched, and a stopped or stuck
worker, when the queue grows, is exactly the one that cannot report. A queue the
broker does not know yet (no worker has declared it) holds nothing: reported as 0.
"""

from __future__ import annotations

from typing import Any

from kombu import Connection  # type: ignore[attr-defined]
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from sidecar.core.settings import Settings
from workers.celery_app import queue_names

CONNECT_TIMEOUT_SECONDS = 1.0


def measure_queues(settings: Settings) -> list[Metric]:
    """``celery_queue_messages`` and ``celery_queue_consumers`` for each queue."""
    messages = GaugeMetricFamily(
        "celery_queue_messages", "Messages ready in the Celery queue", labels=["queue"]
    )
    consumers = GaugeMetricFamily(
        "celery_queue_consumers", "Consumers of the Celery queue", labels=["queue"]
    )
    broker = Connection(settings.broker_url, connect_timeout=CONNECT_TIMEOUT_SECONDS)  # type: ignore[no-untyped-call]
    with broker as connection:
        connection.ensure_connection(max_retries=1)
        for queue in queue_names(settings):
            ready, consuming = _declare_passive(connection, queue)
            messages.add_metric([queue], ready)
            consumers.add_metric([queue], consuming)
    return [messages, consumers]


def _declare_passive(connection: Any, queue: str) -> tuple[int, int]:
    channel = connection.channel()
    try:
        _, ready, consuming = channel.queue_declare(queue=queue, passive=True)
    except connection.channel_errors as exc:
        if getattr(exc, "code", None) == 404:  # NOT_FOUND: never declared
            return 0, 0
        raise
    finally:
        channel.close()  # after a 404 the broker closed it already: a no-op
    return int(ready), int(consuming)
