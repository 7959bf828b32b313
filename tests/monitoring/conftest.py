"""A full journey through the real platform, for the log and dashboard checks.

`gurumisha serve --workers 2` and a Celery worker on the real RabbitMQ, with M-Pesa
answered by our Daraja stand-in, and every secret setting given a distinctive value.
A buyer registers, signs in (once with a wrong password), refreshes the session,
browses, orders a car and pays by M-Pesa (the stand-in calls back); Strapi delivers
a webhook (and a forged one); the buyer signs out. The fixture keeps what a log
shipper and a Prometheus would have seen: every log line, and /metrics.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from amqp.exceptions import NotFound
from kombu import Connection, Queue
from sqlalchemy import select

from sidecar.core.database import Database
from sidecar.models import OutboxMessage, Payment, User
from tests.orders.factories import create_car
from tests.payments.test_integration import free_port, wait_for

BROKER_URL = os.environ.get("TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
ORIGIN = "https://app.gurumisha.test"
SHORTCODE = "174379"
PASSWORD = "Journey#Savannah-2026"
DB_PASSWORD = f"dbpw{secrets.token_hex(8)}"  # trust authentication ignores it

# Every setting that holds a secret, with a value that cannot appear by chance.
SECRET_SETTINGS = (
    "JWT_SECRET",
    "TWILIO_AUTH_TOKEN",
    "SMTP_PASSWORD",
    "MPESA_CONSUMER_KEY",
    "MPESA_CONSUMER_SECRET",
    "MPESA_PASSKEY",
    "MPESA_CALLBACK_TOKEN",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRAPI_API_TOKEN",
    "STRAPI_WEBHOOK_SECRET",
    "FRONTEND_REVALIDATE_SECRET",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


@dataclass
class Journey:
    metrics: list[str]  # /metrics, scraped several times (either server process)
    sidecar_lines: list[str]  # the API's stderr, one line each
    all_logs: str  # the API's and the worker's output
    secrets: dict[str, str]  # what must never be logged, by what it is


class Platform:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                args,
                env=os.environ | env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((process, log))

    def stop(self) -> None:
        for process, _ in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, 15)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait(5)


def _secret(name: str) -> str:
    prefix = {"STRIPE_SECRET_KEY": "sk_test_", "STRIPE_WEBHOOK_SECRET": "whsec_"}.get(name, "")
    return f"{prefix}{name.lower().replace('_', '')}{secrets.token_hex(16)}"


def _consumed(queue: str) -> bool:
    """Whether a worker consumes ``queue`` (False until the worker has declared it)."""
    try:
        with Connection(BROKER_URL, connect_timeout=2) as connection:
            _, _, consumers = connection.default_channel.queue_declare(queue=queue, passive=True)
    except NotFound:
        return False
    return consumers > 0


@pytest.fixture(scope="module")
def journey(database_url: str, db: Database, tmp_path_factory: pytest.TempPathFactory) -> Journey:
    values = {name: _secret(name) for name in SECRET_SETTINGS}
    api, daraja = f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"
    prefix = f"journey{secrets.token_hex(4)}."
    dsn = database_url.replace("postgres@", f"postgres:{DB_PASSWORD}@", 1)
    env = values | {
        "ENVIRONMENT": "development",
        "DATABASE_URL": dsn,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_QUEUE_PREFIX": prefix,
        "CORS_ORIGINS": ORIGIN,
        "COOKIE_SECURE": "false",
        "RATE_LIMIT_PER_MINUTE": "100000",
        "AUTH_RATE_LIMIT_PER_MINUTE": "100000",
        "MPESA_API_BASE_URL": daraja,
        "MPESA_SHORTCODE": SHORTCODE,
        "MPESA_CALLBACK_BASE_URL": api,
        "STRIPE_API_BASE": "http://127.0.0.1:1",
    }
    folder = tmp_path_factory.mktemp("journey")
    platform = Platform(folder)
    python = sys.executable
    try:
        platform.start(
            "daraja",
            [python, "-m", "tests.payments.daraja_standin", "--port", daraja.rsplit(":", 1)[1]],
            {
                "DARAJA_CONSUMER_KEY": values["MPESA_CONSUMER_KEY"],
                "DARAJA_CONSUMER_SECRET": values["MPESA_CONSUMER_SECRET"],
                "DARAJA_SHORTCODE": SHORTCODE,
                "DARAJA_PASSKEY": values["MPESA_PASSKEY"],
            },
        )
        port = api.rsplit(":", 1)[1]
        platform.start(
            "sidecar", [python, "-m", "sidecar.cli", "serve", "--port", port, "--workers", "2"], env
        )
        platform.start("worker", [python, "-m", "sidecar.cli", "worker", "--concurrency", "1"], env)
        assert wait_for(lambda: httpx.get(f"{api}/readyz").status_code == 200, timeout=60)
        assert wait_for(lambda: httpx.get(f"{daraja}/_standin/callbacks").status_code == 200)
        assert wait_for(lambda: _consumed(f"{prefix}notifications"), timeout=60)
        tokens = _walk(api, db, values)
        bodies = [httpx.get(f"{api}/metrics").text for _ in range(4)]
    finally:
        platform.stop()
        with Connection(BROKER_URL) as connection:
            for name in ("notifications", "housekeeping"):
                Queue(f"{prefix}{name}", channel=connection.channel()).delete()
    sidecar_log = (folder / "sidecar.log").read_text()
    all_logs = "\n".join(log.read_text() for _, log in platform.started)
    return Journey(
        metrics=bodies,
        sidecar_lines=[line for line in sidecar_log.splitlines() if line.strip()],
        all_logs=all_logs,
        secrets=values | tokens | {"PASSWORD": PASSWORD, "DATABASE_PASSWORD": DB_PASSWORD},
    )


def _walk(api: str, db: Database, values: dict[str, str]) -> dict[str, str]:
    """The journey; returns the session secrets it was given (token, cookie)."""
    client = httpx.Client(base_url=api, timeout=30)
    seller_email = f"seller-{secrets.token_hex(4)}@example.co.ke"
    buyer_email = f"buyer-{secrets.token_hex(4)}@example.co.ke"
    for email in (seller_email, buyer_email):
        registered = client.post(
            "/v1/auth/register",
            json={"email": email, "password": PASSWORD, "full_name": "Amani Wekesa"},
        )
        assert registered.status_code == 201, registered.text
    wrong = client.post("/v1/auth/login", json={"email": buyer_email, "password": PASSWORD + "x"})
    assert wrong.status_code == 401
    login = client.post("/v1/auth/login", json={"email": buyer_email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    token = login.json()["token"]
    cookie = login.cookies["gm_refresh"]
    buyer = {"Authorization": f"Bearer {token}"}
    assert client.get("/v1/auth/me", headers=buyer).status_code == 200
    refreshed = client.post("/v1/auth/refresh", headers={"Origin": ORIGIN})
    assert refreshed.status_code == 200, refreshed.text
    token2 = refreshed.json()["token"]
    cookie2 = refreshed.cookies["gm_refresh"]
    buyer = {"Authorization": f"Bearer {token2}"}

    with db.transaction() as session:
        seller = session.scalars(select(User).where(User.email == seller_email)).one()
    car = create_car(db, owner=seller)
    assert client.get("/v1/cars").status_code == 200
    assert client.get(f"/v1/cars/{car}").status_code == 200
    assert client.get("/v1/cars/999999").status_code == 404
    order = client.post(
        "/v1/orders", json={"items": [{"itemType": "car", "itemId": car}]}, headers=buyer
    )
    assert order.status_code == 201, order.text
    order_id = order.json()["id"]
    paying = client.post(
        f"/v1/orders/{order_id}/payments",
        json={"method": "mpesa", "phone": "0712345678"},
        headers=buyer,
    )
    assert paying.status_code == 202, paying.text

    def paid() -> bool:
        with db.transaction() as session:
            status = session.scalar(select(Payment.status).where(Payment.order_id == order_id))
        return status == "succeeded"

    assert wait_for(paid, timeout=30)

    # The card provider is down (nothing listens at STRIPE_API_BASE): a 5xx, as a
    # provider outage would give.
    second_car = create_car(db, owner=seller, title="Mazda Demio 2015, 1300cc, red")
    second = client.post(
        "/v1/orders", json={"items": [{"itemType": "car", "itemId": second_car}]}, headers=buyer
    )
    assert second.status_code == 201, second.text
    card = client.post(
        f"/v1/orders/{second.json()['id']}/payments", json={"method": "card"}, headers=buyer
    )
    assert card.status_code in (502, 503), card.text

    delivery = {
        "event": "entry.publish",
        "createdAt": "2026-12-01T10:00:00.000Z",
        "model": "article",
        "uid": "api::article.article",
        "entry": {"id": 7, "documentId": "journeydoc01", "publishedAt": "2026-12-01T10:00:00.000Z"},
    }
    secret_header = {"X-Gurumisha-Webhook-Secret": values["STRAPI_WEBHOOK_SECRET"]}
    assert (
        client.post("/v1/webhooks/strapi", json=delivery, headers=secret_header).status_code == 202
    )
    forged = {"X-Gurumisha-Webhook-Secret": "not-the-secret"}
    assert client.post("/v1/webhooks/strapi", json=delivery, headers=forged).status_code == 401
    out = client.post("/v1/auth/logout", headers={"Origin": ORIGIN})
    assert out.status_code == 204

    def dispatched() -> bool:
        with db.transaction() as session:
            waiting = session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.dispatched_at.is_(None)).limit(1)
            )
        return waiting is None

    assert wait_for(dispatched, timeout=30)
    return {
        "ACCESS_TOKEN": token,
        "ACCESS_TOKEN_REFRESHED": token2,
        "REFRESH_COOKIE": cookie,
        "REFRESH_COOKIE_ROTATED": cookie2,
    }


def json_lines(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines if line.startswith("{")]
