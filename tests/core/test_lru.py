"""The bounded, least-recently-used store the services' memos share (core.cache.Lru)."""

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
