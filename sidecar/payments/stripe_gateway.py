"""Stripe (card): PaymentIntents, their signed webhooks, refunds; the official library.

The library's own client (``stripe.StripeClient``) with its API base from
STRIPE_API_BASE and its HTTP over httpx (so tests intercept it with respx, and a
local stand-in such as localstripe can play Stripe). KES is a two-decimal currency
for Stripe: amounts are in cents (https://docs.stripe.com/currencies).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import stripe

from sidecar.core.settings import Settings

# Stripe's default tolerance: a signed event older than five minutes is refused.
SIGNATURE_TOLERANCE_SECONDS = 300


class StripeUnavailable(Exception):
    """Stripe did not answer (network, 5xx, rate limit): try again later."""


class StripeRejected(Exception):
    """Stripe refused the request."""


class BadSignature(Exception):
    """A webhook whose Stripe-Signature does not check out."""


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CreatedIntent:
    id: str
    client_secret: str
    status: str


@dataclass(frozen=True)
class IntentState:
    id: str
    status: str
    amount_cents: int
    currency: str
    metadata: dict[str, str]
    failure_message: str | None
    client_secret: str | None


@dataclass(frozen=True)
class CreatedRefund:
    id: str
    status: str


def _intent_state(obj: Any) -> IntentState:
    # The library's objects are not dicts (16.x): read the plain data.
    intent: dict[str, Any] = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
    error = intent.get("last_payment_error") or None
    return IntentState(
        id=str(intent["id"]),
        status=str(intent["status"]),
        amount_cents=int(intent.get("amount_received") or intent.get("amount") or 0),
        currency=str(intent.get("currency") or ""),
        metadata={str(k): str(v) for k, v in dict(intent.get("metadata") or {}).items()},
        failure_message=str(error.get("message")) if error and error.get("message") else None,
        client_secret=str(intent["client_secret"]) if intent.get("client_secret") else None,
    )


class StripeGateway:
    def __init__(self, *, secret_key: str, api_base: str, webhook_secret: str | None) -> None:
        self.webhook_secret = webhook_secret
        self.client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base.rstrip("/")},
            http_client=stripe.HTTPXClient(allow_sync_methods=True),
            max_network_retries=2,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> StripeGateway:
        if not settings.stripe_secret_key:
            raise ValueError("Stripe is not configured (STRIPE_SECRET_KEY)")
        return cls(
            secret_key=settings.stripe_secret_key,
            api_base=settings.stripe_api_base,
            webhook_secret=settings.stripe_webhook_secret,
        )

    def create_intent(
        self, *, amount: Decimal, currency: str, order_id: int, order_number: str, key: str
    ) -> CreatedIntent:
        """A PaymentIntent for the order; ``key`` makes a retried call the same intent."""
        params: dict[str, Any] = {
            "amount": to_cents(amount),
            "currency": currency.lower(),
            "payment_method_types": ["card"],
            # The order number is in the metadata (Dashboard search finds it there).
            "metadata": {"order_id": str(order_id), "order_number": order_number},
        }
        intent = self._call(
            lambda: self.client.v1.payment_intents.create(
                params,  # type: ignore[arg-type]
                {"idempotency_key": key},
            )
        )
        return CreatedIntent(str(intent.id), str(intent.client_secret), str(intent.status))

    def retrieve_intent(self, intent_id: str) -> IntentState:
        intent = self._call(lambda: self.client.v1.payment_intents.retrieve(intent_id))
        return _intent_state(intent)

    def refund(self, *, intent_id: str, key: str) -> CreatedRefund:
        refund = self._call(
            lambda: self.client.v1.refunds.create(
                {"payment_intent": intent_id},
                {"idempotency_key": key},
            )
        )
        return CreatedRefund(str(refund.id), str(refund.status))

    def verify_event(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event, if signed with STRIPE_WEBHOOK_SECRET within the tolerance.

        An unset secret refuses everything: nothing unsigned gets in.
        """
        return verify_event(payload, signature, self.webhook_secret)

    @staticmethod
    def _call(request: Any) -> Any:
        try:
            return request()
        except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
            raise StripeUnavailable(str(exc)) from exc
        except stripe.StripeError as exc:
            if exc.http_status is not None and exc.http_status >= 500:
                raise StripeUnavailable(str(exc)) from exc
            raise StripeRejected(exc.user_message or str(exc)) from exc


def verify_event(payload: bytes, signature: str | None, secret: str | None) -> dict[str, Any]:
    """A Stripe event checked against ``secret`` (Stripe-Signature, 5-minute tolerance)."""
    if not secret or not signature:
        raise BadSignature("missing Stripe-Signature or STRIPE_WEBHOOK_SECRET")
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature, secret, SIGNATURE_TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise BadSignature(str(exc)) from exc
    try:
        event = json.loads(payload)
    except ValueError as exc:
        raise BadSignature("the signed body is not JSON") from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        raise BadSignature("the signed body is not a Stripe event")
    return event
