"""Capacity: a burst larger than the pool is served, never deadlocked (issue 13).

Each request used to commit in the shared thread pool. With every thread held by a
newer request waiting for a connection, the requests holding the connections could
not get a thread to commit and give them back: every request waited out the pool
timeout and answered 500. These bursts failed that way before the fix.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from sidecar.app import create_app
from sidecar.core.database import Database
from tests.conftest import make_settings
from tests.hardening.test_fault_drills import served

BURST = 48


def _discard(name, args):
    pass


@pytest.fixture
def tiny_pool(database_url):
    """Two connections, and a pool timeout short enough for a deadlock to show."""
    database = Database(database_url, pool_size=2, max_overflow=0, pool_timeout=2)
    yield database
    database.dispose()


async def _burst(base_url: str, headers: dict[str, str] | None = None) -> Counter[int]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        responses = await asyncio.gather(
            *(client.get("/v1/cars", headers=headers) for _ in range(BURST))
        )
    return Counter(response.status_code for response in responses)


def _app(database_url, database, **overrides):
    settings = make_settings(database_url, thread_pool_size=4, public_cache_seconds=0, **overrides)
    return create_app(settings, database=database, job_runner=_discard)


class TestPoolAndThreadsUnderABurst:
    @pytest.mark.parametrize(
        "admission",
        [
            pytest.param({"admission_max_in_flight": 1000}, id="admission-off"),
            pytest.param(
                {"admission_queue_limit": 1000, "admission_queue_timeout_seconds": 30},
                id="admission-on",
            ),
        ],
    )
    def test_anonymous_burst_is_served(self, database_url, tiny_pool, admission):
        with served(_app(database_url, tiny_pool, **admission)) as base_url:
            assert asyncio.run(_burst(base_url)) == {200: BURST}

    def test_signed_in_burst_is_served(self, database_url, tiny_pool, create_user, auth_headers):
        # A signed-in request reads its caller in one thread and runs the endpoint in
        # another, holding its connection in between.
        user = create_user()
        app = _app(database_url, tiny_pool, admission_max_in_flight=1000)
        with served(app) as base_url:
            assert asyncio.run(_burst(base_url, auth_headers(user))) == {200: BURST}
