"""Admission control (sidecar/http/admission.py): bounded in flight, a short FIFO
wait, then 503 with Retry-After; probes and sign-in never counted."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from prometheus_client import generate_latest

from sidecar.app import create_app
from sidecar.http.admission import AdmissionMiddleware
from sidecar.http.metrics import Metrics
from tests.conftest import make_settings


class Gate:
    """A stand-in endpoint that answers only when let through, recording the order."""

    def __init__(self) -> None:
        self.entered: list[str] = []
        self.open: dict[str, asyncio.Event] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        name = scope["query_string"].decode()
        self.entered.append(name)
        await self.open.setdefault(name, asyncio.Event()).wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    def let_through(self, name: str) -> None:
        self.open.setdefault(name, asyncio.Event()).set()


async def _call(app: Any, name: str, path: str = "/v1/cars") -> tuple[int, dict[bytes, bytes]]:
    answer: dict[str, Any] = {}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = dict(message["headers"])

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "path": path, "method": "GET", "query_string": name.encode()}
    await app(scope, receive, send)
    return answer["status"], answer["headers"]


def _admission(gate: Gate, metrics: Metrics, **options: Any) -> AdmissionMiddleware:
    values = {"max_in_flight": 1, "queue_limit": 10, "queue_timeout": 5.0} | options
    return AdmissionMiddleware(gate, metrics=metrics, **values)


def _sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_waiting_requests_are_admitted_first_come_first_served() -> None:
    async def scenario() -> None:
        gate, metrics = Gate(), Metrics()
        app = _admission(gate, metrics)
        calls = [asyncio.create_task(_call(app, name)) for name in ("a", "b", "c")]
        await _settle()
        assert gate.entered == ["a"]
        assert _sample(metrics, "http_requests_in_flight") == 1
        for name in ("c", "b", "a"):  # c is ready first, but b waited longer
            gate.let_through(name)
        results = await asyncio.gather(*calls)
        assert gate.entered == ["a", "b", "c"]
        assert [status for status, _ in results] == [200, 200, 200]
        assert _sample(metrics, "http_requests_in_flight") == 0

    asyncio.run(scenario())


def test_a_full_queue_refuses_at_once_with_503_and_retry_after() -> None:
    async def scenario() -> None:
        gate, metrics = Gate(), Metrics()
        app = _admission(gate, metrics, queue_limit=1)
        first = asyncio.create_task(_call(app, "a"))
        queued = asyncio.create_task(_call(app, "b"))
        await _settle()
        status, headers = await asyncio.wait_for(_call(app, "c"), timeout=1)
        assert status == 503
        assert headers[b"retry-after"] == b"1"
        assert headers[b"content-type"] == b"application/problem+json"
        assert _sample(metrics, "http_requests_shed_total", reason="queue_full") == 1
        gate.let_through("a")
        gate.let_through("b")
        assert [s for s, _ in await asyncio.gather(first, queued)] == [200, 200]

    asyncio.run(scenario())


def test_a_request_waits_at_most_the_queue_timeout_then_the_slot_is_still_whole() -> None:
    async def scenario() -> None:
        gate, metrics = Gate(), Metrics()
        app = _admission(gate, metrics, queue_timeout=0.05)
        first = asyncio.create_task(_call(app, "a"))
        await _settle()
        status, _ = await _call(app, "b")
        assert status == 503
        assert _sample(metrics, "http_requests_shed_total", reason="queue_timeout") == 1
        gate.let_through("a")
        await first
        # The load is gone: the next request goes straight in.
        gate.let_through("c")
        assert await asyncio.wait_for(_call(app, "c"), timeout=1) == (200, {})
        assert gate.entered == ["a", "c"]

    asyncio.run(scenario())


def test_a_waiting_client_that_goes_away_gives_up_its_place() -> None:
    async def scenario() -> None:
        gate, metrics = Gate(), Metrics()
        app = _admission(gate, metrics)
        first = asyncio.create_task(_call(app, "a"))
        await _settle()
        gone = asyncio.create_task(_call(app, "b"))
        await _settle()
        gone.cancel()
        await _settle()
        gate.let_through("a")
        await first
        gate.let_through("c")
        assert (await asyncio.wait_for(_call(app, "c"), timeout=1))[0] == 200
        gate.let_through("d")
        assert (await asyncio.wait_for(_call(app, "d"), timeout=1))[0] == 200
        assert "b" not in gate.entered

    asyncio.run(scenario())


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/v1/auth/login"])
def test_probes_metrics_and_sign_in_are_never_held_back(path: str) -> None:
    async def scenario() -> None:
        gate, metrics = Gate(), Metrics()
        app = _admission(gate, metrics, queue_limit=0)
        first = asyncio.create_task(_call(app, "a"))
        await _settle()
        gate.let_through("probe")
        assert (await asyncio.wait_for(_call(app, "probe", path), timeout=1))[0] == 200
        gate.let_through("a")
        await first

    asyncio.run(scenario())


def test_the_app_sheds_with_a_problem_document_cors_headers_and_metrics(database_url, db):
    settings = make_settings(
        database_url, admission_max_in_flight=1, admission_queue_limit=0, public_cache_seconds=0
    )
    app = create_app(settings, database=db, job_runner=lambda name, args: None)
    middleware = _find_admission(app)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            middleware._free = 0  # one request is being served
            origin = {"Origin": settings.cors_origins[0]}
            shed = await client.get("/v1/cars", headers=origin)
            health = await client.get("/healthz")
            middleware._free = 1  # ...and is done
            served = await client.get("/v1/cars", headers=origin)
            return [shed, health, served]

    shed, health, served = asyncio.run(scenario())
    assert shed.status_code == 503
    assert shed.headers["retry-after"] == "1"
    assert shed.headers["access-control-allow-origin"] == settings.cors_origins[0]
    assert shed.json()["status"] == 503
    assert health.status_code == 200
    assert served.status_code == 200
    exposed = generate_latest(app.state.metrics.registry).decode()
    assert 'http_requests_shed_total{reason="queue_full"} 1.0' in exposed
    assert "http_requests_in_flight 0.0" in exposed


def _find_admission(app: Any) -> AdmissionMiddleware:
    app.middleware_stack = layer = app.build_middleware_stack()
    while not isinstance(layer, AdmissionMiddleware):
        layer = layer.app
    return layer
