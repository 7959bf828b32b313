"""Per-client rate limits: GCRA (a token bucket without timers) in Redis.

Two limits: every request counts against RATE_LIMIT_PER_MINUTE per client IP; login
and register also count against AUTH_RATE_LIMIT_PER_MINUTE. A client may spend its
whole minute at once, then earns one request back every 60/limit seconds: unlike
fixed one-minute windows, no boundary lets it make twice its limit in a few seconds.
One Redis round trip per check (a Lua script holds the bucket's "theoretical arrival
time"). With REDIS_URL unset the same rules run in-process. If Redis fails at run
time the limiter logs it and falls back to the in-process buckets (limits then hold
per API process rather than across the fleet) instead of failing requests; it
returns to Redis by itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from sidecar.core import clock
from sidecar.core.log import get_logger

PERIOD_SECONDS = 60
_RETRY_REDIS_AFTER_SECONDS = 5.0
# The in-process buckets drop the ones already full again once there are this many.
_PRUNE_ABOVE = 50_000

log = get_logger(__name__)

# KEYS[1] the bucket; ARGV now, period, limit. Returns {allowed, tat}: the bucket's
# theoretical arrival time after this request (or as it stands, when refused).
_GCRA = """
local now = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if tat < now then tat = now end
if tat + interval - period > now then
  return {0, tostring(tat)}
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return {1, tostring(new_tat)}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the bucket is full again
    retry_after: int  # until one more request is allowed (0 when this one was)


def decide(*, allowed: bool, tat: float, now: float, limit: int) -> Decision:
    """What a bucket at ``tat`` means for the caller at ``now``."""
    interval = PERIOD_SECONDS / limit
    backlog = max(0.0, tat - now)
    if allowed:
        remaining = max(0, math.floor((PERIOD_SECONDS - backlog) / interval + 1e-9))
        return Decision(True, limit, remaining, math.ceil(backlog), 0)
    retry = max(1, math.ceil(tat + interval - PERIOD_SECONDS - now))
    return Decision(False, limit, 0, math.ceil(backlog), retry)


class Limiter(Protocol):
    async def hit(self, key: str, limit: int) -> Decision: ...

    async def close(self) -> None: ...


class InMemoryLimiter:
    """The same buckets in this process."""

    def __init__(self) -> None:
        self._tats: dict[str, float] = {}

    async def hit(self, key: str, limit: int) -> Decision:
        now = clock.time()
        interval = PERIOD_SECONDS / limit
        tat = max(self._tats.get(key, now), now)
        if tat + interval - PERIOD_SECONDS > now:
            return decide(allowed=False, tat=tat, now=now, limit=limit)
        self._tats[key] = tat + interval
        if len(self._tats) > _PRUNE_ABOVE:
            self._tats = {k: v for k, v in self._tats.items() if v > now}
        return decide(allowed=True, tat=tat + interval, now=now, limit=limit)

    async def close(self) -> None:
        return None


class RedisLimiter:
    def __init__(self, url: str, *, prefix: str = "") -> None:
        self._prefix = f"{prefix}rl:"
        self._redis = aioredis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._gcra = self._redis.register_script(_GCRA)
        self._fallback = InMemoryLimiter()
        self._down_until = 0.0

    async def hit(self, key: str, limit: int) -> Decision:
        now = clock.time()
        if now < self._down_until:
            return await self._fallback.hit(key, limit)
        try:
            allowed, tat = await self._gcra(
                keys=[self._prefix + key], args=[now, PERIOD_SECONDS, limit]
            )
        except (RedisError, OSError) as exc:
            log.warning("ratelimit.redis_unavailable", error=str(exc))
            self._down_until = now + _RETRY_REDIS_AFTER_SECONDS
            return await self._fallback.hit(key, limit)
        return decide(allowed=bool(allowed), tat=float(tat), now=now, limit=limit)

    async def close(self) -> None:
        await self._redis.aclose()


def build_limiter(redis_url: str | None, *, prefix: str = "") -> Limiter:
    return RedisLimiter(redis_url, prefix=prefix) if redis_url else InMemoryLimiter()
