"""The process's Prometheus metrics (served at /metrics by the health domain).

Under ``gurumisha serve --workers N`` each server process is a separate interpreter,
and a scrape reaches only one of them. ``serve`` then sets PROMETHEUS_MULTIPROC_DIR
(before any worker imports prometheus_client), every process writes its values to
memory-mapped files there, and a scrape merges all of them (prometheus_client's
multiprocess mode). Counters and histograms add up across processes; each gauge says
how it combines (``multiprocess_mode``): "livesum" adds the live processes' values.

Some values are not counted by the process at all but measured when scraped (the
outbox backlog in PostgreSQL, the queue depth in RabbitMQ): ``MeasuredCollector``
bounds each such measurement by a deadline and caches it, so a scrape never hangs or
fails because what it measures is down.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from sqlalchemy import Engine, event

from sidecar.core import clock

MULTIPROC_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
SHED_REASONS = ("queue_full", "queue_timeout")
CACHE_RESULTS = ("hit", "miss", "bypass")


def multiprocess_enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_DIR_VARIABLE))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.measured = MeasuredSources()
        self.registry.register(self.measured)
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.errors = Counter(
            "http_request_errors_total",
            "Responses with a 5xx status",
            ["route"],
            registry=self.registry,
        )
        # Admission control (sidecar/http/admission.py): requests being handled now, and
        # those refused with 503 because the process was full ("queue_full") or a request
        # waited too long for a slot ("queue_timeout").
        self.in_flight = Gauge(
            "http_requests_in_flight",
            "Requests admitted and not yet answered",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.shed = Counter(
            "http_requests_shed_total",
            "Requests refused with 503 by admission control",
            ["reason"],
            registry=self.registry,
        )
        for reason in SHED_REASONS:  # a series from the start, so rate() sees the first
            self.shed.labels(reason)
        # The public read cache (sidecar/http/cache.py): answers from the cache ("hit"),
        # filled by this request ("miss"), or not cached while Redis fails ("bypass").
        self.cache = Counter(
            "http_cache_requests_total",
            "Anonymous public reads by what the cache did",
            ["result"],
            registry=self.registry,
        )
        for result in CACHE_RESULTS:
            self.cache.labels(result)
        # One series per live server process (the pid label in multiprocess mode): how
        # many processes a pod runs, and when each started.
        self.process_start = Gauge(
            "gurumisha_server_process_start_time_seconds",
            "When this server process started (Unix time)",
            registry=self.registry,
            multiprocess_mode="liveall",
        )
        self.process_start.set(time.time())
        # bcrypt's capped slots (sidecar/core/security.py): in use / capacity is the
        # saturation; a timeout is a login or registration refused with 429.
        self.hash_slots_in_use = Gauge(
            "gurumisha_password_hash_slots_in_use",
            "Password hashing slots in use",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.hash_slots = Gauge(
            "gurumisha_password_hash_slots",
            "Password hashing slots (capacity)",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.hash_slot_timeouts = Counter(
            "gurumisha_password_hash_slot_timeouts_total",
            "Password checks refused because no hashing slot freed up in time",
            registry=self.registry,
        )
        self.db_pool_in_use = Gauge(
            "gurumisha_db_pool_connections_in_use",
            "Database connections checked out of the pool",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.db_pool_capacity = Gauge(
            "gurumisha_db_pool_connections_max",
            "Database connections the pool may open (pool size + overflow)",
            registry=self.registry,
            multiprocess_mode="livesum",
        )

    # sidecar.core.security.SlotGauges
    def slots_taken(self, delta: int) -> None:
        self.hash_slots_in_use.inc(delta)

    def slot_refused(self) -> None:
        self.hash_slot_timeouts.inc()

    def watch_pool(self, engine: Engine, *, capacity: int) -> Callable[[], None]:
        """Counts the engine's checked-out connections; returns the undo."""

        def checkout(*_: Any) -> None:
            self.db_pool_in_use.inc()

        def checkin(*_: Any) -> None:
            self.db_pool_in_use.dec()

        self.db_pool_capacity.set(capacity)
        event.listen(engine, "checkout", checkout)
        event.listen(engine, "checkin", checkin)

        def unwatch() -> None:
            event.remove(engine, "checkout", checkout)
            event.remove(engine, "checkin", checkin)

        return unwatch

    def exposition(self) -> bytes:
        """The text a scrape gets: every process's metrics in multiprocess mode."""
        if not multiprocess_enabled():
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(self.measured)
        return generate_latest(registry)

    @staticmethod
    def process_exited() -> None:
        """Drops this process's "live" gauges from the shared files (a clean exit)."""
        if multiprocess_enabled():
            multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


class MeasuredSource:
    """Metrics measured by ``measure`` at most every ``ttl`` seconds, each measurement
    bounded by ``deadline`` seconds.

    The measurement runs on a thread of its own; a scrape waits for it at most the
    deadline, then answers with what it has. One measurement runs at a time, so a
    hung database holds one thread, not one per scrape. When the last measurement
    failed or is overdue the source is down and its metrics are left out rather than
    shown stale.
    """

    def __init__(
        self,
        name: str,
        measure: Callable[[], list[Metric]],
        *,
        ttl: float = 15.0,
        deadline: float = 2.0,
    ) -> None:
        self.name = name
        self.measure = measure
        self.ttl = ttl
        self.deadline = deadline
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._running: Future[list[Metric]] | None = None
        self._last: list[Metric] = []
        self._measured_at = -1e9
        self._up = False

    def current(self) -> tuple[bool, list[Metric]]:
        """(up, metrics), measuring first when the last measurement is too old."""
        with self._lock:
            running = None
            if clock.monotonic() - self._measured_at >= self.ttl:
                if self._running is None:
                    if self._executor is None:  # first use, or used again after close()
                        self._executor = ThreadPoolExecutor(
                            max_workers=1, thread_name_prefix=f"measure-{self.name}"
                        )
                    self._running = self._executor.submit(self.measure)
                running = self._running
        if running is not None:
            try:
                result = running.result(timeout=self.deadline)
            except FutureTimeout:
                self._up = False  # still running: a later scrape collects its result
            except Exception:  # whatever failed, the scrape still answers
                self._finish(running, None)
            else:
                self._finish(running, result)
        return self._up, (self._last if self._up else [])

    def _finish(self, running: Future[list[Metric]], result: list[Metric] | None) -> None:
        with self._lock:
            if self._running is running:
                self._running = None
            self._measured_at = clock.monotonic()
            self._up = result is not None
            self._last = result or []

    def close(self) -> None:
        with self._lock:
            executor, self._executor, self._running = self._executor, None, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


class MeasuredSources:
    """The registry's collector of every ``MeasuredSource``, with one
    ``gurumisha_metrics_source_up{source}`` family saying which answered."""

    def __init__(self) -> None:
        self.sources: list[MeasuredSource] = []

    def add(self, source: MeasuredSource) -> None:
        self.sources.append(source)

    def describe(self) -> Iterable[Metric]:
        return []  # measured lazily: nothing to touch at registration

    def collect(self) -> Iterator[Metric]:
        if not self.sources:
            return
        up = GaugeMetricFamily(
            "gurumisha_metrics_source_up",
            "Whether the last scrape-time measurement of this source succeeded",
            labels=["source"],
        )
        measured: list[Metric] = []
        for source in self.sources:
            ok, metrics = source.current()
            up.add_metric([source.name], 1.0 if ok else 0.0)
            measured.extend(metrics)
        yield up
        yield from measured

    def close(self) -> None:
        for source in self.sources:
            source.close()
