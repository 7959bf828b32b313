"""Failure throttling, in Redis and in-process, and its fallback when Redis fails."""

from __future__ import annotations

import redis

from sidecar.core.throttle import InMemoryThrottle, RedisThrottle, ThrottlePolicy, build_throttle
from tests.conftest import REDIS_URL


def test_policy_locks_after_the_fifth_failure_and_doubles_up_to_the_cap():
    policy = ThrottlePolicy()
    assert [policy.lock_after(n) for n in range(1, 9)] == [0, 0, 0, 0, 30, 60, 120, 240]
    assert policy.lock_after(30) == 15 * 60


def test_in_process_counts_expire_after_the_window(frozen_clock):
    throttle = InMemoryThrottle()
    for _ in range(4):
        throttle.failed("k")
    frozen_clock.advance(15 * 60 + 1)  # the four failures are forgotten
    throttle.failed("k")
    assert throttle.wait_seconds("k") == 0
    for _ in range(4):
        throttle.failed("k")
    assert throttle.wait_seconds("k") == 30
    frozen_clock.advance(30)
    assert throttle.wait_seconds("k") == 0
    throttle.succeeded("k")
    throttle.failed("k")
    assert throttle.wait_seconds("k") == 0


def test_redis_and_in_process_agree(frozen_clock):
    client = redis.Redis.from_url(REDIS_URL)
    shared = RedisThrottle(client, prefix=f"test-{frozen_clock.time()}:")
    local = InMemoryThrottle()
    for throttle in (shared, local):
        for _ in range(6):
            throttle.failed("k")
    assert shared.wait_seconds("k") == local.wait_seconds("k") == 60
    shared.succeeded("k")
    assert shared.wait_seconds("k") == 0


def test_an_unreachable_redis_falls_back_in_process(frozen_clock):
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    throttle = build_throttle(dead)
    for _ in range(5):
        throttle.failed("k")
    assert throttle.wait_seconds("k") == 30
    assert isinstance(build_throttle(None), InMemoryThrottle)
