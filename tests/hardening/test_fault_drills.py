"""Fault drills against the real services: the API degrades cleanly, loses nothing,
and recovers by itself.

PostgreSQL: every connection of the test database killed (``pg_terminate_backend``)
between requests, inside a request, and over and over during a burst of writes.
Redis: a redis-server of our own, killed, frozen (SIGSTOP) and restarted.
RabbitMQ: the broker unreachable (a closed port) and unresponsive (a port that
accepts and never answers), then a real ``gurumisha worker`` delivering what the
outbox kept.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import kombu.exceptions
import psycopg
import pytest
import redis
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis.commands.core import AsyncScript
from sqlalchemy import func, select

from sidecar.app import create_app
from sidecar.core import clock, jobs
from sidecar.core.clock import FrozenClock
from sidecar.core.database import Database
from sidecar.models import AuditLog, Car, Notification, OutboxMessage, User, Vendor
from tests.assertions import assert_problem
from tests.conftest import make_settings, random_ip
from tests.workers.smtp_sink import free_port
from tests.workers.test_celery_integration import SENTINEL, drain, wait_for
from tests.workers.test_celery_integration import emails as sent_emails
from workers.runners import PublishPaused, celery_runner
from workers.runtime import Runtime
from workers.tasks import run_sweep_outbox

CLOSED_BROKER = "amqp://guest:guest@127.0.0.1:1//"
CAR = {"make": "Toyota", "model": "Vitz", "year": 2015, "price": 520_000}


def _discard(name: str, args: tuple[Any, ...]) -> None:
    return None


# --- PostgreSQL ----------------------------------------------------------------------


def _libpq(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def terminate_backends(database_url: str, *, spare: tuple[int, ...] = ()) -> int:
    """Kills every connection to the test database but ours, as a failover would."""
    dsn = _libpq(database_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND NOT (pid = ANY(%s))",
            (dsn.rsplit("/", 1)[1], list(spare)),
        ).fetchall()
    return len(rows)


def _waiting_on_a_lock(database_url: str) -> bool:
    dsn = _libpq(database_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            (dsn.rsplit("/", 1)[1],),
        ).fetchone()
    return bool(row and row[0])


@pytest.fixture
def own_pool(database_url: str) -> Iterator[Database]:
    """The app's own small pool, so the drill's kills are all the app sees."""
    database = Database(database_url, pool_size=4, max_overflow=0)
    yield database
    database.dispose()


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """``app`` behind a real uvicorn on a free port (one event loop, many connections)."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, timeout=10)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _kind(response: httpx.Response) -> str:
    """What an answer is: "problem <status>" for RFC 9457 documents, else its type."""
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("application/problem+json"):
        return f"problem {response.json()['status']}"
    return content_type


def _language(db: Database, user_id: int) -> str:
    with db.transaction() as session:
        return session.get(User, user_id).language


class TestPostgresConnectionsKilled:
    def test_between_requests_the_pool_replaces_them_and_every_write_lands(
        self, database_url, own_pool, db, create_user, auth_headers
    ):
        user = create_user()
        app = create_app(make_settings(database_url), database=own_pool, job_runner=_discard)
        statuses = []
        with TestClient(app) as client:
            assert client.get("/v1/auth/me", headers=auth_headers(user)).status_code == 200
            for language in ("sw", "en", "sw"):
                assert terminate_backends(database_url) >= 1
                response = client.patch(
                    "/v1/auth/me", headers=auth_headers(user), json={"language": language}
                )
                statuses.append(response.status_code)

        # pool_pre_ping notices each dead connection and reconnects before use
        assert statuses == [200, 200, 200]
        assert _language(db, user.id) == "sw"

    def test_killed_inside_a_request_is_a_clean_503_and_nothing_is_half_written(
        self, database_url, own_pool, db, create_user, auth_headers
    ):
        user = create_user()
        app = create_app(make_settings(database_url), database=own_pool, job_runner=_discard)
        answer: dict[str, httpx.Response] = {}
        signed_in = auth_headers(user)  # before the row is locked: a login row refers to it
        with (
            TestClient(app) as client,
            psycopg.connect(_libpq(database_url)) as locker,
        ):
            # Hold the user's row so the request's UPDATE waits, mid-transaction, on it.
            locker.execute("SELECT 1 FROM users WHERE id = %s FOR UPDATE", (user.id,))
            request = threading.Thread(
                target=lambda: answer.setdefault(
                    "response",
                    client.patch("/v1/auth/me", headers=signed_in, json={"language": "sw"}),
                )
            )
            request.start()
            assert wait_for(lambda: _waiting_on_a_lock(database_url), timeout=10)
            assert terminate_backends(database_url, spare=(locker.info.backend_pid,)) >= 1
            request.join(10)
            locker.rollback()
            after = client.get("/v1/auth/me", headers=auth_headers(user))

        body = assert_problem(answer["response"], 503)
        assert body["type"].endswith("/unavailable")
        assert answer["response"].headers["retry-after"] == "5"
        assert after.status_code == 200  # the same process, the same pool: recovered
        assert after.json()["user"]["language"] == "en"
        with db.transaction() as session:
            actions = session.scalars(select(AuditLog.action)).all()
        assert "user.update" not in actions  # the audit row went with the change

    def test_a_burst_of_writes_under_repeated_kills_loses_no_acknowledged_write(
        self, database_url, own_pool, db, create_user, auth_headers
    ):
        sellers = [create_user() for _ in range(4)]
        # Signed in before the storm: making a token writes a login row.
        headers = {user.id: auth_headers(user) for user in sellers}
        app = create_app(make_settings(database_url), database=own_pool, job_runner=_discard)
        results: list[tuple[str, int, str]] = []
        stop = threading.Event()

        def killer() -> None:
            while not stop.is_set():
                terminate_backends(database_url)
                time.sleep(0.03)

        def seller(index: int, user: Any) -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                for n in range(20):
                    title = f"Drill car {index}-{n}"
                    response = http.post(
                        "/v1/cars", json=CAR | {"title": title}, headers=headers[user.id]
                    )
                    results.append((title, response.status_code, _kind(response)))

        with served(app) as base:
            kills = threading.Thread(target=killer)
            kills.start()
            threads = [threading.Thread(target=seller, args=item) for item in enumerate(sellers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            stop.set()
            kills.join(10)
            with httpx.Client(base_url=base) as http:
                final = http.post(
                    "/v1/cars",
                    json=CAR | {"title": "After the storm"},
                    headers=headers[sellers[0].id],
                )

        assert len(results) == 80
        assert {status for _, status, _ in results} <= {201, 503}, results
        assert {kind for _, status, kind in results if status == 503} <= {"problem 503"}
        assert final.status_code == 201
        acknowledged = {title for title, status, _ in results if status == 201}
        with db.transaction() as session:
            stored = set(session.scalars(select(Car.title)))
            audited = session.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "car.create")
            )
        assert acknowledged | {"After the storm"} <= stored  # no 201 was lost
        assert audited == len(stored)  # each car with its audit row, or neither


# --- Redis ---------------------------------------------------------------------------


class RedisServer:
    """A real redis-server of our own on a fixed port, which the drill can break."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for this drill"
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(5)

    def freeze(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    def counters(self) -> dict[str, float]:
        client = redis.Redis(port=self.port)
        return {key.decode(): float(client.get(key)) for key in client.keys("*rl:*")}


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.process.kill()  # SIGKILL ends a frozen process too
        server.process.wait(5)


@pytest.fixture
def limiter_clock() -> Iterator[FrozenClock]:
    """The process clock, 10 s into a minute; tests move it by hand."""
    with clock.use(FrozenClock(time.time() // 60 * 60 + 10)) as frozen:
        yield frozen


def _spent(buckets: dict[str, Any], *, now: float, per_minute: int) -> list[int]:
    """How many requests each GCRA bucket (its theoretical arrival time) has spent."""
    return [round((float(tat) - now) / (60 / per_minute)) for tat in buckets.values()]


@pytest.fixture
def redis_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each rate-limit call to Redis came to: "ok" or the exception's name."""
    calls: list[str] = []
    original = AsyncScript.__call__

    async def call(self: AsyncScript, *args: Any, **kwargs: Any) -> Any:
        try:
            result = await original(self, *args, **kwargs)
        except Exception as exc:
            calls.append(type(exc).__name__)
            raise
        calls.append("ok")
        return result

    monkeypatch.setattr(AsyncScript, "__call__", call)
    return calls


class TestRedisUnavailable:
    def test_never_reachable_requests_are_served_and_limited_in_process(
        self, database_url, db, limiter_clock, redis_calls
    ):
        settings = make_settings(
            database_url, redis_url=f"redis://127.0.0.1:{free_port()}/0", rate_limit_per_minute=3
        )
        app = create_app(settings, database=db, job_runner=_discard)
        with TestClient(app, client=(random_ip(), 50000)) as client:
            answers = [client.get("/v1/cars").status_code for _ in range(5)]
            ready = client.get("/readyz")

        assert answers == [200, 200, 200, 429, 429]
        # Refused at once, no timeout; the limiter then stops asking for a while.
        assert redis_calls == ["ConnectionError"]
        # Redis is reported, but only the database decides readiness (audit finding 8).
        assert ready.status_code == 200
        assert ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["database"] == "ok"
        assert ready.json()["checks"]["redis"].startswith("down: ConnectionError")

    def test_killed_the_limit_holds_in_process_then_redis_is_used_again(
        self, database_url, db, redis_server, limiter_clock
    ):
        settings = make_settings(database_url, redis_url=redis_server.url, rate_limit_per_minute=5)
        app = create_app(settings, database=db, job_runner=_discard)
        ip = random_ip()
        with TestClient(app, client=(ip, 50000)) as client:
            before = [client.get("/v1/cars").status_code for _ in range(2)]
            counted = redis_server.counters()
            redis_server.kill()
            during = [client.get("/v1/cars").status_code for _ in range(6)]
            down = client.get("/readyz")
            redis_server.start()
            limiter_clock.advance(6)  # past the limiter's 5 s pause before it retries Redis
            back = client.get("/v1/cars")
            ready = client.get("/readyz")

        assert before == [200, 200]
        # One bucket in Redis, two requests (12 s each at 5 a minute) spent from it.
        assert _spent(counted, now=limiter_clock.time(), per_minute=5) == [2]
        # Served while Redis is gone; the in-process fallback counts from zero (Redis'
        # counts went with it) and still refuses past the limit.
        assert during == [200] * 5 + [429]
        assert down.status_code == 200
        assert down.json()["status"] == "degraded"
        assert down.json()["checks"]["redis"].startswith("down")
        # Back on Redis by itself: the new server holds the count, no restart needed.
        assert back.status_code == 200
        assert back.headers["ratelimit-remaining"] == "4"
        assert _spent(redis_server.counters(), now=limiter_clock.time(), per_minute=5) == [1]
        assert ready.status_code == 200

    def test_frozen_one_request_pays_the_timeout_the_rest_are_served_at_once(
        self, database_url, db, redis_server, limiter_clock, redis_calls
    ):
        settings = make_settings(database_url, redis_url=redis_server.url)
        app = create_app(settings, database=db, job_runner=_discard)
        with TestClient(app, client=(random_ip(), 50000)) as client:
            healthy = client.get("/v1/cars").status_code
            redis_server.freeze()  # accepts connections, never answers
            try:
                frozen = [client.get("/v1/cars").status_code for _ in range(6)]
                asked_while_frozen = list(redis_calls)
                ready = client.get("/readyz")
            finally:
                redis_server.thaw()
            limiter_clock.advance(6)  # past the limiter's pause
            after = client.get("/v1/cars").status_code

        assert healthy == 200
        assert frozen == [200] * 6
        # One request waited for the socket timeout; the next five used the fallback
        # without asking Redis at all.
        assert asked_while_frozen == ["ok", "TimeoutError"]
        assert ready.status_code == 200
        assert ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["redis"].startswith("down: TimeoutError")
        assert after == 200
        assert redis_calls[-1] == "ok"  # back on Redis by itself


# --- RabbitMQ ------------------------------------------------------------------------


def _unapproved_vendors(db: Database, create_user: Callable[..., User], count: int) -> list[int]:
    """Vendors awaiting approval, each with a WhatsApp number; returns vendor ids."""
    ids = []
    for n in range(count):
        user = create_user(role="vendor", approved=False, phone=f"+2547{n:08d}")
        with db.transaction() as session:
            session.get(User, user.id).whatsapp_opt_in = True
            ids.append(session.scalar(select(Vendor.id).where(Vendor.user_id == user.id)))
    return ids


def _undispatched(db: Database) -> int:
    with db.transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.dispatched_at.is_(None))
            )
        )


def _notification_statuses(db: Database) -> list[str]:
    """The statuses of every message but the drain's sentinels."""
    with db.transaction() as session:
        return list(
            session.scalars(
                select(Notification.status).where(Notification.to_address.not_like(f"{SENTINEL}%"))
            )
        )


@contextmanager
def black_hole() -> Iterator[tuple[str, list[socket.socket]]]:
    """A broker address that accepts TCP connections and never says a word; also
    yields the connections it accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"amqp://guest:guest@127.0.0.1:{listener.getsockname()[1]}//", held
    finally:
        listener.close()
        for connection in held:
            connection.close()


class TestBrokerUnavailable:
    EVENTS = 20

    def test_requests_succeed_and_the_sweep_delivers_every_event_once(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        admin = create_user(role="admin")
        vendor_ids = _unapproved_vendors(db, create_user, self.EVENTS)
        app = create_app(settings_for(celery_broker_url=CLOSED_BROKER), database=db)
        with TestClient(app) as client:
            statuses = [
                client.put(
                    f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin)
                ).status_code
                for vendor_id in vendor_ids
            ]

        assert statuses == [200] * self.EVENTS
        assert _undispatched(db) == self.EVENTS  # every event kept, none sent
        assert _notification_statuses(db) == []

        # The broker is back: two beat ticks re-publish everything before a worker
        # runs, so every event is on the queue twice.
        healthy = settings_for(outbox_sweep_after_seconds=1)
        runtime = Runtime.from_settings(healthy, db=db)
        previous = jobs.install_runner(celery_runner(healthy))
        try:
            # Two seconds on: every event is past the sweep's one-second grace.
            with clock.use(FrozenClock(time.time() + 2)):
                assert run_sweep_outbox(runtime) == self.EVENTS
                assert run_sweep_outbox(runtime) == self.EVENTS
            start_worker()
            assert wait_for(lambda: _undispatched(db) == 0, timeout=90)
            assert run_sweep_outbox(runtime) == 0  # nothing left to re-publish
        finally:
            jobs.install_runner(previous)

        # Every duplicate is queued before the sentinel: once it is sent, none can come.
        drain(create_app(settings_for(), database=db), db, create_user, auth_headers)
        assert sorted(_notification_statuses(db)) == ["sent"] * (2 * self.EVENTS)
        phones = sorted(message["To"] for message in fake_twilio.accepted)
        assert phones == [f"whatsapp:+2547{n:08d}" for n in range(self.EVENTS)]
        with db.transaction() as session:
            emails = set(
                session.scalars(
                    select(User.email)
                    .join(Vendor, Vendor.user_id == User.id)
                    .where(User.email.not_like(f"{SENTINEL}%"))
                )
            )
        assert sorted(message["To"] for message in sent_emails(smtp)) == sorted(emails)

    def test_an_unresponsive_broker_costs_the_api_one_timeout_not_one_per_request(
        self, database_url, db, create_user, auth_headers
    ):
        # A broker host that vanished from the network leaves connections hanging
        # rather than refused. Publishing happens inside the request, before the
        # response: without the breaker every event-emitting request would wait the
        # full broker_connection_timeout (2 s) on a connection of its own.
        admin = create_user(role="admin")
        vendor_ids = _unapproved_vendors(db, create_user, 5)
        with black_hole() as (broker, connections):
            settings = make_settings(database_url, celery_broker_url=broker)
            with TestClient(create_app(settings, database=db)) as client:
                statuses = [
                    client.put(
                        f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin)
                    ).status_code
                    for vendor_id in vendor_ids
                ]
            tried = len(connections)

        assert statuses == [200] * 5
        assert _undispatched(db) == 5  # every event kept for the sweep
        assert tried == 1  # the first publish waited; the breaker answered the others

    def test_the_breaker_closes_after_its_pause(self, database_url):
        now = [1000.0]
        settings = make_settings(database_url, celery_broker_url=CLOSED_BROKER)
        publish = celery_runner(settings, pause_seconds=15, clock=lambda: now[0])
        with pytest.raises(kombu.exceptions.OperationalError):  # the broker refused
            publish("workers.tasks.sweep_outbox", ())
        now[0] += 14.9
        with pytest.raises(PublishPaused):
            publish("workers.tasks.sweep_outbox", ())
        now[0] += 0.2
        with pytest.raises(kombu.exceptions.OperationalError):  # tried the broker again
            publish("workers.tasks.sweep_outbox", ())
