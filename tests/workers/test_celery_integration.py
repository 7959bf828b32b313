"""End to end through the real RabbitMQ and a real `gurumisha worker` process.

An API request changes state; the outbox row is published after commit; a separate
worker process delivers it to a local stand-in for Twilio's API and to a real SMTP
server. Fault drills: the worker SIGKILLed mid-send, the broker unreachable at
commit time, and a duplicate task message; each ends with exactly one delivery.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sidecar.app import create_app
from sidecar.core import clock, jobs
from sidecar.core.clock import FrozenClock
from sidecar.models import Notification, OutboxMessage, Vendor
from tests.workers.conftest import ACCOUNT_SID, channel_settings
from workers.runners import celery_runner
from workers.runtime import Runtime
from workers.tasks import run_sweep_outbox

BROKER = os.environ.get("TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def queue_prefix() -> str:
    # Our own queues on the shared broker: runs never consume each other's tasks.
    return f"t{os.getpid()}{secrets.token_hex(3)}."


@pytest.fixture
def settings_for(database_url, fake_twilio, smtp, queue_prefix):
    def build(**extra):
        values = {"celery_broker_url": BROKER, "celery_queue_prefix": queue_prefix} | extra
        return channel_settings(database_url, fake_twilio, smtp, **values)

    return build


@pytest.fixture
def start_worker(
    database_url, fake_twilio, smtp, queue_prefix
) -> Iterator[Callable[[], subprocess.Popen]]:
    started: list[subprocess.Popen] = []
    env = os.environ | {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE_PREFIX": queue_prefix,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": "token",
        "TWILIO_WHATSAPP_FROM": "+14155238886",
        "TWILIO_API_BASE_URL": fake_twilio.base_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_STARTTLS": "false",
        "NOTIFICATION_RETRY_BASE_SECONDS": "0.2",
        "NOTIFICATION_RETRY_CAP_SECONDS": "1",
        "ENVIRONMENT": "test",
    }

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "sidecar.cli", "worker", "--concurrency", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so a kill takes its children too
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def approve_vendor_through_the_api(app, db, create_user, auth_headers) -> int:
    admin = create_user(role="admin")
    user = create_user(role="vendor", approved=False, phone="+254712345678")
    with db.transaction() as session:
        session.get(type(user), user.id).whatsapp_opt_in = True
        vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))
    with TestClient(app) as client:
        response = client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))
    assert response.status_code == 200, response.text
    with db.transaction() as session:
        return session.scalar(select(OutboxMessage.id))


SENTINEL = "sentinel-"


def statuses(db) -> dict[str, str]:
    with db.transaction() as session:
        rows = session.scalars(
            select(Notification).where(Notification.to_address.not_like(f"{SENTINEL}%"))
        )
        return {n.channel: n.status for n in rows}


def emails(smtp) -> list:
    """What reached the SMTP server, the sentinels' messages left out."""
    return [message for message in smtp.messages if not message["To"].startswith(SENTINEL)]


def drain(app, db, create_user, auth_headers) -> None:
    """Queues one more delivery behind everything else and waits until it is sent.

    The worker runs one process taking one message at a time, in order: once the
    sentinel's email is sent, every task queued before it (a duplicate included) has
    run, so nothing more can arrive. No waiting and hoping.
    """
    admin = create_user(role="admin")
    sentinel = create_user(
        role="vendor", approved=False, email=f"{SENTINEL}{secrets.token_hex(4)}@example.co.ke"
    )
    with db.transaction() as session:
        vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == sentinel.id))
    with TestClient(app) as client:
        approved = client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))
    assert approved.status_code == 200, approved.text

    def sent() -> bool:
        with db.transaction() as session:
            status = session.scalar(
                select(Notification.status).where(Notification.to_address == sentinel.email)
            )
        return status == "sent"

    assert wait_for(sent), "the sentinel was never delivered"


def all_sent(db) -> bool:
    return statuses(db) == {"email": "sent", "whatsapp": "sent"}


class TestWorkerDelivers:
    def test_an_import_shipped_through_the_api_reaches_the_customer_once(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        start_worker()
        customer = create_user(phone="+254712345678")
        with db.transaction() as session:
            session.get(type(customer), customer.id).whatsapp_opt_in = True
        admin = create_user(role="admin")
        specs = {
            "make": "Toyota",
            "model": "Harrier",
            "year": 2022,
            "budget": 3_000_000,
            "originCountry": "Japan",
            "engine_cc": 2000,
        }
        with TestClient(create_app(settings_for(), database=db)) as client:
            created = client.post(
                "/v1/imports", json={"specs": specs}, headers=auth_headers(customer)
            )
            assert created.status_code == 201, created.text
            moved = client.put(
                f"/v1/imports/{created.json()['id']}/status",
                json={"status": "shipped", "note": "On MV Kota Lihat, ETA Mombasa 12 Dec"},
                headers=auth_headers(admin),
            )
            assert moved.status_code == 200, moved.text

        assert wait_for(lambda: all_sent(db)), statuses(db)
        drain(create_app(settings_for(), database=db), db, create_user, auth_headers)
        assert len(fake_twilio.accepted) == 1
        assert "Harrier" in fake_twilio.accepted[0]["Body"]
        assert [message["To"] for message in emails(smtp)] == [customer.email]

    def test_a_state_change_reaches_whatsapp_and_email_once(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        start_worker()
        app = create_app(settings_for(), database=db)

        approve_vendor_through_the_api(app, db, create_user, auth_headers)

        assert wait_for(lambda: all_sent(db)), statuses(db)
        drain(app, db, create_user, auth_headers)
        assert len(fake_twilio.accepted) == 1
        assert fake_twilio.accepted[0]["To"] == "whatsapp:+254712345678"
        assert len(emails(smtp)) == 1

    def test_worker_killed_mid_send_still_delivers_once(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        fake_twilio.script.delays = [5.0]  # the first send hangs at the provider
        worker = start_worker()
        app = create_app(settings_for(), database=db)
        approve_vendor_through_the_api(app, db, create_user, auth_headers)
        assert fake_twilio.arrived.wait(30)

        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        assert statuses(db).get("whatsapp") == "queued"  # the send's transaction rolled back
        start_worker()

        assert wait_for(lambda: all_sent(db), timeout=45), statuses(db)
        drain(app, db, create_user, auth_headers)
        assert len(fake_twilio.accepted) == 1
        assert len(emails(smtp)) == 1

    def test_twilio_failing_twice_is_retried_to_one_delivery(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        fake_twilio.script.statuses = [500, 500]
        start_worker()
        app = create_app(settings_for(), database=db)

        approve_vendor_through_the_api(app, db, create_user, auth_headers)

        assert wait_for(lambda: all_sent(db)), statuses(db)
        assert len(fake_twilio.requests) == 3
        assert len(fake_twilio.accepted) == 1
        assert len(smtp.messages) == 1


class TestBrokerFaults:
    def test_broker_down_at_commit_is_recovered_by_the_sweep(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        down = settings_for(celery_broker_url="amqp://guest:guest@127.0.0.1:1//")
        app = create_app(down, database=db)
        started = time.monotonic()
        outbox_id = approve_vendor_through_the_api(app, db, create_user, auth_headers)
        assert time.monotonic() - started < 15  # the request did not hang on the broker
        with db.transaction() as session:
            assert session.get(OutboxMessage, outbox_id).dispatched_at is None

        start_worker()
        healthy = settings_for(outbox_sweep_after_seconds=1)
        previous = jobs.install_runner(celery_runner(healthy))
        try:
            # Two seconds on: the event is past the sweep's one-second grace.
            with clock.use(FrozenClock(time.time() + 2)):
                assert run_sweep_outbox(Runtime.from_settings(healthy, db=db)) == 1
        finally:
            jobs.install_runner(previous)

        assert wait_for(lambda: all_sent(db)), statuses(db)
        assert (len(fake_twilio.accepted), len(smtp.messages)) == (1, 1)

    def test_a_duplicate_task_message_sends_once(
        self, settings_for, start_worker, db, create_user, auth_headers, fake_twilio, smtp
    ):
        settings = settings_for()
        app = create_app(settings, database=db)
        outbox_id = approve_vendor_through_the_api(app, db, create_user, auth_headers)
        publish = celery_runner(settings)
        publish("workers.tasks.deliver_outbox", (outbox_id,))  # the same message again
        start_worker()

        assert wait_for(lambda: all_sent(db)), statuses(db)
        drain(app, db, create_user, auth_headers)
        assert (len(fake_twilio.accepted), len(emails(smtp))) == (1, 1)
