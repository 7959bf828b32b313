"""The bounded, least-recently-used store the caches and memos share (core.cache.Lru)."""

from __future__ import annotations

from sidecar.core.cache import Lru


def test_the_least_recently_used_is_dropped_first():
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)


def test_putting_a_key_again_replaces_it_and_makes_it_recent():
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    lru.put("a", 10)
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (10, None, 3)


def test_a_value_put_with_a_ttl_is_gone_once_it_passes():
    now = [100.0]
    lru: Lru[str, int] = Lru(4, now=lambda: now[0])
    lru.put("kept", 1)
    lru.put("brief", 2, ttl=5)
    now[0] = 104.9
    assert (lru.get("kept"), lru.get("brief")) == (1, 2)
    now[0] = 105
    assert (lru.get("kept"), lru.get("brief")) == (1, None)
