"""End to end, over real HTTP between processes: the sidecar (`gurumisha serve`), our
Daraja stand-in (tests/payments/daraja_standin.py) and localstripe (a stateful fake
of Stripe's API that signs its webhooks like Stripe).

A buyer orders two parts and pays by M-Pesa: the stand-in calls the sidecar back, the
sidecar asks it (STK query) and the order is paid within seconds of the callback; a
replayed callback and one to a forged path change nothing. A card payment is
confirmed by the card fake, whose signed webhook pays the order; an unsigned
webhook is refused.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from sidecar.models import OutboxMessage, Payment, WebhookEvent
from tests.hardening.world import changed_tables, snapshot
from tests.orders.factories import order_status
from tests.parts.factories import create_part, stock_of

KEY, SECRET, SHORTCODE, PASSKEY = "standin-key", "standin-secret", "174379", "standin-passkey"
CALLBACK_TOKEN = "integration-token-0123456789"
WEBHOOK_SECRET = "whsec_integration_0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


class Processes:
    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.started.append(
            subprocess.Popen(
                args,
                env=os.environ | (env or {}),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def platform(database_url, settings) -> Iterator[dict[str, str]]:
    """The three processes, wired to each other; their base URLs."""
    processes = Processes()
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in ("sidecar", "daraja", "stripe")}
    try:
        processes.start(
            [
                sys.executable,
                "-m",
                "tests.payments.daraja_standin",
                "--port",
                urls["daraja"][-5:].lstrip(":"),
            ],
            {
                "DARAJA_CONSUMER_KEY": KEY,
                "DARAJA_CONSUMER_SECRET": SECRET,
                "DARAJA_SHORTCODE": SHORTCODE,
                "DARAJA_PASSKEY": PASSKEY,
            },
        )
        localstripe = Path(sys.executable).with_name("localstripe")
        processes.start(
            [str(localstripe), "--port", urls["stripe"].rsplit(":", 1)[1], "--from-scratch"]
        )
        processes.start(
            [
                sys.executable,
                "-m",
                "sidecar.cli",
                "serve",
                "--port",
                urls["sidecar"].rsplit(":", 1)[1],
            ],
            {
                "ENVIRONMENT": "development",
                "DATABASE_URL": database_url,
                "JWT_SECRET": settings.jwt_secret,
                "RATE_LIMIT_PER_MINUTE": "100000",
                "MPESA_API_BASE_URL": urls["daraja"],
                "MPESA_CONSUMER_KEY": KEY,
                "MPESA_CONSUMER_SECRET": SECRET,
                "MPESA_SHORTCODE": SHORTCODE,
                "MPESA_PASSKEY": PASSKEY,
                "MPESA_CALLBACK_BASE_URL": urls["sidecar"],
                "MPESA_CALLBACK_TOKEN": CALLBACK_TOKEN,
                "STRIPE_SECRET_KEY": "sk_test_integration",
                "STRIPE_API_BASE": urls["stripe"],
                "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            },
        )
        assert wait_for(lambda: httpx.get(f"{urls['sidecar']}/healthz").status_code == 200)
        assert wait_for(
            lambda: httpx.get(f"{urls['daraja']}/_standin/callbacks").status_code == 200
        )
        assert wait_for(
            lambda: (
                httpx.post(
                    f"{urls['stripe']}/_config/webhooks/gurumisha",
                    data={"url": f"{urls['sidecar']}/v1/webhooks/stripe", "secret": WEBHOOK_SECRET},
                ).status_code
                == 200
            )
        )
        yield urls
    finally:
        processes.stop()


def settled(db) -> bool:
    """Every receipt sent (or logged) and every callback processed."""
    with db.transaction() as session:
        open_outbox = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dispatched_at.is_(None)).limit(1)
        )
        open_inbox = session.scalar(
            select(WebhookEvent.id).where(WebhookEvent.processed_at.is_(None)).limit(1)
        )
    return open_outbox is None and open_inbox is None


def _order(api: str, headers, *parts: tuple[int, int]) -> dict:
    response = httpx.post(
        f"{api}/v1/orders",
        json={"items": [{"item_type": "part", "item_id": p, "quantity": q} for p, q in parts]},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_paying_by_mpesa_and_by_card_through_stand_ins(platform, db, cast, auth_headers):
    api, daraja, stripe_api = platform["sidecar"], platform["daraja"], platform["stripe"]
    pads = create_part(db, vendor=cast.vendor, name="Front brake pads", price="4500", stock=10)
    filters = create_part(db, vendor=cast.other_vendor, name="Oil filter", price="850", stock=5)
    buyer = auth_headers(cast.customer)

    # M-Pesa: the prompt, the callback, the STK query, paid.
    order = _order(api, buyer, (pads, 2), (filters, 1))
    assert (stock_of(db, pads), stock_of(db, filters)) == (8, 4)
    started = httpx.post(
        f"{api}/v1/orders/{order['id']}/payments",
        json={"method": "mpesa", "phone": "0712345678"},
        headers=buyer,
    )
    assert started.status_code == 202, started.text
    assert wait_for(lambda: order_status(db, order["id"]) == "paid", timeout=20)
    with db.transaction() as session:
        payment = session.scalar(select(Payment).where(Payment.order_id == order["id"]))
        assert (payment.status, payment.amount, payment.mpesa_receipt) == (
            "succeeded",
            9850,
            "SDR0000001",
        )

    # The callback replayed, and one to a forged path: nothing changes (once the receipts
    # went out: they are sent in the background).
    (sent,) = httpx.get(f"{daraja}/_standin/callbacks").json()
    assert wait_for(lambda: settled(db), timeout=20)
    before = snapshot(db)
    assert httpx.post(sent["url"], json=sent["body"]).status_code == 200
    forged = sent["url"].replace(CALLBACK_TOKEN, "forged-token-0123456789")
    assert httpx.post(forged, json=sent["body"]).status_code == 404
    # A replay recorded anew would be a new inbox row, written before the 200 above.
    assert wait_for(lambda: settled(db), timeout=20)
    assert changed_tables(before, snapshot(db)) == []

    # Card: a PaymentIntent at the card fake, confirmed there; its signed webhook pays.
    second = _order(api, buyer, (pads, 1))
    card = httpx.post(
        f"{api}/v1/orders/{second['id']}/payments", json={"method": "card"}, headers=buyer
    )
    assert card.status_code == 201, card.text
    assert card.json()["client_secret"].startswith(card.json()["payment_intent_id"])
    unsigned = httpx.post(
        f"{api}/v1/webhooks/stripe",
        json={"id": "evt_forged", "type": "payment_intent.succeeded", "data": {"object": {}}},
    )
    assert unsigned.status_code == 400
    stripe_auth = {"Authorization": "Bearer sk_test_integration"}
    method = httpx.post(
        f"{stripe_api}/v1/payment_methods",
        data={
            "type": "card",
            "card[number]": "4242424242424242",
            "card[exp_month]": "12",
            "card[exp_year]": "2030",
            "card[cvc]": "123",
        },
        headers=stripe_auth,
    ).json()
    intent = card.json()["payment_intent_id"]
    httpx.post(
        f"{stripe_api}/v1/payment_intents/{intent}",
        data={"payment_method": method["id"]},
        headers=stripe_auth,
    )
    confirmed = httpx.post(f"{stripe_api}/v1/payment_intents/{intent}/confirm", headers=stripe_auth)
    assert confirmed.json()["status"] == "succeeded"
    assert wait_for(lambda: order_status(db, second["id"]) == "paid", timeout=20)
    with db.transaction() as session:
        sources = sorted(e.source for e in session.scalars(select(WebhookEvent)))
    assert sources == ["mpesa", "stripe"]
