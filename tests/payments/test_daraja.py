"""The Daraja client alone: the cached token, the password, whole shillings, errors."""

from __future__ import annotations

import base64
from decimal import Decimal

import httpx
import pytest
import respx

from sidecar.core import clock
from sidecar.core.clock import NAIROBI
from sidecar.payments.daraja import (
    DarajaClient,
    DarajaRejected,
    DarajaUnavailable,
    nairobi_timestamp,
    stk_password,
    whole_shillings,
)
from tests.payments.conftest import DARAJA, PASSKEY, SHORTCODE, FakeDaraja


@pytest.fixture
def client():
    daraja = DarajaClient(
        base_url=DARAJA,
        consumer_key="consumer-key",
        consumer_secret="consumer-secret",
        shortcode=SHORTCODE,
        passkey=PASSKEY,
        callback_url="https://api.gurumisha.test/v1/webhooks/mpesa/token",
    )
    yield daraja
    daraja.close()


@pytest.fixture
def fake():
    fake = FakeDaraja()
    with respx.mock(assert_all_called=False) as router:
        fake.install(router)
        yield fake


def _push(client):
    return client.stk_push(
        amount=Decimal("100"), phone="254712345678", account_reference="GM0000001", description="x"
    )


@pytest.mark.parametrize(("amount", "expected"), [("100", 100), ("100.01", 101), ("99.99", 100)])
def test_whole_shillings_round_up(amount, expected):
    assert whole_shillings(Decimal(amount)) == expected


def test_the_password_and_the_nairobi_timestamp(frozen_clock):
    frozen_clock.set(clock.utcnow().replace(hour=21, minute=30, second=5, microsecond=0))
    stamp = nairobi_timestamp()
    assert stamp == clock.utcnow().astimezone(NAIROBI).strftime("%Y%m%d%H%M%S")
    assert stamp[8:] == "003005"  # 21:30 UTC is 00:30 the next day in Nairobi
    assert base64.b64decode(stk_password("174379", "key", stamp)).decode() == f"174379key{stamp}"


def test_the_token_is_cached_until_shortly_before_it_expires(client, fake, frozen_clock):
    _push(client)
    frozen_clock.advance(3500)
    _push(client)
    assert fake.tokens == 1
    frozen_clock.advance(60)  # within a minute of expires_in (3599 s)
    _push(client)
    assert fake.tokens == 2
    assert [p["_auth"] for p in fake.pushes] == [
        "Bearer token-1",
        "Bearer token-1",
        "Bearer token-2",
    ]


def test_a_revoked_token_is_fetched_again_once(client, fake):
    _push(client)
    fake.revoked_tokens.add("token-1")
    assert _push(client).checkout_request_id.startswith("ws_CO_")
    assert fake.tokens == 2
    assert fake.pushes[-1]["_auth"] == "Bearer token-2"


def test_still_processing_is_pending(client, fake):
    fake.query_code = None
    answer = client.stk_query("ws_CO_1")
    assert (answer.pending, answer.succeeded) == (True, False)
    fake.query_code = "0"
    assert client.stk_query("ws_CO_1").succeeded


def test_errors_say_whether_to_retry(client, fake):
    fake.push_status = 400
    with pytest.raises(DarajaRejected, match="Invalid PhoneNumber"):
        _push(client)
    fake.push_status = 503
    with pytest.raises(DarajaUnavailable):
        _push(client)
    fake.token_error = httpx.ConnectTimeout("slow")
    client._token = None  # expired
    with pytest.raises(DarajaUnavailable, match="unreachable"):
        client.access_token()


def test_refunds_need_the_b2c_settings(client, fake):
    with pytest.raises(DarajaRejected, match="MPESA_B2C"):
        client.b2c(amount=Decimal(1), phone="254712345678", remarks="r", reference="GMR1")
