from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from sidecar.core.schemas import RequestBody, WholeNumber
from sidecar.models import ItemType, OrderStatus, PaymentMethod

MAX_ITEMS = 20
# Idempotency-Key: a client-chosen token (a UUID, typically), printable ASCII.
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{8,200}$"


class OrderItemIn(RequestBody):
    item_type: ItemType = Field(validation_alias=AliasChoices("item_type", "itemType"))
    item_id: WholeNumber = Field(ge=1, le=2**62, validation_alias=AliasChoices("item_id", "itemId"))
    quantity: WholeNumber = Field(default=1, ge=1, le=10_000)


class OrderCreate(RequestBody):
    items: list[OrderItemIn] = Field(min_length=1, max_length=MAX_ITEMS)
    # No longer needed (the payment says how it was paid); accepted from older clients.
    payment_method: PaymentMethod | None = Field(
        default=None, validation_alias=AliasChoices("payment_method", "paymentMethod")
    )


# A field, ascending, or -field, descending (the workspace tables toggle between them).
OrderSort = Literal["-created_at", "created_at", "-total", "total"]


class OrderFilters(BaseModel):
    """The query of ``GET /v1/orders``."""

    status: OrderStatus | None = None
    selling: bool = Field(
        default=False, description="only orders with lines the caller sells (their own lines)"
    )
    sort: OrderSort = Field(
        default="-created_at",
        description="-created_at (newest first, the default), created_at, total, -total",
    )


class SalesQuery(BaseModel):
    """The query of ``GET /v1/orders/sales``."""

    days: int = Field(default=30, ge=1, le=366, description="the last this many days (Nairobi)")


class SalesDayOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    revenue: Decimal
    units: int
    orders: int


class SalesSummaryOut(BaseModel):
    """What the caller sold (paid and fulfilled lines), per day and in all."""

    model_config = ConfigDict(from_attributes=True)

    days: int
    start: date
    end: date
    currency: str
    revenue: Decimal
    units: int
    orders: int
    lines_to_fulfil: int = Field(description="paid lines of the caller's still to hand over")
    series: list[SalesDayOut]


class OrderItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    item_type: ItemType
    item_id: int
    title: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    fulfilled_at: datetime | None


class BuyerOut(BaseModel):
    """Shown to the sellers of a paid order (and to admins), for the handover."""

    model_config = ConfigDict(from_attributes=True)

    name: str
    phone: str | None


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    user_id: int
    status: OrderStatus
    payment_method: PaymentMethod | None
    total: Decimal
    amount_due: Decimal
    currency: str
    hold_expires_at: datetime | None
    paid_at: datetime | None
    refund_requested_at: datetime | None
    items: list[OrderItemOut]
    buyer: BuyerOut | None = None
    created_at: datetime
    updated_at: datetime
