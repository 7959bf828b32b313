"""Payments: an order is paid only once its provider confirms it.

Starting a payment commits the ``payments`` row (``initiated``) before the provider
hears of it, and records the provider's reference in a second short transaction: a
provider is never called inside a transaction, and never for a payment we have no
record of. At most one attempt per order is in flight (the order's row lock, with a
partial unique index behind it).

Confirmation comes from the provider, never the client: Daraja's callback is only a
hint that is checked with the STK Push Query (``tasks``), a Stripe event counts once
its signature checks out. ``settle_success`` / ``settle_failure`` apply a confirmed
outcome under the order's lock: a success pays a pending order; one that arrives
after the order expired or was cancelled is refunded at once (``Job.REFUND_ORDER``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit, clock, inbox, jobs
from sidecar.core.database import Database
from sidecar.core.errors import AppError, BadRequest, Conflict, Forbidden, Unprocessable
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import Order, OrderStatus, Payment, PaymentProvider, PaymentStatus
from sidecar.orders import service as orders
from sidecar.orders.service import OrderNotFound
from sidecar.payments import repository, simulated
from sidecar.payments.daraja import DarajaClient, DarajaError, DarajaRejected, whole_shillings
from sidecar.payments.gateways import Gateways
from sidecar.payments.schemas import PaymentCreate, mpesa_phone
from sidecar.payments.stripe_gateway import StripeGateway, StripeRejected, StripeUnavailable

MPESA_SOURCE = "mpesa"
STRIPE_SOURCE = "stripe"
MAX_CALLBACK_BYTES = 65_536

# Daraja's ResultCodes a customer causes, with words the storefront can show
# (Daraja documentation, "M-Pesa Express" result codes).
MPESA_FAILURES = {
    "1": "Your M-Pesa balance is not enough for this payment.",
    "1001": "Another M-Pesa payment is in progress on your phone; wait a minute and retry.",
    "1019": "The M-Pesa request expired before it was answered; please try again.",
    "1032": "You cancelled the M-Pesa request; you can try again.",
    "1037": "Your phone could not be reached; check it is on and has signal, then retry.",
    "2001": "The M-Pesa PIN was wrong; please try again.",
}


class PaymentInProgress(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "A payment for this order is already waiting for confirmation; "
            "finish it (or wait for it to fail) before starting another."
        )


class OrderNotPayable(Conflict):
    def __init__(self, order: Order) -> None:
        super().__init__(f"Order {order.number} is {order.status}; it cannot be paid.")


class OverMpesaLimit(Unprocessable):
    def __init__(self, amount: int, limit: int) -> None:
        super().__init__(
            f"M-Pesa takes at most KES {limit:,} per payment and this order needs "
            f"KES {amount:,}: please pay by card instead.",
            errors=[{"field": "method", "message": "over the M-Pesa limit; use card"}],
        )


class PhoneNeeded(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "Give the M-Pesa phone number to send the payment request to.",
            errors=[{"field": "phone", "message": "required for M-Pesa"}],
        )


class ProviderRefused(AppError):
    status = 502

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class ProviderUnavailable(AppError):
    status = 503

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


@dataclass(frozen=True)
class StartedPayment:
    """A payment just started, with what the client needs to finish it."""

    payment: Payment
    client_secret: str | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(self.payment, name)


def _payable(session: Session, *, payer: Principal, order_id: int) -> Order:
    order = orders.find_order(session, viewer=payer, order_id=order_id, for_update=True)
    if not payer.owns(order.user_id):
        raise Forbidden("Only the buyer pays for an order.")
    if order.status is not OrderStatus.PENDING:
        raise OrderNotPayable(order)
    return order


def _record(payment: Payment, what: str, body: dict[str, Any]) -> None:
    entry = {"at": clock.utcnow().isoformat(), "what": what, "body": body}
    payment.raw_callbacks = [*payment.raw_callbacks, entry]


def open_payment(
    session: Session, *, payer: Principal, order_id: int, data: PaymentCreate, gateways: Gateways
) -> Payment:
    """Records a new attempt (``initiated``) under the order's lock; no provider is called.

    A buyer back at the card form while a card attempt is open gets that attempt.
    """
    order = _payable(session, payer=payer, order_id=order_id)
    current = repository.in_flight(session, order.id)
    if current is None:
        return _new_payment(session, order=order, payer=payer, data=data, gateways=gateways)
    if data.method == "card" and current.method == "card":
        return current
    raise PaymentInProgress()


def start_payment(
    db: Database, *, payer: Principal, order_id: int, data: PaymentCreate, gateways: Gateways
) -> StartedPayment:
    """Starts paying ``order_id`` by M-Pesa (STK push) or card (a PaymentIntent)."""
    with db.transaction() as session:
        payment = open_payment(
            session, payer=payer, order_id=order_id, data=data, gateways=gateways
        )
        order_number = orders.order_number(order_id)
        resumed = payment.payment_intent_id is not None or payment.checkout_request_id is not None
    if payment.provider is PaymentProvider.SIMULATED:
        secret = simulated.client_secret(payment.payment_intent_id or "")
        return StartedPayment(payment, client_secret=secret if data.method == "card" else None)
    if resumed:
        return _resume_card(gateways, payment)
    if payment.provider is PaymentProvider.MPESA and gateways.mpesa is not None:
        return _push_stk(db, gateways.mpesa, payment, order_number=order_number)
    if payment.provider is PaymentProvider.STRIPE and gateways.stripe is not None:
        return _create_intent(db, gateways.stripe, payment, order_number=order_number)
    raise ProviderUnavailable("This payment method is not available right now.")


def _new_payment(
    session: Session, *, order: Order, payer: Principal, data: PaymentCreate, gateways: Gateways
) -> Payment:
    provider = gateways.provider_for(data.method)
    phone: str | None = None
    if data.method == "mpesa":
        shillings = whole_shillings(order.amount_due)
        if shillings > gateways.mpesa_max_amount_kes:
            raise OverMpesaLimit(shillings, gateways.mpesa_max_amount_kes)
        phone = data.phone
        if phone is None and payer.user.phone:
            try:
                phone = mpesa_phone(payer.user.phone)
            except ValueError:
                phone = None
        if phone is None:
            raise PhoneNeeded()
    payment = Payment(
        order_id=order.id,
        provider=provider,
        method=data.method,
        amount=order.amount_due,
        currency=order.currency,
        status=PaymentStatus.INITIATED,
        phone=phone,
        raw_callbacks=[],
        created_at=clock.utcnow(),
    )
    if provider is PaymentProvider.SIMULATED:
        if data.method == "mpesa":
            payment.checkout_request_id = simulated.checkout_request_id()
        else:
            payment.payment_intent_id = simulated.payment_intent_id()
    session.add(payment)
    session.flush()
    audit.record(
        session,
        actor_id=payer.id,
        action="payment.start",
        resource_type="order",
        resource_id=order.id,
        changes={
            "payment_id": payment.id,
            "provider": provider,
            "method": data.method,
            "amount": str(payment.amount),
        },
    )
    session.refresh(payment)
    return payment


def _fail_start(db: Database, payment_id: int, message: str, body: dict[str, Any]) -> None:
    with db.transaction() as session:
        payment = repository.lock(session, payment_id)
        if payment is not None and payment.status is PaymentStatus.INITIATED:
            payment.status = PaymentStatus.FAILED
            payment.failure_message = message[:300]
            _record(payment, "start_failed", body)


def _locked(session: Session, payment_id: int) -> Payment:
    payment = repository.lock(session, payment_id)
    if payment is None:  # deleted with its order between the two transactions
        raise OrderNotFound()
    return payment


def _push_stk(
    db: Database, daraja: DarajaClient, payment: Payment, *, order_number: str
) -> StartedPayment:
    try:
        accepted = daraja.stk_push(
            amount=payment.amount,
            phone=payment.phone or "",
            account_reference=order_number,
            description=f"Order {order_number}",
        )
    except DarajaError as exc:
        # Refused or unanswered: nothing can be confirmed for this attempt, so it fails
        # now and the buyer may try again.
        message = f"M-Pesa could not send the payment request: {exc.message}"
        _fail_start(db, payment.id, message, {"error": exc.message, "code": exc.code})
        if isinstance(exc, DarajaRejected):
            raise ProviderRefused(message) from exc
        raise ProviderUnavailable("M-Pesa did not answer; please try again shortly.") from exc
    with db.transaction() as session:
        row = _locked(session, payment.id)
        row.checkout_request_id = accepted.checkout_request_id
        row.merchant_request_id = accepted.merchant_request_id
        _record(row, "stk_push", accepted.raw)
        session.flush()
        session.refresh(row)
    return StartedPayment(row)


def _create_intent(
    db: Database, gateway: StripeGateway, payment: Payment, *, order_number: str
) -> StartedPayment:
    try:
        intent = gateway.create_intent(
            amount=payment.amount,
            currency=payment.currency,
            order_id=payment.order_id,
            order_number=order_number,
            key=f"gurumisha-payment-{payment.id}",
        )
    except (StripeRejected, StripeUnavailable) as exc:
        _fail_start(db, payment.id, f"Card payment could not start: {exc}", {"error": str(exc)})
        if isinstance(exc, StripeRejected):
            raise ProviderRefused(f"Card payment could not start: {exc}") from exc
        raise ProviderUnavailable("Card payments did not answer; please try again.") from exc
    with db.transaction() as session:
        row = _locked(session, payment.id)
        row.payment_intent_id = intent.id
        _record(row, "payment_intent", {"id": intent.id, "status": intent.status})
        session.flush()
        session.refresh(row)
    return StartedPayment(row, client_secret=intent.client_secret)


def _resume_card(gateways: Gateways, payment: Payment) -> StartedPayment:
    if gateways.stripe is None or payment.payment_intent_id is None:
        raise PaymentInProgress()
    try:
        state = gateways.stripe.retrieve_intent(payment.payment_intent_id)
    except (StripeRejected, StripeUnavailable) as exc:
        raise ProviderUnavailable("Card payments did not answer; please try again.") from exc
    return StartedPayment(payment, client_secret=state.client_secret)


def list_payments(
    session: Session, *, viewer: Principal, order_id: int, params: PageParams
) -> tuple[list[Payment], int]:
    """The order's payment attempts, newest first: for its buyer and admins."""
    order = orders.find_order(session, viewer=viewer, order_id=order_id)
    if not (viewer.is_admin or viewer.owns(order.user_id)):
        raise Forbidden("Only the buyer and admins see an order's payments.")
    return paginate(session, repository.list_query(order.id), params=params)


# Settling what a provider confirmed


def settle_success(
    session: Session,
    *,
    payment_id: int,
    order_id: int,
    receipt: str | None,
    evidence: dict[str, Any],
) -> str:
    """The provider confirmed the payment: it succeeded and a pending order is paid.

    Locks the order, then the payment. Returns what happened (for the inbox row).
    """
    order = orders.lock_order(session, order_id)
    payment = repository.lock(session, payment_id)
    if order is None or payment is None:
        return "missing"
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        return "already settled"
    payment.status = PaymentStatus.SUCCEEDED
    payment.succeeded_at = clock.utcnow()
    payment.failure_message = None
    if receipt:
        payment.mpesa_receipt = receipt
    _record(payment, "confirmed", evidence)
    session.flush()
    audit.record(
        session,
        actor_id=None,
        action="payment.succeed",
        resource_type="order",
        resource_id=order.id,
        changes={"payment_id": payment.id, "provider": payment.provider, "receipt": receipt},
    )
    if order.status is OrderStatus.PENDING:
        orders.mark_paid(session, order=order, payment_id=payment.id)
        return "paid"
    # The money came after the hold ended (or the buyer cancelled, or another payment
    # paid first): it goes back at once.
    payment.refund_requested_at = clock.utcnow()
    audit.record(
        session,
        actor_id=None,
        action="payment.late",
        resource_type="order",
        resource_id=order.id,
        changes={"payment_id": payment.id, "order_status": order.status},
    )
    jobs.enqueue(session, jobs.Job.REFUND_ORDER, order.id)
    return "late: refunding"


def settle_failure(
    session: Session, *, payment_id: int, order_id: int, message: str, evidence: dict[str, Any]
) -> str:
    """The provider says the attempt failed: the order stays pending, payable again."""
    orders.lock_order(session, order_id)
    payment = repository.lock(session, payment_id)
    if payment is None:
        return "missing"
    if payment.status is not PaymentStatus.INITIATED:
        return f"already {payment.status}"
    payment.status = PaymentStatus.FAILED
    payment.failure_message = message[:300]
    _record(payment, "failed", evidence)
    audit.record(
        session,
        actor_id=None,
        action="payment.fail",
        resource_type="order",
        resource_id=order_id,
        changes={"payment_id": payment.id, "message": payment.failure_message},
    )
    return "failed"


def settle_refund(
    session: Session, *, payment_id: int, order_id: int, evidence: dict[str, Any]
) -> str:
    """The provider confirmed a refund: the payment is refunded, a paid order too."""
    order = orders.lock_order(session, order_id)
    payment = repository.lock(session, payment_id)
    if order is None or payment is None:
        return "missing"
    if payment.status is PaymentStatus.REFUNDED:
        return "already refunded"
    payment.status = PaymentStatus.REFUNDED
    payment.refunded_at = clock.utcnow()
    _record(payment, "refunded", evidence)
    audit.record(
        session,
        actor_id=None,
        action="payment.refund",
        resource_type="order",
        resource_id=order.id,
        changes={"payment_id": payment.id, "reference": payment.refund_reference},
    )
    if order.status is OrderStatus.PAID and order.refund_requested_at is not None:
        orders.mark_refunded(session, order=order, payment_id=payment.id)
        return "order refunded"
    return "refunded"


def refund_failed(session: Session, *, payment_id: int, order_id: int, message: str) -> str:
    """The provider could not refund: the refund may be asked for again."""
    order = orders.lock_order(session, order_id)
    payment = repository.lock(session, payment_id)
    if order is None or payment is None or payment.status is not PaymentStatus.SUCCEEDED:
        return "ignored"
    payment.refund_reference = None
    payment.failure_message = f"Refund failed: {message}"[:300]
    if order.status is OrderStatus.PAID:
        order.refund_requested_at = None
    audit.record(
        session,
        actor_id=None,
        action="payment.refund_failed",
        resource_type="order",
        resource_id=order.id,
        changes={"payment_id": payment.id, "message": message},
    )
    return "refund failed"


# Receiving callbacks: record once, process in a job


def _digest(payload: dict[str, Any]) -> str:
    """The callback's content, whatever its spacing: a replay is the same delivery."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def record_mpesa_callback(session: Session, *, body: bytes) -> int | None:
    """Records a Daraja callback once; returns its inbox id when it needs processing."""
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise BadRequest("The callback body is not JSON.") from exc
    if not isinstance(payload, dict):
        raise BadRequest("The callback body is not a JSON object.")
    stk = (
        (payload.get("Body") or {}).get("stkCallback")
        if isinstance(payload.get("Body"), dict)
        else None
    )
    result = payload.get("Result") if isinstance(payload.get("Result"), dict) else None
    if isinstance(stk, dict) and stk.get("CheckoutRequestID"):
        checkout = str(stk["CheckoutRequestID"])
        known = repository.order_id_by(session, checkout_request_id=checkout) is not None
        event_id = inbox.record(
            session,
            source=MPESA_SOURCE,
            dedupe_key=f"stk:{checkout}:{_digest(payload)}",
            event="stk_callback",
            payload=payload,
            outcome=None if known else "unknown checkout request",
        )
    elif result is not None and result.get("OriginatorConversationID"):
        reference = str(result["OriginatorConversationID"])
        known = repository.order_id_by(session, refund_reference=reference) is not None
        event_id = inbox.record(
            session,
            source=MPESA_SOURCE,
            dedupe_key=f"b2c:{reference}:{_digest(payload)}",
            event="b2c_result",
            payload=payload,
            outcome=None if known else "unknown refund",
        )
    else:
        inbox.record(
            session,
            source=MPESA_SOURCE,
            dedupe_key=f"other:{_digest(payload)}",
            event="unrecognised",
            payload=payload,
            outcome="ignored",
        )
        return None
    if event_id is not None and known:
        jobs.enqueue(session, jobs.Job.PROCESS_PAYMENT_EVENT, event_id)
        return event_id
    return None


def record_stripe_event(session: Session, *, event: dict[str, Any]) -> int | None:
    """Records a verified Stripe event once (by its id); queues its processing."""
    event_id = inbox.record(
        session,
        source=STRIPE_SOURCE,
        dedupe_key=str(event["id"]),
        event=str(event.get("type") or ""),
        payload=event,
    )
    if event_id is not None:
        jobs.enqueue(session, jobs.Job.PROCESS_PAYMENT_EVENT, event_id)
    return event_id
