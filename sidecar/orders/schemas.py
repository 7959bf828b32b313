from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from sidecar.core.schemas import RequestBody, WholeNumber
from sidecar.models import ItemType, OrderStatus, PaymentMethod

MAX_ITEMS = 20


class OrderItemIn(RequestBody):
    item_type: ItemType = Field(validation_alias=AliasChoices("item_type", "itemType"))
    item_id: WholeNumber = Field(ge=1, le=2**62, validation_alias=AliasChoices("item_id", "itemId"))
    quantity: WholeNumber = Field(default=1, ge=1, le=10_000)


class OrderCreate(RequestBody):
    items: list[OrderItemIn] = Field(min_length=1, max_length=MAX_ITEMS)
    payment_method: PaymentMethod = Field(
        validation_alias=AliasChoices("payment_method", "paymentMethod")
    )


class OrderFilters(BaseModel):
    """The query of ``GET /v1/orders``."""

    status: OrderStatus | None = None


class OrderItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    item_type: ItemType
    item_id: int
    title: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    status: OrderStatus
    payment_method: PaymentMethod
    total: Decimal
    currency: str
    items: list[OrderItemOut]
    created_at: datetime
    updated_at: datetime
