"""Paying by M-Pesa: the STK push, Daraja's callback checked by the STK query, sweeps."""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import select

from sidecar.models import Notification, OutboxMessage, Payment, WebhookEvent
from tests.assertions import assert_problem
from tests.hardening.world import changed_tables, snapshot
from tests.orders.factories import order_status
from tests.parts.factories import create_part, stock_of
from tests.payments.conftest import CALLBACK_TOKEN, PASSKEY, PUBLIC, SHORTCODE, stk_callback

MPESA = {"method": "mpesa", "phone": "0712 345 678"}


def _pay(client, auth_headers, user, order_id, body=None):
    return client.post(
        f"/v1/orders/{order_id}/payments", json=body or MPESA, headers=auth_headers(user)
    )


def _callback(client, body, token=CALLBACK_TOKEN):
    return client.post(f"/v1/webhooks/mpesa/{token}", json=body)


def _payments(db):
    with db.transaction() as session:
        return session.scalars(select(Payment).order_by(Payment.id)).all()


class TestStkPush:
    def test_the_buyer_gets_a_pin_prompt_for_the_amount_due(
        self, client, db, cast, auth_headers, daraja, place, pads
    ):
        order = place(("part", pads, 2))
        response = _pay(client, auth_headers, cast.customer, order["id"])

        assert response.status_code == 202, response.text
        body = response.json()
        assert body == {
            "id": body["id"],
            "status": "initiated",
            "provider": "mpesa",
            "checkout_request_id": "ws_CO_1912201910203639251",
        }
        (push,) = daraja.pushes
        assert push["_auth"] == "Bearer token-1"
        assert re.fullmatch(r"\d{14}", push["Timestamp"])
        assert (
            push["Password"]
            == base64.b64encode(f"{SHORTCODE}{PASSKEY}{push['Timestamp']}".encode()).decode()
        )
        assert {k: v for k, v in push.items() if k not in ("Password", "Timestamp", "_auth")} == {
            "BusinessShortCode": SHORTCODE,
            "TransactionType": "CustomerPayBillOnline",
            "Amount": 9000,
            "PartyA": "254712345678",
            "PartyB": SHORTCODE,
            "PhoneNumber": "254712345678",
            "CallBackURL": f"{PUBLIC}/v1/webhooks/mpesa/{CALLBACK_TOKEN}",
            "AccountReference": order["number"],
            "TransactionDesc": f"Order {order['number']}"[:13],
        }
        (payment,) = _payments(db)
        assert (payment.status, payment.amount, payment.phone) == (
            "initiated",
            9000,
            "254712345678",
        )
        assert order_status(db, order["id"]) == "pending"  # the client's word is not payment

    def test_cents_are_rounded_up_and_the_token_is_reused(
        self, client, db, cast, auth_headers, daraja, place
    ):
        odd = create_part(db, vendor=cast.vendor, name="Oil filter", price="850.50", stock=5)
        for _ in range(2):
            order = place(("part", odd, 1))
            assert _pay(client, auth_headers, cast.customer, order["id"]).status_code == 202
        assert [push["Amount"] for push in daraja.pushes] == [851, 851]
        assert daraja.tokens == 1

    def test_the_profile_phone_is_used_when_none_is_given(
        self, client, db, cast, auth_headers, daraja, place, pads, create_user
    ):
        buyer = create_user(phone="+254722000111")
        order = place(("part", pads, 1), buyer=buyer)
        response = _pay(client, auth_headers, buyer, order["id"], {"method": "mpesa"})
        assert response.status_code == 202, response.text
        assert daraja.pushes[0]["PhoneNumber"] == "254722000111"
        no_phone = place(("part", pads, 1))
        missing = _pay(client, auth_headers, cast.customer, no_phone["id"], {"method": "mpesa"})
        assert assert_problem(missing, 422)["errors"][0]["field"] == "phone"

    @pytest.mark.parametrize("phone", ["+447700900123", "020 123 4567", "12"])
    def test_only_kenyan_mobiles(self, client, cast, auth_headers, daraja, place, pads, phone):
        order = place(("part", pads, 1))
        response = _pay(
            client, auth_headers, cast.customer, order["id"], {"method": "mpesa", "phone": phone}
        )
        assert_problem(response, 422)
        assert daraja.pushes == []

    def test_over_the_mpesa_limit_is_offered_card(
        self, client, db, cast, auth_headers, daraja, place
    ):
        gearbox = create_part(db, vendor=cast.vendor, name="Gearbox", price="125000.50", stock=3)
        order = place(("part", gearbox, 2))
        response = _pay(client, auth_headers, cast.customer, order["id"])
        detail = assert_problem(response, 422)["detail"]
        assert "at most KES 250,000" in detail
        assert "card" in detail
        assert (daraja.pushes, _payments(db)) == ([], [])

    def test_one_attempt_at_a_time(self, client, cast, auth_headers, daraja, place, pads):
        order = place(("part", pads, 1))
        assert _pay(client, auth_headers, cast.customer, order["id"]).status_code == 202
        again = _pay(client, auth_headers, cast.customer, order["id"])
        assert "already waiting" in assert_problem(again, 409)["detail"]
        card = _pay(client, auth_headers, cast.customer, order["id"], {"method": "card"})
        assert_problem(card, 409)
        assert len(daraja.pushes) == 1

    def test_only_the_buyer_pays_a_pending_order(
        self, client, db, cast, auth_headers, daraja, place, pads
    ):
        order = place(("part", pads, 1))
        for role, status in [("other_customer", 404), ("vendor", 403), ("admin", 403)]:
            response = _pay(client, auth_headers, cast.by_role(role), order["id"])
            assert response.status_code == status, role
        client.post(f"/v1/orders/{order['id']}/cancel", headers=auth_headers(cast.customer))
        cancelled = _pay(client, auth_headers, cast.customer, order["id"])
        assert "is cancelled" in assert_problem(cancelled, 409)["detail"]
        assert daraja.pushes == []

    @pytest.mark.parametrize(("status", "expected"), [(400, 502), (503, 503)])
    def test_a_refused_or_unanswered_push_fails_the_attempt(
        self, client, db, cast, auth_headers, daraja, place, pads, status, expected
    ):
        daraja.push_status = status
        order = place(("part", pads, 1))
        assert_problem(_pay(client, auth_headers, cast.customer, order["id"]), expected)
        (payment,) = _payments(db)
        assert payment.status == "failed"
        assert payment.failure_message.startswith("M-Pesa could not send")
        daraja.push_status = 200  # the buyer may try again
        assert _pay(client, auth_headers, cast.customer, order["id"]).status_code == 202


@pytest.fixture
def pushed(client, db, cast, auth_headers, daraja, place, pads, published_jobs):
    """A paid-to-be order of 2 pads (the vendor's) and a filter (the other vendor's),
    with its STK push out: (order, checkout request id, filter id)."""
    filter_ = create_part(db, vendor=cast.other_vendor, name="Oil filter", price="1000", stock=4)
    order = place(("part", pads, 2), ("part", filter_, 1))
    published_jobs.clear()
    response = _pay(client, auth_headers, cast.customer, order["id"])
    return order, response.json()["checkout_request_id"], filter_


class TestCallback:
    def test_a_confirmed_callback_pays_the_order_and_sends_receipts(
        self, client, db, cast, auth_headers, daraja, pushed, run_jobs, published_jobs
    ):
        order, checkout, _ = pushed
        response = _callback(client, stk_callback(checkout, amount=10000))
        assert (response.status_code, response.json()) == (
            200,
            {"ResultCode": 0, "ResultDesc": "Accepted"},
        )
        assert order_status(db, order["id"]) == "pending"  # not before the STK query

        outcomes = dict(run_jobs())
        assert outcomes["workers.tasks.process_payment_event"] == "paid"
        assert [q["CheckoutRequestID"] for q in daraja.queries] == [checkout]
        assert order_status(db, order["id"]) == "paid"
        payments = client.get(
            f"/v1/orders/{order['id']}/payments", headers=auth_headers(cast.customer)
        )
        (payment,) = payments.json()["data"]
        assert (payment["status"], payment["mpesa_receipt"], payment["amount"]) == (
            "succeeded",
            "SGR7HJ2K9Q",
            "10000.00",
        )
        with db.transaction() as session:
            events = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            receipts = session.execute(
                select(Notification.user_id, Notification.channel, Notification.body).where(
                    Notification.template.in_(["order.paid", "order.to_fulfil"])
                )
            ).all()
        assert sorted((e.kind, e.payload.get("seller_id")) for e in events) == sorted(
            [
                ("order.paid", None),
                ("order.to_fulfil", cast.vendor.id),
                ("order.to_fulfil", cast.other_vendor.id),
            ]
        )
        buyer_mail = [body for user, _, body in receipts if user == cast.customer.id]
        assert buyer_mail
        assert "SGR7HJ2K9Q" in buyer_mail[0]
        assert {user for user, _, _ in receipts} == {
            cast.customer.id,
            cast.vendor.id,
            cast.other_vendor.id,
        }

    def test_a_replayed_callback_changes_nothing(
        self, client, db, daraja, pushed, run_jobs, published_jobs
    ):
        _order, checkout, _ = pushed
        body = stk_callback(checkout, amount=10000)
        _callback(client, body)
        run_jobs()
        before = snapshot(db)

        again = _callback(client, body)

        assert again.status_code == 200
        assert published_jobs == []
        assert changed_tables(before, snapshot(db)) == []
        assert len(daraja.queries) == 1

    def test_a_forged_token_is_404_and_changes_nothing(self, client, db, pushed, published_jobs):
        _, checkout, _ = pushed
        before = snapshot(db)
        for token in ("wrong-token-0123456789", CALLBACK_TOKEN[:-1]):
            assert_problem(_callback(client, stk_callback(checkout), token=token), 404)
        assert changed_tables(before, snapshot(db)) == []
        assert published_jobs == []

    def test_a_forged_success_is_not_believed_over_the_stk_query(
        self, client, db, cast, auth_headers, daraja, pushed, run_jobs
    ):
        order, checkout, _ = pushed
        daraja.query_code = "1032"  # what really happened: the buyer cancelled
        _callback(client, stk_callback(checkout, amount=10000))
        run_jobs()
        (payment,) = _payments(db)
        assert (payment.status, payment.mpesa_receipt) == ("failed", None)
        assert payment.failure_message == "You cancelled the M-Pesa request; you can try again."
        assert order_status(db, order["id"]) == "pending"
        # The order can be paid again.
        daraja.query_code = "0"
        assert _pay(client, auth_headers, cast.customer, order["id"]).status_code == 202

    def test_a_wrong_amount_is_not_believed(self, client, db, daraja, pushed, run_jobs):
        order, checkout, _ = pushed
        _callback(client, stk_callback(checkout, amount=1))
        assert dict(run_jobs())["workers.tasks.process_payment_event"] == "amount mismatch: ignored"
        (payment,) = _payments(db)
        assert (payment.status, order_status(db, order["id"])) == ("initiated", "pending")

    def test_an_unknown_checkout_request_is_acknowledged_and_ignored(
        self, client, db, pushed, published_jobs
    ):
        response = _callback(client, stk_callback("ws_CO_UNKNOWN"))
        assert response.json() == {"ResultCode": 0, "ResultDesc": "Accepted"}
        assert published_jobs == []
        with db.transaction() as session:
            (event,) = session.scalars(select(WebhookEvent)).all()
        assert (event.source, event.outcome) == ("mpesa", "unknown checkout request")
        assert _payments(db)[0].status == "initiated"

    @pytest.mark.parametrize(
        ("code", "words"),
        [
            ("1032", "You cancelled"),
            ("1037", "could not be reached"),
            ("1", "balance is not enough"),
            ("2001", "PIN was wrong"),
        ],
    )
    def test_failures_leave_the_order_payable_with_a_message(
        self, client, db, daraja, pushed, run_jobs, code, words
    ):
        order, checkout, _ = pushed
        daraja.query_code = code
        _callback(client, stk_callback(checkout, code=int(code)))
        run_jobs()
        (payment,) = _payments(db)
        assert payment.status == "failed"
        assert words in payment.failure_message
        assert order_status(db, order["id"]) == "pending"

    def test_a_body_that_is_not_json_400(self, client, pushed):
        response = client.post(
            f"/v1/webhooks/mpesa/{CALLBACK_TOKEN}",
            content=b"not json",
            headers={"Content-Type": "application/json"},
        )
        assert_problem(response, 400)


class TestSweep:
    def test_a_lost_callback_is_recovered_by_the_query_after_two_minutes(
        self, db, daraja, pushed, runtime, frozen_clock
    ):
        order, _checkout, _ = pushed
        from workers.tasks import run_sweep_payments

        frozen_clock.advance(60)
        assert run_sweep_payments(runtime)["asked"] == 0
        daraja.query_code = None  # the buyer has not answered yet
        frozen_clock.advance(90)
        assert run_sweep_payments(runtime)["asked"] == 1
        assert _payments(db)[0].status == "initiated"
        daraja.query_code = "0"
        run_sweep_payments(runtime)
        assert (_payments(db)[0].status, order_status(db, order["id"])) == ("succeeded", "paid")


class TestRefund:
    def test_an_admin_refund_goes_back_by_b2c_and_releases_the_stock(
        self, client, db, cast, auth_headers, daraja, pushed, run_jobs, pads
    ):
        order, checkout, filter_ = pushed
        _callback(client, stk_callback(checkout, amount=10000))
        run_jobs()
        response = client.post(f"/v1/orders/{order['id']}/refund", headers=auth_headers(cast.admin))
        assert response.status_code == 202, response.text
        run_jobs()
        (request,) = daraja.b2c
        assert (request["Amount"], request["PartyB"], request["PartyA"]) == (
            10000,
            "254712345678",
            "600986",
        )
        assert request["ResultURL"] == f"{PUBLIC}/v1/webhooks/mpesa/{CALLBACK_TOKEN}"
        assert order_status(db, order["id"]) == "paid"  # until Daraja says it is done

        result = {
            "Result": {
                "ResultType": 0,
                "ResultCode": 0,
                "ResultDesc": "The service request is processed successfully.",
                "OriginatorConversationID": request["OriginatorConversationID"],
                "ConversationID": "AG_20191219_00001",
                "TransactionID": "NLJ41HAY6Q",
            }
        }
        assert _callback(client, result).status_code == 200
        run_jobs()
        assert order_status(db, order["id"]) == "refunded"
        assert _payments(db)[0].status == "refunded"
        assert (stock_of(db, pads), stock_of(db, filter_)) == (10, 4)
