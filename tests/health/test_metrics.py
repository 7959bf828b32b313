"""/metrics: what the database and the broker hold, measured at scrape time and never
able to hang or fail a scrape; the pool and hashing gauges; several server processes
(`gurumisha serve --workers 2`) answering as one."""

from __future__ import annotations

import secrets
import socket
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from kombu import Connection, Queue
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from sidecar.app import create_app
from sidecar.core.database import Database
from sidecar.core.errors import TooManyRequests
from sidecar.models import Notification, OutboxMessage, WebhookEvent
from sidecar.models.cms_sync_bookmarks import CmsSyncBookmark
from sidecar.models.notifications import Channel
from sidecar.payments import service as payments
from sidecar.payments.gateways import Gateways
from sidecar.payments.schemas import PaymentCreate
from tests.conftest import make_settings, principal_of
from tests.orders.factories import create_car
from tests.payments.test_integration import Processes, free_port, wait_for

BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"


def samples(body: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, keyed by (name, labels)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(body: str, name: str, **labels: str) -> float:
    return samples(body)[(name, frozenset(labels.items()))]


def internal(app) -> TestClient:
    """A client inside the cluster (METRICS_ALLOWED_NETWORKS)."""
    return TestClient(app, client=("10.0.0.7", 50000))


def scrape(client: TestClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    return response.text


class TestDatabaseMeasurements:
    def test_backlogs_outcomes_and_payments_as_the_database_holds_them(
        self, client, db, cast, auth_headers
    ):
        with db.transaction() as session:
            for number in range(3):
                session.add(
                    OutboxMessage(kind="car.approved", payload={}, dedupe_key=f"metrics-{number}")
                )
            session.add(WebhookEvent(source="strapi", dedupe_key="e1", payload={}))
            session.add(
                CmsSyncBookmark(
                    uid="api::article.article",
                    updated_after=datetime(2026, 1, 1, tzinfo=UTC),
                    synced_at=datetime.now(UTC) - timedelta(minutes=3),
                )
            )
            for status in ("sent", "failed", "failed"):
                session.add(
                    Notification(channel=Channel.WHATSAPP, template="t", body="b", status=status)
                )
            session.flush()
            session.execute(
                text(
                    "UPDATE outbox SET created_at = now() - interval '400 seconds' "
                    "WHERE dedupe_key = 'metrics-0'"
                )
            )
        car = create_car(db, owner=cast.other_customer)
        order = client.post(
            "/v1/orders",
            json={"items": [{"itemType": "car", "itemId": car}]},
            headers=auth_headers(cast.customer),
        ).json()["id"]
        with db.transaction() as session:
            payments.open_payment(
                session,
                payer=principal_of(session, cast.customer),
                order_id=order,
                data=PaymentCreate(method="mpesa", phone="0712345678"),
                gateways=Gateways.simulated_only(),
            )
            session.execute(text("UPDATE payments SET created_at = now() - interval '20 minutes'"))

        body = scrape(client)

        assert value(body, "gurumisha_metrics_source_up", source="database") == 1
        assert value(body, "gurumisha_outbox_undispatched") == 3
        assert 400 <= value(body, "gurumisha_outbox_oldest_undispatched_age_seconds") < 3600
        assert value(body, "gurumisha_webhook_inbox_unprocessed", source="strapi") == 1
        assert value(body, "gurumisha_notifications", channel="whatsapp", status="failed") == 2
        assert value(body, "gurumisha_notifications", channel="whatsapp", status="sent") == 1
        # Every outcome has a series, zero included, so a rate over it starts at once.
        assert value(body, "gurumisha_notifications", channel="email", status="failed") == 0
        sync_age = value(
            body, "gurumisha_cms_sync_age_seconds", content_type="api::article.article"
        )
        assert 180 <= sync_age < 3600
        assert value(body, "gurumisha_payments", provider="simulated", status="initiated") == 1
        assert value(body, "gurumisha_payments", provider="mpesa", status="succeeded") == 0
        age = value(body, "gurumisha_payments_initiated_oldest_age_seconds", provider="simulated")
        assert 1200 <= age < 3600

    def test_a_database_that_is_down_leaves_the_scrape_answering(self, database_url):
        settings = make_settings(database_url)
        dead = Database("postgresql+psycopg://postgres@127.0.0.1:1/none")
        with internal(create_app(settings, database=dead)) as client:
            body = scrape(client)
        assert value(body, "gurumisha_metrics_source_up", source="database") == 0
        assert "gurumisha_outbox_undispatched" not in body
        assert "gurumisha_db_pool_connections_max" in body  # the process's own metrics

    def test_a_database_that_never_answers_cannot_hang_the_scrape(self, database_url):
        # A port that accepts connections and then says nothing: the measurement waits
        # for its connect timeout, the scrape only for the measurement's deadline.
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        hung = Database(f"postgresql+psycopg://postgres@127.0.0.1:{port}/none")
        try:
            with internal(create_app(make_settings(database_url), database=hung)) as client:
                first, second = scrape(client), scrape(client)
        finally:
            silent.close()
        for body in (first, second):
            assert value(body, "gurumisha_metrics_source_up", source="database") == 0


class TestProcessGauges:
    def test_pool_connections_in_use_and_capacity(self, client, db, settings):
        scrape(client)  # the first scrape's measurement has checked its connection in
        with db.engine.connect():
            body = scrape(client)
        assert value(body, "gurumisha_db_pool_connections_in_use") == 1
        capacity = settings.db_pool_size + settings.db_max_overflow
        assert value(body, "gurumisha_db_pool_connections_max") == capacity
        assert value(scrape(client), "gurumisha_db_pool_connections_in_use") == 0

    def test_an_app_started_twice_measures_and_counts_both_times(self, db, settings):
        app = create_app(settings, database=db, job_runner=lambda *_: None)
        for _ in range(2):
            with internal(app) as client, db.engine.connect():
                body = scrape(client)
            assert value(body, "gurumisha_metrics_source_up", source="database") == 1
            assert value(body, "gurumisha_db_pool_connections_in_use") == 1

    def test_hash_slots_in_use_while_a_password_hashes(self, app, client, settings):
        hasher = app.state.hasher
        started, release = threading.Event(), threading.Event()
        original = hasher.rounds

        def slow_hash() -> None:
            hasher._slot()
            started.set()
            release.wait(10)
            hasher._release()

        worker = threading.Thread(target=slow_hash)
        worker.start()
        started.wait(10)
        try:
            body = scrape(client)
        finally:
            release.set()
            worker.join()
        assert hasher.rounds == original
        assert value(body, "gurumisha_password_hash_slots_in_use") == 1
        slots = settings.max_concurrent_password_hashes
        assert value(body, "gurumisha_password_hash_slots") == slots
        assert value(scrape(client), "gurumisha_password_hash_slots_in_use") == 0

    def test_a_login_refused_for_want_of_a_hashing_slot_is_counted(self, app, client, settings):
        hasher = app.state.hasher
        for _ in range(settings.max_concurrent_password_hashes):
            hasher._slot()
        try:
            with pytest.raises(TooManyRequests):
                hasher.verify("Some#Password-2026", None)
            body = scrape(client)
        finally:
            for _ in range(settings.max_concurrent_password_hashes):
                hasher._release()
        assert value(body, "gurumisha_password_hash_slot_timeouts_total") == 1
        assert (
            value(body, "gurumisha_password_hash_slots_in_use")
            == settings.max_concurrent_password_hashes
        )


@pytest.fixture
def queue_prefix() -> Iterator[str]:
    prefix = f"metrics{secrets.token_hex(4)}."
    yield prefix
    with Connection(BROKER_URL) as connection:
        channel = connection.channel()
        for name in ("notifications", "housekeeping"):
            Queue(f"{prefix}{name}", channel=channel).delete()


class TestQueueDepth:
    def test_messages_waiting_in_each_queue_from_rabbitmq(self, database_url, queue_prefix):
        notifications = f"{queue_prefix}notifications"
        with Connection(BROKER_URL) as connection:
            producer = connection.Producer()
            queue = Queue(notifications, channel=connection.channel())
            queue.declare()
            for number in range(3):
                producer.publish({"n": number}, routing_key=notifications)
        settings = make_settings(
            database_url, celery_broker_url=BROKER_URL, celery_queue_prefix=queue_prefix
        )
        with internal(create_app(settings, job_runner=lambda *_: None)) as client:
            body = scrape(client)
        assert value(body, "gurumisha_metrics_source_up", source="broker") == 1
        assert value(body, "celery_queue_messages", queue=notifications) == 3
        # Never declared (no worker yet): nothing waits in it.
        housekeeping = f"{queue_prefix}housekeeping"
        assert value(body, "celery_queue_messages", queue=housekeeping) == 0

    def test_a_broker_that_is_down_leaves_the_scrape_answering(self, database_url):
        settings = make_settings(database_url, celery_broker_url="amqp://guest:guest@127.0.0.1:1//")
        with internal(create_app(settings, job_runner=lambda *_: None)) as client:
            body = scrape(client)
        assert value(body, "gurumisha_metrics_source_up", source="broker") == 0
        assert value(body, "gurumisha_metrics_source_up", source="database") == 1


class TestSeveralServerProcesses:
    def test_two_workers_answer_one_scrape_with_everyones_counts(self, database_url, settings):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        processes = Processes()
        processes.start(
            [sys.executable, "-m", "sidecar.cli", "serve", "--port", str(port), "--workers", "2"],
            {
                "ENVIRONMENT": "test",
                "DATABASE_URL": database_url,
                "JWT_SECRET": settings.jwt_secret,
            },
        )
        try:

            def both_started() -> bool:
                body = httpx.get(f"{base}/metrics").text
                return (
                    sum(
                        1
                        for name, _ in samples(body)
                        if name == "gurumisha_server_process_start_time_seconds"
                    )
                    == 2
                )

            assert wait_for(both_started, timeout=60)
            # New connections each time, so both processes take some of them.
            for _ in range(40):
                assert (
                    httpx.get(f"{base}/healthz", headers={"Connection": "close"}).status_code == 200
                )
            bodies = [httpx.get(f"{base}/metrics").text for _ in range(6)]
        finally:
            processes.stop()

        for body in bodies:
            served = value(
                body,
                "http_request_duration_seconds_count",
                method="GET",
                route="/healthz",
                status="200",
            )
            assert served == 40
            # A "livesum" gauge: one series for the pod, not one per process.
            in_use = [key for key in samples(body) if key[0] == "gurumisha_db_pool_connections_max"]
            assert len(in_use) == 1
            assert value(body, "gurumisha_db_pool_connections_max") == 2 * (
                settings.db_pool_size + settings.db_max_overflow
            )
