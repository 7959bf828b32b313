"""Per-IP rate limits in Redis, the in-process fallback, and trusted proxies."""

from __future__ import annotations

import asyncio
import secrets

import pytest
from fastapi.testclient import TestClient

from sidecar.app import create_app
from sidecar.http.ratelimit import InMemoryLimiter, RedisLimiter
from tests.assertions import assert_problem
from tests.conftest import REDIS_URL, make_settings, random_ip


def _client(app, ip=None):
    return TestClient(app, base_url="https://testserver", client=(ip or random_ip(), 40000))


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def limited_app(database_url, db):
    settings = make_settings(database_url, rate_limit_per_minute=5, auth_rate_limit_per_minute=2)
    return create_app(settings, database=db)


class TestGeneralLimit:
    def test_the_request_over_the_limit_is_429_with_headers(self, limited_app):
        with _client(limited_app) as client:
            answers = [client.get("/v1/no-such-route") for _ in range(6)]

        assert [r.status_code for r in answers[:5]] == [404] * 5
        assert answers[0].headers["ratelimit-limit"] == "5"
        assert answers[0].headers["ratelimit-remaining"] == "4"
        body = assert_problem(answers[5], 429)
        assert "at most 5 a minute" in body["detail"]
        assert 1 <= int(answers[5].headers["retry-after"]) <= 60
        assert answers[5].headers["ratelimit-remaining"] == "0"

    def test_limits_are_per_client_ip(self, database_url, db):
        proxy = random_ip()
        settings = make_settings(database_url, rate_limit_per_minute=5, trusted_proxies=proxy)
        first, second = {"X-Forwarded-For": random_ip()}, {"X-Forwarded-For": random_ip()}
        with _client(create_app(settings, database=db), ip=proxy) as client:
            for _ in range(5):
                client.get("/nope", headers=first)
            assert client.get("/nope", headers=first).status_code == 429
            assert client.get("/nope", headers=second).status_code == 404

    def test_health_endpoints_are_not_limited(self, limited_app):
        with _client(limited_app) as client:
            statuses = {client.get("/healthz").status_code for _ in range(10)}
        assert statuses == {200}


class TestAuthLimit:
    def test_login_has_a_stricter_limit(self, limited_app):
        with _client(limited_app) as client:
            answers = [
                client.post("/v1/auth/login", json={"email": "x@y.co", "password": "wrong-pass"})
                for _ in range(3)
            ]
        assert [r.status_code for r in answers] == [401, 401, 429]
        assert answers[2].headers["ratelimit-limit"] == "2"

    def test_register_counts_too(self, limited_app):
        with _client(limited_app) as client:
            answers = [client.post("/v1/auth/register", json={}) for _ in range(3)]
        assert [r.status_code for r in answers] == [422, 422, 429]


class TestTrustedProxies:
    def test_forwarded_for_is_ignored_from_untrusted_peers(self, database_url, db):
        settings = make_settings(database_url, rate_limit_per_minute=3)
        app = create_app(settings, database=db)
        with _client(app) as client:
            answers = [
                client.get("/nope", headers={"X-Forwarded-For": random_ip()}) for _ in range(4)
            ]
        # spoofed headers do not buy a fresh budget
        assert answers[3].status_code == 429

    def test_forwarded_for_is_believed_from_a_trusted_proxy(self, database_url, db):
        proxy = random_ip()
        settings = make_settings(database_url, rate_limit_per_minute=3, trusted_proxies=proxy)
        app = create_app(settings, database=db)
        with _client(app, ip=proxy) as client:
            answers = [
                client.get("/nope", headers={"X-Forwarded-For": random_ip()}) for _ in range(4)
            ]
        assert {r.status_code for r in answers} == {404}


class TestDegradedModes:
    def test_in_process_limiter_when_redis_is_not_configured(self, database_url, db):
        settings = make_settings(database_url, redis_url=None, rate_limit_per_minute=2)
        with _client(create_app(settings, database=db)) as client:
            statuses = [client.get("/nope").status_code for _ in range(3)]
        assert statuses == [404, 404, 429]

    def test_redis_going_away_keeps_the_api_serving(self, database_url, db):
        settings = make_settings(
            database_url, redis_url="redis://127.0.0.1:1/0", rate_limit_per_minute=2
        )
        with _client(create_app(settings, database=db)) as client:
            statuses = [client.get("/nope").status_code for _ in range(3)]
        # served, and the limit still holds through the in-process fallback
        assert statuses == [404, 404, 429]


class TestLimiters:
    def test_redis_limiter_counts_across_instances(self):
        key = f"test:{secrets.token_hex(6)}"

        async def run():
            first, second = RedisLimiter(REDIS_URL), RedisLimiter(REDIS_URL)
            try:
                a = await first.hit(key, 2)
                b = await second.hit(key, 2)
                c = await first.hit(key, 2)
                return a, b, c
            finally:
                await first.close()
                await second.close()

        a, b, c = asyncio.run(run())
        assert (a.allowed, b.allowed, c.allowed) == (True, True, False)
        assert (a.remaining, b.remaining, c.remaining) == (1, 0, 0)

    def test_in_memory_limiter_resets_on_a_new_window(self, frozen_clock):
        limiter = InMemoryLimiter()

        async def hits():
            return [await limiter.hit("k", 1) for _ in range(2)]

        first = asyncio.run(hits())
        frozen_clock.advance(60)
        second = asyncio.run(hits())
        assert [d.allowed for d in first] == [True, False]
        assert [d.allowed for d in second] == [True, False]
