"""Readiness: whether this process can serve, checked against what it depends on.

Only the database decides: without it nothing works. Redis is reported (degraded)
but the API serves on its in-process fallbacks, so a Redis outage must not take
every pod out of the load balancer. The answer is reused for a second: a flood of
probes costs one check a second, not one per probe.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import redis
from starlette.concurrency import run_in_threadpool

from sidecar.core import clock
from sidecar.core.database import Database
from sidecar.health import repository
from sidecar.health.schemas import Readiness

REUSE_SECONDS = 1.0


def _redis_status(client: redis.Redis | None) -> str:
    if client is None:
        return "not configured (in-process fallback)"
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"down: {type(exc).__name__} (serving on the in-process fallback)"
    return "ok"


def readiness(db: Database, redis_client: redis.Redis | None) -> Readiness:
    """Ready when the database answers; degraded when only Redis is down."""
    checks = {
        "database": repository.database_status(db),
        "redis": _redis_status(redis_client),
    }
    if checks["database"] != "ok":
        status = "unavailable"
    elif checks["redis"].startswith("down"):
        status = "degraded"
    else:
        status = "ready"
    return Readiness(status=status, checks=checks)


@dataclass
class ReadinessProbe:
    """``readiness`` at most once a second per process, one check at a time."""

    db: Database
    redis_client: redis.Redis | None
    _last: Readiness | None = None
    _checked_at: float = -1e9
    _lock: asyncio.Lock | None = None

    async def current(self) -> Readiness:
        if self._fresh():
            return self._last  # type: ignore[return-value]
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # the probes that arrive meanwhile wait for this check
            if not self._fresh():
                self._last = await run_in_threadpool(readiness, self.db, self.redis_client)
                self._checked_at = clock.monotonic()
        return self._last  # type: ignore[return-value]

    def _fresh(self) -> bool:
        return self._last is not None and clock.monotonic() - self._checked_at < REUSE_SECONDS
