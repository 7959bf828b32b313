"""Paying by card: a Stripe PaymentIntent, confirmed only by a signed webhook."""

from __future__ import annotations

import json
import time

import pytest
import stripe
from sqlalchemy import select

from sidecar.models import Payment
from sidecar.payments.stripe_gateway import BadSignature, verify_event
from tests.assertions import assert_problem
from tests.hardening.world import changed_tables, snapshot
from tests.orders.factories import car_status, create_car, order_status
from tests.parts.factories import stock_of
from tests.payments.conftest import WEBHOOK_SECRET

CARD = {"method": "card"}


def _event(kind: str, intent: dict, *, event_id: str = "evt_1") -> bytes:
    return json.dumps(
        {"id": event_id, "object": "event", "type": kind, "data": {"object": intent}}
    ).encode()


def _signed(payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> dict:
    header = stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=at or int(time.time())
    )
    return {"Stripe-Signature": header, "Content-Type": "application/json"}


def _webhook(client, payload: bytes, headers: dict):
    return client.post("/v1/webhooks/stripe", content=payload, headers=headers)


def _payment(db) -> Payment:
    with db.transaction() as session:
        (payment,) = session.scalars(select(Payment)).all()
        return payment


@pytest.fixture
def intent(client, cast, auth_headers, fake_stripe, place, pads, published_jobs):
    """An order of 2 pads with a card payment started: (order, the intent Stripe holds)."""
    order = place(("part", pads, 2))
    response = client.post(
        f"/v1/orders/{order['id']}/payments", json=CARD, headers=auth_headers(cast.customer)
    )
    assert response.status_code == 201, response.text
    published_jobs.clear()
    return order, fake_stripe.intents[response.json()["payment_intent_id"]]


def _succeeded(intent: dict, **changes) -> dict:
    return intent | {"status": "succeeded", "amount_received": intent["amount"]} | changes


class TestStartCard:
    def test_a_payment_intent_with_the_order_in_its_metadata(
        self, client, db, cast, auth_headers, fake_stripe, place, pads
    ):
        order = place(("part", pads, 2))
        response = client.post(
            f"/v1/orders/{order['id']}/payments", json=CARD, headers=auth_headers(cast.customer)
        )
        assert response.json() == {
            "id": response.json()["id"],
            "status": "initiated",
            "provider": "stripe",
            "client_secret": "pi_test1_secret_abc",
            "payment_intent_id": "pi_test1",
        }
        ((form, headers),) = fake_stripe.creates
        assert (form["amount"], form["currency"], form["metadata[order_id]"]) == (
            ["900000"],  # KES 9,000.00 in cents
            ["kes"],
            [str(order["id"])],
        )
        assert form["payment_method_types[0]"] == ["card"]
        assert headers["idempotency-key"] == f"gurumisha-payment-{response.json()['id']}"
        assert headers["authorization"] == "Bearer sk_test_0123456789"

    def test_back_at_the_card_form_the_same_intent(
        self, client, cast, auth_headers, fake_stripe, intent
    ):
        order, pi = intent
        again = client.post(
            f"/v1/orders/{order['id']}/payments", json=CARD, headers=auth_headers(cast.customer)
        )
        assert (again.status_code, again.json()["payment_intent_id"]) == (201, pi["id"])
        assert again.json()["client_secret"] == pi["client_secret"]
        assert len(fake_stripe.creates) == 1


class TestStripeWebhook:
    def test_a_signed_success_pays_the_order(self, client, db, intent, run_jobs):
        order, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        response = _webhook(client, payload, _signed(payload))
        assert (response.status_code, response.json()) == (200, {"received": True})
        assert dict(run_jobs())["workers.tasks.process_payment_event"] == "paid"
        assert (_payment(db).status, order_status(db, order["id"])) == ("succeeded", "paid")

    def test_a_replayed_event_changes_nothing(self, client, db, intent, run_jobs, published_jobs):
        _, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        _webhook(client, payload, _signed(payload))
        run_jobs()
        before = snapshot(db)
        assert _webhook(client, payload, _signed(payload)).status_code == 200
        assert published_jobs == []
        assert changed_tables(before, snapshot(db)) == []

    @pytest.mark.parametrize(
        "headers",
        [
            {},
            {"Stripe-Signature": "t=1,v1=deadbeef"},
            "wrong secret",
            "stale",
        ],
        ids=["missing", "garbage", "wrong-secret", "older-than-5-minutes"],
    )
    def test_a_bad_signature_is_400_and_changes_nothing(
        self, client, db, intent, published_jobs, headers
    ):
        order, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        if headers == "wrong secret":
            headers = _signed(payload, secret="whsec_someone_else")
        elif headers == "stale":
            headers = _signed(payload, at=int(time.time()) - 301)
        before = snapshot(db)
        assert_problem(_webhook(client, payload, headers), 400)
        assert changed_tables(before, snapshot(db)) == []
        assert published_jobs == []
        assert order_status(db, order["id"]) == "pending"

    def test_a_tampered_body_is_refused(self, client, db, intent):
        _, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        headers = _signed(payload)
        tampered = payload.replace(b'"evt_1"', b'"evt_2"')
        assert_problem(_webhook(client, tampered, headers), 400)

    @pytest.mark.parametrize(
        "changes",
        [{"amount_received": 100}, {"currency": "usd"}, {"metadata": {"order_id": "999"}}],
        ids=["amount", "currency", "order"],
    )
    def test_a_mismatched_intent_does_not_pay(self, client, db, intent, run_jobs, changes):
        order, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi, **changes))
        _webhook(client, payload, _signed(payload))
        assert dict(run_jobs())["workers.tasks.process_payment_event"].startswith("mismatch")
        assert (_payment(db).status, order_status(db, order["id"])) == ("initiated", "pending")

    def test_a_failed_card_leaves_the_order_payable(
        self, client, db, cast, auth_headers, intent, run_jobs, fake_stripe
    ):
        order, pi = intent
        failed = pi | {"last_payment_error": {"message": "Your card was declined."}}
        payload = _event("payment_intent.payment_failed", failed)
        _webhook(client, payload, _signed(payload))
        run_jobs()
        payment = _payment(db)
        assert (payment.status, payment.failure_message) == ("failed", "Your card was declined.")
        again = client.post(
            f"/v1/orders/{order['id']}/payments", json=CARD, headers=auth_headers(cast.customer)
        )
        assert again.status_code == 201
        assert len(fake_stripe.creates) == 2


class TestCardRefund:
    def test_an_admin_refunds_a_card_deposit_and_the_car_goes_back_on_sale(
        self, client, db, cast, auth_headers, fake_stripe, place, run_jobs, published_jobs
    ):
        car = create_car(db, owner=cast.other_customer)
        order = place(("car", car, 1))
        started = client.post(
            f"/v1/orders/{order['id']}/payments", json=CARD, headers=auth_headers(cast.customer)
        ).json()
        assert fake_stripe.creates[0][0]["amount"] == ["5000000"]  # the deposit, in cents
        pi = fake_stripe.intents[started["payment_intent_id"]]
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        _webhook(client, payload, _signed(payload))
        run_jobs()
        assert (order_status(db, order["id"]), car_status(db, car)) == ("paid", "reserved")

        response = client.post(f"/v1/orders/{order['id']}/refund", headers=auth_headers(cast.admin))
        assert response.status_code == 202
        run_jobs()
        assert fake_stripe.refunds == [{"payment_intent": [pi["id"]]}]
        assert (order_status(db, order["id"]), car_status(db, car)) == ("refunded", "active")
        assert _payment(db).status == "refunded"

    def test_a_pending_refund_finishes_with_its_webhook(
        self, client, db, cast, auth_headers, fake_stripe, intent, run_jobs, pads
    ):
        order, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        _webhook(client, payload, _signed(payload))
        run_jobs()
        fake_stripe.refund_status = "pending"
        client.post(f"/v1/orders/{order['id']}/refund", headers=auth_headers(cast.admin))
        run_jobs()
        assert order_status(db, order["id"]) == "paid"
        refund = {"id": "re_test1", "object": "refund", "status": "succeeded"}
        update = _event("refund.updated", refund, event_id="evt_2")
        _webhook(client, update, _signed(update))
        run_jobs()
        assert (order_status(db, order["id"]), stock_of(db, pads)) == ("refunded", 10)


class TestVerifyEvent:
    def test_the_librarys_own_signature_checks_out(self):
        payload = _event("payment_intent.succeeded", {"id": "pi_1"})
        header = _signed(payload)["Stripe-Signature"]
        assert verify_event(payload, header, WEBHOOK_SECRET)["id"] == "evt_1"

    @pytest.mark.parametrize("secret", [None, ""])
    def test_an_unset_secret_refuses_everything(self, secret):
        payload = _event("payment_intent.succeeded", {"id": "pi_1"})
        with pytest.raises(BadSignature):
            verify_event(payload, _signed(payload)["Stripe-Signature"], secret)

    def test_a_signed_body_that_is_not_an_event_is_refused(self):
        payload = b'["not", "an", "event"]'
        with pytest.raises(BadSignature):
            verify_event(payload, _signed(payload)["Stripe-Signature"], WEBHOOK_SECRET)


class TestCardSweep:
    def test_a_lost_webhook_is_recovered_by_asking_stripe(
        self, db, intent, fake_stripe, runtime, frozen_clock
    ):
        from workers.tasks import run_sweep_payments

        order, pi = intent
        frozen_clock.advance(150)
        assert run_sweep_payments(runtime)["asked"] == 1
        assert _payment(db).status == "initiated"  # the buyer is still at the card form
        fake_stripe.intents[pi["id"]] = _succeeded(pi)
        run_sweep_payments(runtime)
        assert (_payment(db).status, order_status(db, order["id"])) == ("succeeded", "paid")

    def test_a_cancelled_intent_fails_the_attempt(
        self, db, intent, fake_stripe, runtime, frozen_clock
    ):
        from workers.tasks import run_sweep_payments

        order, pi = intent
        fake_stripe.intents[pi["id"]] = pi | {"status": "canceled"}
        frozen_clock.advance(150)
        run_sweep_payments(runtime)
        assert (_payment(db).status, order_status(db, order["id"])) == ("failed", "pending")


class TestRefundFailure:
    def test_a_refused_refund_can_be_asked_for_again(
        self, client, db, cast, auth_headers, fake_stripe, intent, run_jobs, providers
    ):
        order, pi = intent
        payload = _event("payment_intent.succeeded", _succeeded(pi))
        _webhook(client, payload, _signed(payload))
        run_jobs()
        fake_stripe.refund_status = "failed"
        client.post(f"/v1/orders/{order['id']}/refund", headers=auth_headers(cast.admin))
        run_jobs()
        refund = {
            "id": "re_test1",
            "object": "refund",
            "status": "failed",
            "failure_reason": "expired_or_canceled_card",
        }
        event = _event("refund.failed", refund, event_id="evt_3")
        _webhook(client, event, _signed(event))
        run_jobs()
        payment = _payment(db)
        assert (payment.status, payment.failure_message) == (
            "succeeded",
            "Refund failed: expired_or_canceled_card",
        )
        fake_stripe.refund_status = "succeeded"
        again = client.post(f"/v1/orders/{order['id']}/refund", headers=auth_headers(cast.admin))
        assert again.status_code == 202, again.text
        run_jobs()
        assert order_status(db, order["id"]) == "refunded"
