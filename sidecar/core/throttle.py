"""Failure throttling: after too many failures for one key, answer "wait" for a while.

Used for sign-ins per account (OWASP ASVS 2.2.1): after ``max_failures`` failures
within ``window`` seconds, the key is locked for ``base_delay`` seconds, doubling with
each further failure up to ``max_delay``; a success clears it. Counts live in Redis,
so every API process sees the same ones; with Redis unset or failing, in this
process (like the rate limiter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import redis
from redis.exceptions import RedisError

from sidecar.core import clock
from sidecar.core.log import get_logger

log = get_logger(__name__)

_RETRY_REDIS_AFTER_SECONDS = 5.0
_PRUNE_ABOVE = 50_000

# KEYS[1] the counter; ARGV now, window, max_failures, base_delay, max_delay.
# Returns the time the key is locked until (0 when it is not).
_FAIL = """
local now = tonumber(ARGV[1])
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local locked_until = 0
if count >= tonumber(ARGV[3]) then
  local delay = math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ (count - tonumber(ARGV[3])))
  locked_until = now + delay
  redis.call('HSET', KEYS[1], 'locked_until', tostring(locked_until))
end
redis.call('EXPIRE', KEYS[1], math.ceil(math.max(tonumber(ARGV[2]), locked_until - now)))
return tostring(locked_until)
"""


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    window: float = 15 * 60
    base_delay: float = 30
    max_delay: float = 15 * 60

    def lock_after(self, failures: int) -> float:
        """Seconds a key is locked after its ``failures``-th failure (0: not locked)."""
        if failures < self.max_failures:
            return 0.0
        return float(min(self.max_delay, self.base_delay * 2 ** (failures - self.max_failures)))


class FailureThrottle(Protocol):
    def wait_seconds(self, key: str) -> int:
        """Seconds until ``key`` may try again; 0 when it may now."""
        ...

    def failed(self, key: str) -> None: ...

    def succeeded(self, key: str) -> None: ...


@dataclass
class _Entry:
    count: int = 0
    expires: float = 0.0
    locked_until: float = 0.0


@dataclass
class InMemoryThrottle:
    policy: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    _entries: dict[str, _Entry] = field(default_factory=dict)

    def wait_seconds(self, key: str) -> int:
        entry = self._entries.get(key)
        now = clock.time()
        if entry is None or entry.expires <= now:
            return 0
        return max(0, math.ceil(entry.locked_until - now))

    def failed(self, key: str) -> None:
        now = clock.time()
        entry = self._entries.get(key)
        if entry is None or entry.expires <= now:
            entry = self._entries[key] = _Entry()
        entry.count += 1
        lock = self.policy.lock_after(entry.count)
        if lock:
            entry.locked_until = now + lock
        entry.expires = now + max(self.policy.window, lock)
        if len(self._entries) > _PRUNE_ABOVE:
            self._entries = {k: e for k, e in self._entries.items() if e.expires > now}

    def succeeded(self, key: str) -> None:
        self._entries.pop(key, None)


class RedisThrottle:
    def __init__(
        self, client: redis.Redis, policy: ThrottlePolicy | None = None, *, prefix: str = ""
    ) -> None:
        self.policy = policy or ThrottlePolicy()
        self._prefix = f"{prefix}lf:"
        self._redis = client
        self._fail = client.register_script(_FAIL)
        self._fallback = InMemoryThrottle(self.policy)
        self._down_until = 0.0

    def _redis_usable(self) -> bool:
        return clock.time() >= self._down_until

    def _went_down(self, exc: Exception) -> None:
        log.warning("throttle.redis_unavailable", error=str(exc))
        self._down_until = clock.time() + _RETRY_REDIS_AFTER_SECONDS

    def wait_seconds(self, key: str) -> int:
        if not self._redis_usable():
            return self._fallback.wait_seconds(key)
        try:
            locked_until = self._redis.hget(self._prefix + key, "locked_until")
        except (RedisError, OSError) as exc:
            self._went_down(exc)
            return self._fallback.wait_seconds(key)
        if locked_until is None:
            return 0
        return max(0, math.ceil(float(locked_until) - clock.time()))

    def failed(self, key: str) -> None:
        if not self._redis_usable():
            self._fallback.failed(key)
            return
        policy = self.policy
        try:
            self._fail(
                keys=[self._prefix + key],
                args=[
                    clock.time(),
                    policy.window,
                    policy.max_failures,
                    policy.base_delay,
                    policy.max_delay,
                ],
            )
        except (RedisError, OSError) as exc:
            self._went_down(exc)
            self._fallback.failed(key)

    def succeeded(self, key: str) -> None:
        self._fallback.succeeded(key)
        if not self._redis_usable():
            return
        try:
            self._redis.delete(self._prefix + key)
        except (RedisError, OSError) as exc:
            self._went_down(exc)


def build_throttle(
    client: redis.Redis | None, policy: ThrottlePolicy | None = None, *, prefix: str = ""
) -> FailureThrottle:
    if client is None:
        return InMemoryThrottle(policy or ThrottlePolicy())
    return RedisThrottle(client, policy, prefix=prefix)
