"""Fault drills against the real services: the API degrades cleanly and recovers alone."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sidecar.app import create_app
from sidecar.db import Database
from sidecar.models import AuditLog
from tests.assertions import assert_problem
from tests.conftest import make_settings
from tests.workers.smtp_sink import free_port


def terminate_backends(database_url: str) -> int:
    """Kills every other connection to the test database, as a failover or DBA would."""
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


class TestPostgresConnectionsKilled:
    def test_clean_answers_and_the_pool_recovers_without_a_restart(
        self, database_url, create_user, auth_headers
    ):
        # Its own pool, so killing its connections cannot disturb other fixtures.
        database = Database(database_url, pool_size=2, max_overflow=0)
        user = create_user()
        app = create_app(make_settings(database_url), database=database, job_runner=lambda *a: None)
        with TestClient(app) as client:
            assert client.get("/v1/auth/me", headers=auth_headers(user)).status_code == 200
            assert terminate_backends(database_url) >= 1

            statuses = [
                client.patch(
                    "/v1/auth/me", headers=auth_headers(user), json={"language": "sw"}
                ).status_code
                for _ in range(5)
            ]
            me = client.get("/v1/auth/me", headers=auth_headers(user))

        # pool_pre_ping replaces dead connections before use: no request sees the kill
        assert set(statuses) <= {200, 503}
        assert statuses[-1] == 200
        assert me.json()["user"]["language"] == "sw"
        database.dispose()

    def test_a_connection_killed_inside_a_request_is_a_503_and_nothing_half_written(
        self, database_url, create_user, auth_headers, db, monkeypatch
    ):
        database = Database(database_url, pool_size=2, max_overflow=0)
        user = create_user()
        app = create_app(make_settings(database_url), database=database, job_runner=lambda *a: None)
        from sidecar.auth import service

        original = service.update_me

        def update_then_lose_the_connection(session, **kwargs):
            result = original(session, **kwargs)
            terminate_backends(database_url)  # the flush happened; the commit will fail
            return result

        monkeypatch.setattr(service, "update_me", update_then_lose_the_connection)
        with TestClient(app) as client:
            failed = client.patch(
                "/v1/auth/me", headers=auth_headers(user), json={"language": "sw"}
            )
            monkeypatch.setattr(service, "update_me", original)
            after = client.get("/v1/auth/me", headers=auth_headers(user))

        assert_problem(failed, 503)
        assert after.status_code == 200
        assert after.json()["user"]["language"] == "en"  # rolled back, not half-written
        with db.transaction() as session:
            actions = session.scalars(select(AuditLog.action)).all()
            assert "user.update" not in actions  # the audit row went with it
        database.dispose()


@pytest.fixture
def redis_server():
    """A real redis-server of our own, which the drill can kill."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed for this drill"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.kill()
        process.wait(5)


class TestRedisGoesAway:
    @pytest.mark.usefixtures("pinned_rate_window")
    def test_requests_are_served_and_the_limit_holds_in_process(
        self, database_url, db, redis_server
    ):
        process, url = redis_server
        settings = make_settings(database_url, redis_url=url, rate_limit_per_minute=4)
        app = create_app(settings, database=db, job_runner=lambda *a: None)
        with TestClient(app) as client:
            before = [client.get("/v1/cars").status_code for _ in range(2)]
            assert client.get("/readyz").json()["checks"]["redis"] == "ok"
            process.kill()
            process.wait(5)
            # the fallback counts from zero (Redis' counts went with it)
            after = [client.get("/v1/cars").status_code for _ in range(6)]
            ready = client.get("/readyz")

        assert before == [200, 200]
        # served while Redis is gone; the in-process fallback still enforces a limit
        assert after[:4] == [200] * 4
        assert after[4:] == [429, 429]
        assert ready.status_code == 503
        assert ready.json()["checks"]["redis"].startswith("down")


class TestBrokerGoesAway:
    def test_the_api_keeps_answering_quickly_and_keeps_every_event(
        self, database_url, db, create_user, auth_headers
    ):
        from sidecar.models import OutboxMessage, Vendor

        settings = make_settings(database_url, celery_broker_url="amqp://guest:guest@127.0.0.1:1//")
        admin = create_user(role="admin")
        vendor_ids = []
        for _ in range(5):
            user = create_user(role="vendor", approved=False)
            with db.transaction() as session:
                vendor_ids.append(
                    session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))
                )
        started = time.monotonic()
        with TestClient(create_app(settings, database=db)) as client:
            statuses = [
                client.put(f"/v1/vendors/{vid}/approve", headers=auth_headers(admin)).status_code
                for vid in vendor_ids
            ]
        elapsed = time.monotonic() - started

        assert statuses == [200] * 5
        assert elapsed < 60  # a loose bound: each publish fails fast instead of hanging
        with db.transaction() as session:
            waiting = session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.dispatched_at.is_(None))
            )
            assert waiting == 5  # every event is kept for the sweep
