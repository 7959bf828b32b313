"""What the payment jobs run (called by ``workers.tasks`` and the in-process runner).

Each function opens short transactions of its own and calls providers between them,
never inside one. Transient provider failures raise ``RetryLater``-style errors
(``DarajaUnavailable``, ``StripeUnavailable``): the inbox row or the payment stays
as it was, so the sweep (``sweep_payments``) picks it up again.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from sidecar.core import clock, inbox, jobs
from sidecar.core.database import Database
from sidecar.core.log import get_logger
from sidecar.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentProvider,
    PaymentStatus,
    WebhookEvent,
)
from sidecar.orders import service as orders
from sidecar.payments import repository, service, simulated
from sidecar.payments.daraja import DarajaClient, StkQueryResult, whole_shillings
from sidecar.payments.gateways import Gateways
from sidecar.payments.stripe_gateway import from_cents, to_cents

log = get_logger(__name__)

INBOX_SWEEP_AFTER = timedelta(minutes=2)


def _metadata(stk: dict[str, Any]) -> dict[str, Any]:
    items = ((stk.get("CallbackMetadata") or {}).get("Item")) or []
    return {
        str(item.get("Name")): item.get("Value")
        for item in items
        if isinstance(item, dict) and item.get("Name")
    }


def _mpesa_failure(result_code: str | None, description: str | None) -> str:
    return service.MPESA_FAILURES.get(
        result_code or "",
        f"M-Pesa could not complete the payment ({description or result_code}).",
    )


def _settle_stk(
    db: Database,
    daraja: DarajaClient,
    *,
    payment_id: int,
    order_id: int,
    checkout_request_id: str,
    callback: dict[str, Any] | None,
) -> str:
    """Asks Daraja how the STK push ended and applies that; the callback only adds the
    receipt number (and its amount must be the payment's)."""
    answer: StkQueryResult = daraja.stk_query(checkout_request_id)
    evidence = {"query": answer.raw, "callback": callback}
    if answer.pending:
        return "still processing"
    with db.transaction() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            return "missing"
        if not answer.succeeded:
            message = _mpesa_failure(answer.result_code, answer.result_desc)
            return service.settle_failure(
                session,
                payment_id=payment_id,
                order_id=order_id,
                message=message,
                evidence=evidence,
            )
        receipt = None
        if callback is not None and str(callback.get("ResultCode")) == "0":
            meta = _metadata(callback)
            try:
                paid = Decimal(str(meta.get("Amount")))
            except InvalidOperation:
                paid = None
            if paid is None or paid != whole_shillings(payment.amount):
                log.warning("payments.amount_mismatch", payment_id=payment_id, amount=str(paid))
                return "amount mismatch: ignored"
            receipt = str(meta.get("MpesaReceiptNumber") or "") or None
        return service.settle_success(
            session, payment_id=payment_id, order_id=order_id, receipt=receipt, evidence=evidence
        )


def _process_stk_callback(db: Database, gateways: Gateways, event: WebhookEvent) -> str:
    stk = event.payload["Body"]["stkCallback"]
    with db.transaction() as session:
        found = repository.order_id_by(session, checkout_request_id=str(stk["CheckoutRequestID"]))
    if found is None:
        return "unknown checkout request"
    payment_id, order_id = found
    if gateways.mpesa is None:
        return "M-Pesa is not configured"
    return _settle_stk(
        db,
        gateways.mpesa,
        payment_id=payment_id,
        order_id=order_id,
        checkout_request_id=str(stk["CheckoutRequestID"]),
        callback=stk,
    )


def _process_b2c_result(db: Database, event: WebhookEvent) -> str:
    result = event.payload["Result"]
    with db.transaction() as session:
        found = repository.order_id_by(
            session, refund_reference=str(result["OriginatorConversationID"])
        )
        if found is None:
            return "unknown refund"
        payment_id, order_id = found
        if str(result.get("ResultCode")) == "0":
            return service.settle_refund(
                session, payment_id=payment_id, order_id=order_id, evidence=result
            )
        return service.refund_failed(
            session,
            payment_id=payment_id,
            order_id=order_id,
            message=str(result.get("ResultDesc") or result.get("ResultCode")),
        )


def _process_stripe_event(db: Database, event: WebhookEvent) -> str:
    kind = event.event or ""
    obj = (event.payload.get("data") or {}).get("object") or {}
    with db.transaction() as session:
        if kind in ("payment_intent.succeeded", "payment_intent.payment_failed"):
            found = repository.order_id_by(session, payment_intent_id=str(obj.get("id")))
            if found is None:
                return "unknown payment intent"
            payment_id, order_id = found
            payment = session.get(Payment, payment_id)
            if payment is None:
                return "missing"
            if kind == "payment_intent.payment_failed":
                error = obj.get("last_payment_error") or {}
                message = str(error.get("message") or "The card payment failed.")
                return service.settle_failure(
                    session,
                    payment_id=payment_id,
                    order_id=order_id,
                    message=message,
                    evidence={"event": event.payload.get("id")},
                )
            problem = _intent_mismatch(payment, obj)
            if problem:
                log.warning("payments.intent_mismatch", payment_id=payment_id, problem=problem)
                return f"mismatch: {problem}"
            return service.settle_success(
                session,
                payment_id=payment_id,
                order_id=order_id,
                receipt=None,
                evidence={"event": event.payload.get("id"), "amount": obj.get("amount_received")},
            )
        if kind in ("refund.updated", "refund.created", "charge.refunded", "refund.failed"):
            return _stripe_refund(session, kind, obj)
    return "ignored"


def _intent_mismatch(payment: Payment, intent: dict[str, Any]) -> str | None:
    received = int(intent.get("amount_received") or intent.get("amount") or 0)
    if received != to_cents(payment.amount):
        return f"amount {from_cents(received)} is not {payment.amount}"
    if str(intent.get("currency") or "").lower() != payment.currency.lower():
        return f"currency {intent.get('currency')} is not {payment.currency}"
    metadata = intent.get("metadata") or {}
    if str(metadata.get("order_id")) != str(payment.order_id):
        return "the intent is for another order"
    return None


def _stripe_refund(session: Session, kind: str, obj: dict[str, Any]) -> str:
    if kind == "charge.refunded":
        refunds = ((obj.get("refunds") or {}).get("data")) or []
        candidates = [r for r in refunds if isinstance(r, dict)]
    else:
        candidates = [obj]
    outcome = "ignored"
    for refund in candidates:
        found = repository.order_id_by(session, refund_reference=str(refund.get("id")))
        if found is None:
            continue
        payment_id, order_id = found
        status = str(refund.get("status"))
        if status == "succeeded":
            outcome = service.settle_refund(
                session, payment_id=payment_id, order_id=order_id, evidence={"refund": refund}
            )
        elif status in ("failed", "canceled") or kind == "refund.failed":
            outcome = service.refund_failed(
                session,
                payment_id=payment_id,
                order_id=order_id,
                message=str(refund.get("failure_reason") or status),
            )
    return outcome


def process_payment_event(db: Database, event_id: int, *, gateways: Gateways) -> str:
    """Processes one recorded callback (Daraja) or event (Stripe); twice is harmless."""
    with db.transaction() as session:
        event = session.get(WebhookEvent, event_id)
        if event is None or event.source not in (service.MPESA_SOURCE, service.STRIPE_SOURCE):
            return "missing"
        if event.processed_at is not None:
            return event.outcome or "done"
        session.expunge(event)
    if event.source == service.STRIPE_SOURCE:
        outcome = _process_stripe_event(db, event)
    elif event.event == "stk_callback":
        outcome = _process_stk_callback(db, gateways, event)
    elif event.event == "b2c_result":
        outcome = _process_b2c_result(db, event)
    else:
        outcome = "ignored"
    if outcome == "still processing":
        return outcome  # left open: the sweep comes back to it
    with db.transaction() as session:
        row = session.get(WebhookEvent, event_id, with_for_update=True)
        if row is not None and row.processed_at is None:
            inbox.mark_processed(session, row, outcome=outcome[:64])
    log.info("payments.event_processed", event_id=event_id, outcome=outcome)
    return outcome


def _ask_provider(db: Database, gateways: Gateways, payment_id: int) -> str:
    with db.transaction() as session:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.status is not PaymentStatus.INITIATED:
            return "settled"
        session.expunge(payment)
    if payment.provider is PaymentProvider.MPESA:
        if gateways.mpesa is None:
            return "M-Pesa is not configured"
        if payment.checkout_request_id is None:
            with db.transaction() as session:
                return service.settle_failure(
                    session,
                    payment_id=payment.id,
                    order_id=payment.order_id,
                    message="M-Pesa never accepted the payment request; please try again.",
                    evidence={"sweep": "no checkout request id"},
                )
        return _settle_stk(
            db,
            gateways.mpesa,
            payment_id=payment.id,
            order_id=payment.order_id,
            checkout_request_id=payment.checkout_request_id,
            callback=None,
        )
    if gateways.stripe is None or payment.payment_intent_id is None:
        return "Stripe is not configured"
    state = gateways.stripe.retrieve_intent(payment.payment_intent_id)
    with db.transaction() as session:
        if state.status == "succeeded":
            intent = {
                "amount_received": state.amount_cents,
                "currency": state.currency,
                "metadata": state.metadata,
            }
            problem = _intent_mismatch(payment, intent)
            if problem:
                return f"mismatch: {problem}"
            return service.settle_success(
                session,
                payment_id=payment.id,
                order_id=payment.order_id,
                receipt=None,
                evidence={"retrieved": state.id},
            )
        if state.status == "canceled" or (
            state.status == "requires_payment_method" and state.failure_message
        ):
            return service.settle_failure(
                session,
                payment_id=payment.id,
                order_id=payment.order_id,
                message=state.failure_message or "The card payment was cancelled.",
                evidence={"retrieved": state.id, "status": state.status},
            )
    return "waiting for the card"


def sweep_payments(db: Database, *, gateways: Gateways) -> dict[str, int]:
    """Asks providers about attempts unanswered after PAYMENT_QUERY_AFTER_SECONDS and
    re-queues payment callbacks left unprocessed (a lost job, a provider outage)."""
    with db.transaction() as session:
        due = repository.unanswered(session, before=clock.utcnow() - gateways.query_after)
        waiting = [
            event_id
            for source in (service.MPESA_SOURCE, service.STRIPE_SOURCE)
            for event_id in inbox.pending(session, source=source, older_than=INBOX_SWEEP_AFTER)
        ]
    asked = 0
    for payment_id in due:
        try:
            _ask_provider(db, gateways, payment_id)
            asked += 1
        except Exception as exc:  # one provider outage must not stop the sweep
            log.warning("payments.query_failed", payment_id=payment_id, error=str(exc))
    for event_id in waiting:
        jobs.publish(jobs.Job.PROCESS_PAYMENT_EVENT, event_id)
    return {"asked": asked, "republished": len(waiting)}


def confirm_simulated_payments(db: Database, *, gateways: Gateways) -> int:
    """Development: simulated payments started PAYMENTS_SIMULATED_DELAY_SECONDS ago succeed."""
    with db.transaction() as session:
        due = repository.simulated_due(session, before=clock.utcnow() - gateways.simulated_delay)
    confirmed = 0
    for payment_id in due:
        with db.transaction() as session:
            payment = session.get(Payment, payment_id)
            if payment is None:
                continue
            receipt = simulated.receipt_number() if payment.method == "mpesa" else None
            outcome = service.settle_success(
                session,
                payment_id=payment_id,
                order_id=payment.order_id,
                receipt=receipt,
                evidence={"simulated": True},
            )
            confirmed += outcome in ("paid", "late: refunding")
    return confirmed


def confirm_simulated_now(session: Session, *, payment_id: int) -> str:
    """The simulated provider's confirmation, at once (demo data)."""
    payment = session.get(Payment, payment_id)
    if payment is None or payment.provider is not PaymentProvider.SIMULATED:
        return "not simulated"
    receipt = simulated.receipt_number() if payment.method == "mpesa" else None
    return service.settle_success(
        session,
        payment_id=payment_id,
        order_id=payment.order_id,
        receipt=receipt,
        evidence={"simulated": True},
    )


def refund_order(db: Database, order_id: int, *, gateways: Gateways) -> list[str]:
    """Refunds the order's confirmed payments through their providers (asked for by an
    admin, or a payment that came after the hold ended)."""
    with db.transaction() as session:
        order = orders.lock_order(session, order_id)
        if order is None:
            return ["missing"]
        wanted = _refundable(order)
        payments = [
            p
            for p in repository.to_refund(session, order_id)
            if wanted or p.refund_requested_at is not None
        ]
        now = clock.utcnow()
        for payment in payments:
            payment.refund_requested_at = payment.refund_requested_at or now
            payment.refund_reference = _reference(payment)
        session.flush()
        for payment in payments:
            session.expunge(payment)
    return [_refund_one(db, gateways, payment) for payment in payments]


def _refundable(order: Order) -> bool:
    return order.status is OrderStatus.PAID and order.refund_requested_at is not None


def _reference(payment: Payment) -> str:
    if payment.provider is PaymentProvider.SIMULATED:
        return simulated.refund_reference(payment.id)
    if payment.provider is PaymentProvider.MPESA:
        # Ours, known before the call: B2C's result callback carries it back.
        return f"GMR{payment.id}T{int(clock.time())}"
    return f"pending-stripe-{payment.id}-{int(clock.time())}"


def _refund_one(db: Database, gateways: Gateways, payment: Payment) -> str:
    reference = payment.refund_reference or ""
    try:
        if payment.provider is PaymentProvider.SIMULATED:
            with db.transaction() as session:
                return service.settle_refund(
                    session,
                    payment_id=payment.id,
                    order_id=payment.order_id,
                    evidence={"simulated": True},
                )
        if payment.provider is PaymentProvider.MPESA:
            if gateways.mpesa is None:
                raise RuntimeError("M-Pesa is not configured")
            accepted = gateways.mpesa.b2c(
                amount=payment.amount,
                phone=payment.phone or "",
                remarks=f"Refund of order payment {payment.id}",
                reference=reference,
            )
            log.info(
                "payments.b2c_accepted",
                payment_id=payment.id,
                conversation=accepted.conversation_id,
            )
            return "refund requested"
        if gateways.stripe is None or payment.payment_intent_id is None:
            raise RuntimeError("Stripe is not configured")
        refund = gateways.stripe.refund(
            intent_id=payment.payment_intent_id, key=f"gurumisha-refund-{payment.id}"
        )
    except Exception as exc:
        with db.transaction() as session:
            service.refund_failed(
                session, payment_id=payment.id, order_id=payment.order_id, message=str(exc)
            )
        log.warning("payments.refund_failed", payment_id=payment.id, error=str(exc))
        return "refund failed"
    with db.transaction() as session:
        row = repository.lock(session, payment.id)
        if row is None:
            return "missing"
        row.refund_reference = refund.id
        session.flush()
        if refund.status == "succeeded":
            return service.settle_refund(
                session,
                payment_id=payment.id,
                order_id=payment.order_id,
                evidence={"refund": refund.id},
            )
    return "refund pending"
