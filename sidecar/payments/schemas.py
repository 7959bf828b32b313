from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sidecar.auth.phone import normalize_phone
from sidecar.core.schemas import RequestBody
from sidecar.models import PaymentProvider, PaymentStatus


class PaymentCreate(RequestBody):
    """``{"method": "mpesa", "phone": "0712345678"}`` or ``{"method": "card"}``."""

    method: Literal["mpesa", "card"]
    # M-Pesa only; without it, the phone on the buyer's profile.
    phone: str | None = Field(default=None, max_length=32)

    @field_validator("phone")
    @classmethod
    def _kenyan_mobile(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return mpesa_phone(value)


def mpesa_phone(raw: str) -> str:
    """A Kenyan mobile number in Daraja's form, 2547XXXXXXXX (or 2541XXXXXXXX)."""
    e164 = normalize_phone(raw)
    if not (e164.startswith("+254") and len(e164) == 13 and e164[4] in "17"):
        raise ValueError("M-Pesa needs a Kenyan mobile number like 0712 345 678")
    return e164[1:]


class MpesaPaymentStarted(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: PaymentStatus
    provider: PaymentProvider
    checkout_request_id: str | None


class CardPaymentStarted(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: PaymentStatus
    provider: PaymentProvider
    # Stripe Elements confirms the card with it; null for simulated payments.
    client_secret: str | None
    payment_intent_id: str | None


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    provider: PaymentProvider
    method: str
    amount: Decimal
    currency: str
    status: PaymentStatus
    failure_message: str | None
    mpesa_receipt: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime


class MpesaAck(BaseModel):
    """What Daraja expects back from a callback."""

    ResultCode: int = 0
    ResultDesc: str = "Accepted"


class StripeAck(BaseModel):
    received: bool = True
