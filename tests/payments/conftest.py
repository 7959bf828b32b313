"""Payments tests: Daraja and Stripe intercepted with respx (third parties only); our
database, jobs and API are the real ones. Jobs the app publishes are run here, in
order, with a worker runtime of the same settings (``run_jobs``)."""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from sidecar.core import clock
from sidecar.core.clock import FrozenClock
from sidecar.core.settings import Settings
from tests.conftest import make_settings
from tests.parts.factories import create_part
from workers.runtime import Runtime
from workers.tasks import JOBS

DARAJA = "https://daraja.test"
STRIPE = "https://stripe.test"
PUBLIC = "https://api.gurumisha.test"
CALLBACK_TOKEN = "cb-token-0123456789abcdef"
WEBHOOK_SECRET = "whsec_test_0123456789"
SHORTCODE, PASSKEY = "174379", "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"


def payment_settings(database_url: str, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "mpesa_api_base_url": DARAJA,
        "mpesa_consumer_key": "consumer-key",
        "mpesa_consumer_secret": "consumer-secret",
        "mpesa_shortcode": SHORTCODE,
        "mpesa_passkey": PASSKEY,
        "mpesa_callback_base_url": PUBLIC,
        "mpesa_callback_token": CALLBACK_TOKEN,
        "mpesa_b2c_shortcode": "600986",
        "mpesa_b2c_initiator_name": "testapi",
        "mpesa_b2c_security_credential": "encrypted-credential",
        "stripe_secret_key": "sk_test_0123456789",
        "stripe_api_base": STRIPE,
        "stripe_webhook_secret": WEBHOOK_SECRET,
    }
    return make_settings(database_url, **(values | extra))


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """Stopped at the real now, not mid-minute: access tokens issued before the clock
    moves must not carry an issue time in the future (PyJWT checks it by the wall clock)."""
    with clock.use(FrozenClock()) as frozen:
        yield frozen


@pytest.fixture
def settings(database_url: str) -> Settings:
    return payment_settings(database_url)


@dataclass
class FakeDaraja:
    """Daraja's four calls as respx routes, answering like the sandbox."""

    query_code: str | None = "0"  # None: "still processing"
    push_status: int = 200
    revoked_tokens: set[str] = field(default_factory=set)
    token_error: Exception | None = None
    pushes: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    b2c: list[dict[str, Any]] = field(default_factory=list)
    tokens: int = 0
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def install(self, router: respx.MockRouter) -> None:
        router.get(f"{DARAJA}/oauth/v1/generate").mock(side_effect=self._token)
        router.post(f"{DARAJA}/mpesa/stkpush/v1/processrequest").mock(side_effect=self._push)
        router.post(f"{DARAJA}/mpesa/stkpushquery/v1/query").mock(side_effect=self._query)
        router.post(f"{DARAJA}/mpesa/b2c/v3/paymentrequest").mock(side_effect=self._b2c)

    def _token(self, request: httpx.Request) -> httpx.Response:
        if self.token_error is not None:
            raise self.token_error
        expected = base64.b64encode(b"consumer-key:consumer-secret").decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return httpx.Response(400, json={"errorMessage": "Invalid credentials"})
        self.tokens += 1
        return httpx.Response(
            200, json={"access_token": f"token-{self.tokens}", "expires_in": "3599"}
        )

    def _push(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) | {"_auth": request.headers.get("authorization")}
        if body["_auth"].removeprefix("Bearer ") in self.revoked_tokens:
            return httpx.Response(401, json={"errorMessage": "Invalid Access Token"})
        self.pushes.append(body)
        if self.push_status != 200:
            return httpx.Response(
                self.push_status,
                json={
                    "errorCode": "400.002.02",
                    "errorMessage": "Bad Request - Invalid PhoneNumber",
                },
            )
        number = next(self._ids)
        return httpx.Response(
            200,
            json={
                "MerchantRequestID": f"29115-34620561-{number}",
                "CheckoutRequestID": f"ws_CO_191220191020363925{number}",
                "ResponseCode": "0",
                "ResponseDescription": "Success. Request accepted for processing",
                "CustomerMessage": "Success. Request accepted for processing",
            },
        )

    def _query(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.queries.append(body)
        if self.query_code is None:
            return httpx.Response(
                500,
                json={
                    "errorCode": "500.001.1001",
                    "errorMessage": "The transaction is being processed",
                },
            )
        return httpx.Response(
            200,
            json={
                "ResponseCode": "0",
                "ResponseDescription": "The service request has been accepted successsfully",
                "MerchantRequestID": "29115-34620561-1",
                "CheckoutRequestID": body["CheckoutRequestID"],
                "ResultCode": self.query_code,
                "ResultDesc": "The service request is processed successfully.",
            },
        )

    def _b2c(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.b2c.append(body)
        return httpx.Response(
            200,
            json={
                "ConversationID": f"AG_20191219_0000{len(self.b2c)}",
                "OriginatorConversationID": body["OriginatorConversationID"],
                "ResponseCode": "0",
                "ResponseDescription": "Accept the service request successfully.",
            },
        )


@dataclass
class FakeStripe:
    """The Stripe calls we make, as respx routes (form-encoded in, JSON out)."""

    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    creates: list[tuple[dict[str, list[str]], dict[str, str]]] = field(default_factory=list)
    refunds: list[dict[str, list[str]]] = field(default_factory=list)
    refund_status: str = "succeeded"

    def install(self, router: respx.MockRouter) -> None:
        router.post(f"{STRIPE}/v1/payment_intents").mock(side_effect=self._create)
        router.get(url__regex=rf"{STRIPE}/v1/payment_intents/pi_\w+").mock(side_effect=self._get)
        router.post(f"{STRIPE}/v1/refunds").mock(side_effect=self._refund)

    def _create(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        self.creates.append((form, dict(request.headers)))
        intent_id = f"pi_test{len(self.intents) + 1}"
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(form["amount"][0]),
            "currency": form["currency"][0],
            "client_secret": f"{intent_id}_secret_abc",
            "status": "requires_payment_method",
            "metadata": {"order_id": form["metadata[order_id]"][0]},
        }
        self.intents[intent_id] = intent
        return httpx.Response(200, json=intent)

    def _get(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.intents[request.url.path.rsplit("/", 1)[1]])

    def _refund(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        self.refunds.append(form)
        return httpx.Response(
            200,
            json={
                "id": f"re_test{len(self.refunds)}",
                "object": "refund",
                "status": self.refund_status,
                "payment_intent": form["payment_intent"][0],
            },
        )


@pytest.fixture
def providers() -> Iterator[tuple[FakeDaraja, FakeStripe]]:
    daraja, stripe_api = FakeDaraja(), FakeStripe()
    with respx.mock(assert_all_called=False) as router:
        daraja.install(router)
        stripe_api.install(router)
        yield daraja, stripe_api


@pytest.fixture
def daraja(providers) -> FakeDaraja:
    return providers[0]


@pytest.fixture
def fake_stripe(providers) -> FakeStripe:
    return providers[1]


@pytest.fixture
def runtime(settings, db) -> Runtime:
    return Runtime.from_settings(settings, db=db)


@pytest.fixture
def run_jobs(runtime, published_jobs) -> Callable[[], list[tuple[str, Any]]]:
    """Runs what the app (and the jobs themselves) published, until nothing is left."""

    def run() -> list[tuple[str, Any]]:
        from sidecar.core import jobs

        ran = []
        previous = jobs.install_runner(lambda name, args: published_jobs.append((name, args)))
        try:
            while published_jobs:
                name, args = published_jobs.pop(0)
                ran.append((name, JOBS[name](runtime, *args)))
        finally:
            jobs.install_runner(previous)
        return ran

    return run


@pytest.fixture
def pads(db, cast) -> int:
    return create_part(db, vendor=cast.vendor, name="Front brake pads", price="4500", stock=10)


@pytest.fixture
def place(client, cast, auth_headers) -> Callable[..., dict[str, Any]]:
    def order(*items: tuple[str, int, int], buyer=None) -> dict[str, Any]:
        response = client.post(
            "/v1/orders",
            json={"items": [{"item_type": k, "item_id": i, "quantity": q} for k, i, q in items]},
            headers=auth_headers(buyer or cast.customer),
        )
        assert response.status_code == 201, response.text
        return response.json()

    return order


def stk_callback(
    checkout_request_id: str,
    *,
    code: int = 0,
    amount: int = 4500,
    receipt: str = "SGR7HJ2K9Q",
    phone: int = 254712345678,
) -> dict[str, Any]:
    """Daraja's STK push callback body (success carries CallbackMetadata)."""
    callback: dict[str, Any] = {
        "MerchantRequestID": "29115-34620561-1",
        "CheckoutRequestID": checkout_request_id,
        "ResultCode": code,
        "ResultDesc": "The service request is processed successfully."
        if code == 0
        else "Request cancelled by user",
    }
    if code == 0:
        callback["CallbackMetadata"] = {
            "Item": [
                {"Name": "Amount", "Value": amount},
                {"Name": "MpesaReceiptNumber", "Value": receipt},
                {"Name": "TransactionDate", "Value": 20261201102115},
                {"Name": "PhoneNumber", "Value": phone},
            ]
        }
    return {"Body": {"stkCallback": callback}}
