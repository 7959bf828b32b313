"""Per-client rate limits: fixed one-minute windows counted in Redis.

Two buckets: every request counts against RATE_LIMIT_PER_MINUTE per client IP;
login and register also count against AUTH_RATE_LIMIT_PER_MINUTE. With REDIS_URL
unset the same rules run in-process. If Redis fails at run time the limiter logs it
and falls back to the in-process counters (limits then hold per API process rather
than across the fleet) instead of failing requests; it returns to Redis by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from sidecar.core import clock
from sidecar.core.log import get_logger

WINDOW_SECONDS = 60
_RETRY_REDIS_AFTER_SECONDS = 5.0

log = get_logger(__name__)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int


def _decide(count: int, limit: int, now: float) -> Decision:
    reset = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    return Decision(count <= limit, limit, max(0, limit - count), reset)


class Limiter(Protocol):
    async def hit(self, key: str, limit: int) -> Decision: ...

    async def close(self) -> None: ...


class InMemoryLimiter:
    """Counters in this process; old windows are dropped as time moves on."""

    def __init__(self) -> None:
        self._window = -1
        self._counts: dict[str, int] = {}

    async def hit(self, key: str, limit: int) -> Decision:
        now = clock.time()
        window = int(now // WINDOW_SECONDS)
        if window != self._window:
            self._window, self._counts = window, {}
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        return _decide(count, limit, now)

    async def close(self) -> None:
        return None


class RedisLimiter:
    def __init__(self, url: str) -> None:
        self._redis = aioredis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._fallback = InMemoryLimiter()
        self._down_until = 0.0

    async def hit(self, key: str, limit: int) -> Decision:
        now = clock.time()
        if now < self._down_until:
            return await self._fallback.hit(key, limit)
        window = int(now // WINDOW_SECONDS)
        redis_key = f"rl:{key}:{window}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(redis_key)
                pipe.expire(redis_key, WINDOW_SECONDS + 1)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("ratelimit.redis_unavailable", error=str(exc))
            self._down_until = now + _RETRY_REDIS_AFTER_SECONDS
            return await self._fallback.hit(key, limit)
        return _decide(int(count), limit, now)

    async def close(self) -> None:
        await self._redis.aclose()


def build_limiter(redis_url: str | None) -> Limiter:
    return RedisLimiter(redis_url) if redis_url else InMemoryLimiter()
