"""The process's Prometheus metrics (served at /metrics by the health domain)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
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
        )
        self.shed = Counter(
            "http_requests_shed_total",
            "Requests refused with 503 by admission control",
            ["reason"],
            registry=self.registry,
        )
        # The public read cache (sidecar/http/cache.py): answers from the cache ("hit"),
        # filled by this request ("miss"), or not cached while Redis fails ("bypass").
        self.cache = Counter(
            "http_cache_requests_total",
            "Anonymous public reads by what the cache did",
            ["result"],
            registry=self.registry,
        )
