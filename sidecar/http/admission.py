"""Admission control: each process lets a bounded number of API requests in at once.

At most ``max_in_flight`` requests under /v1 run at a time (by default the database
pool's size, so an admitted request never waits for a connection). Up to
``queue_limit`` more wait, first come first served, at most ``queue_timeout``
seconds for a slot; the rest are refused at once. A refused request gets 503 with
Retry-After: quick and honest, where waiting would only grow a queue the process
cannot drain. Probes and metrics are outside /v1, so they stay answerable; sign-in
and registration have their own hashing slots and rate limit and are not counted.
"""

from __future__ import annotations

import asyncio
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

from sidecar.http.metrics import Metrics
from sidecar.http.middleware import AUTH_PATHS, send_problem

_RETRY_AFTER = [(b"retry-after", b"1")]


class AdmissionMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_in_flight: int,
        queue_limit: int,
        queue_timeout: float,
        metrics: Metrics,
    ) -> None:
        self.app = app
        self._free = max_in_flight
        self._queue_limit = queue_limit
        self._queue_timeout = queue_timeout
        # Futures of waiting requests, oldest first; a slot is handed to the oldest
        # that still waits (one that gave up is cancelled and skipped).
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith("/v1/")
            or scope["path"] in AUTH_PATHS
        ):
            await self.app(scope, receive, send)
            return
        refusal = await self._admit()
        if refusal is not None:
            self._metrics.shed.labels(reason=refusal).inc()
            await send_problem(
                send, 503, "The server is busy; try again in a moment.", _RETRY_AFTER
            )
            return
        self._metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self._metrics.in_flight.dec()
            self._release()

    async def _admit(self) -> str | None:
        """None once the request holds a slot, else why it was refused."""
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return None
        if len(self._waiting) >= self._queue_limit:
            return "queue_full"
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            async with asyncio.timeout(self._queue_timeout):
                await turn
        except BaseException as stopped:
            # The slot may have been handed over just as the wait ended.
            handed = turn.done() and not turn.cancelled()
            turn.cancel()
            if isinstance(stopped, TimeoutError):
                if handed:
                    return None
                return "queue_timeout"
            if handed:
                self._release()
            raise
        return None

    def _release(self) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self._free += 1
