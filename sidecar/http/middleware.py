"""The HTTP edge, as plain ASGI middleware (no per-request BaseHTTPMiddleware cost).

EdgeMiddleware: request id (echoed in X-Request-ID), client address, JSON access
log, latency histogram by route template, and the body size limit (413).
RateLimitMiddleware: the per-IP limits of sidecar.http.ratelimit, with RateLimit headers.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Mapping, Sequence

import orjson
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sidecar.core.context import RequestContext, reset_request_context, set_request_context
from sidecar.core.errors import PROBLEM_JSON, RequestTimeout, problem
from sidecar.core.log import get_logger
from sidecar.core.settings import IPNetwork
from sidecar.http.client_ip import resolve_client_ip
from sidecar.http.metrics import Metrics
from sidecar.http.ratelimit import Decision, Limiter

log = get_logger("sidecar.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Probes, and webhooks that authenticate themselves (a bulk publish in Strapi can
# send hundreds a minute from one address; a 429 there would lose the hint).
_UNLIMITED_PATHS = frozenset(
    {"/healthz", "/readyz", "/metrics", "/v1/webhooks/strapi", "/v1/webhooks/twilio/status"}
)
# Sign-in and registration: their own rate limit here, their own hashing slots (and no
# admission slot, sidecar/http/admission.py).
AUTH_PATHS = frozenset({"/v1/auth/login", "/v1/auth/register"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def send_problem(
    send: Send, status: int, detail: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    body = orjson.dumps(problem(status, detail))
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class EdgeMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics,
        trusted_proxies: Sequence[IPNetwork],
        max_body_bytes: int,
        body_limits: Mapping[str, int] | None = None,
        body_timeout: float = 60.0,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.trusted_proxies = trusted_proxies
        self.max_body_bytes = max_body_bytes
        self.body_limits = dict(body_limits or {})
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming_id = _header(scope, b"x-request-id")
        request_id = (
            incoming_id if incoming_id and _REQUEST_ID.match(incoming_id) else uuid.uuid4().hex
        )
        peer = scope["client"][0] if scope.get("client") else None
        client_ip = resolve_client_ip(
            peer, _header(scope, b"x-forwarded-for"), self.trusted_proxies
        )
        scope.setdefault("state", {})["client_ip"] = client_ip
        status_holder = {"status": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = 1
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        token = set_request_context(RequestContext(request_id=request_id, client_ip=client_ip))
        structlog.contextvars.bind_contextvars(request_id=request_id)
        limit = self.body_limits.get(scope["path"], self.max_body_bytes)
        if scope["method"] in _BODY_METHODS:
            receive = _with_deadline(receive, self.body_timeout)
        try:
            declared = _header(scope, b"content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                status = 413 if declared.isdigit() else 400
                await send_problem(
                    send_with_id,
                    status,
                    f"The request body may be at most {limit} bytes."
                    if status == 413
                    else "Invalid Content-Length header.",
                )
                return
            if declared is None and _has_body(scope):
                # Chunked upload: buffer up to the limit, so the 413 is ours and early.
                buffered = await _read_body(receive, limit)
                if buffered is None:
                    await send_problem(
                        send_with_id, 413, f"The request body may be at most {limit} bytes."
                    )
                    return
                receive = _replay(buffered, receive)
            await self.app(scope, receive, send_with_id)
        except RequestTimeout as slow:
            # A body trickling in ties up a connection and a request slot: give up.
            # (Read by the app, the app's error handler has answered already.)
            if not status_holder.get("started"):
                await send_problem(send_with_id, 408, slow.detail)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            status = status_holder["status"]
            self.metrics.latency.labels(scope["method"], template, str(status)).observe(elapsed)
            if status >= 500:
                self.metrics.errors.labels(template).inc()
            # ECS names (sidecar/core/log.py); the route template is OpenTelemetry's.
            log.info(
                "http.request",
                **{
                    "http.request.method": scope["method"],
                    "url.path": _loggable_path(scope["path"], route, template),
                    "http.route": template,
                    "http.response.status_code": status,
                    "event.duration": round(elapsed * 1e9),
                    "client.ip": client_ip,
                },
            )
            structlog.contextvars.unbind_contextvars("request_id")
            reset_request_context(token)


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _with_deadline(receive: Receive, seconds: float) -> Receive:
    """``receive`` that raises RequestTimeout (408) once the body has taken over
    ``seconds``; after its last part (waiting for a disconnect) there is no deadline."""
    deadline = time.monotonic() + seconds
    complete = False

    async def receive_in_time() -> Message:
        nonlocal complete
        if complete:
            return await receive()
        try:
            async with asyncio.timeout(max(deadline - time.monotonic(), 0)):
                message = await receive()
        except TimeoutError:
            raise RequestTimeout(
                f"The request body did not arrive within {seconds:g} seconds."
            ) from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            complete = True
        return message

    return receive_in_time


# Path parameters that are credentials (M-Pesa's callback URL carries its token): the
# log shows the route template for those paths, never the value.
_SECRET_PATH_PARAMS = frozenset({"token"})


def _loggable_path(path: str, route: object, template: str) -> str:
    params = getattr(route, "param_convertors", {})
    return template if _SECRET_PATH_PARAMS & set(params) else path


def _has_body(scope: Scope) -> bool:
    return scope["method"] in _BODY_METHODS and any(
        key == b"transfer-encoding" for key, _ in scope.get("headers", ())
    )


async def _read_body(receive: Receive, limit: int) -> list[Message] | None:
    """Reads the whole body; None once it grows past ``limit`` bytes."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


class RateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, limiter: Limiter, per_minute: int, auth_per_minute: int
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.per_minute = per_minute
        self.auth_per_minute = auth_per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        ip = scope.get("state", {}).get("client_ip", "unknown")
        decision = await self.limiter.hit(f"ip:{ip}", self.per_minute)
        if decision.allowed and scope["method"] == "POST" and scope["path"] in AUTH_PATHS:
            auth = await self.limiter.hit(f"auth:{ip}", self.auth_per_minute)
            decision = auth if not auth.allowed or auth.remaining < decision.remaining else decision
        headers = _ratelimit_headers(decision)
        if not decision.allowed:
            retry = [(b"retry-after", str(decision.retry_after).encode())]
            await send_problem(
                send,
                429,
                f"Too many requests: at most {decision.limit} a minute. "
                f"Try again in {decision.retry_after} seconds.",
                [*headers, *retry],
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _ratelimit_headers(decision: Decision) -> list[tuple[bytes, bytes]]:
    # IETF draft "RateLimit header fields for HTTP" (limit, remaining, reset).
    return [
        (b"ratelimit-limit", str(decision.limit).encode()),
        (b"ratelimit-remaining", str(decision.remaining).encode()),
        (b"ratelimit-reset", str(decision.reset_seconds).encode()),
    ]
