from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from sidecar.models import Channel, NotificationStatus


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DayCountOut(_Out):
    day: date
    count: int


class QueueAgeOut(_Out):
    min_days: int
    max_days: int | None
    count: int


class OutcomeOut(_Out):
    channel: Channel
    status: NotificationStatus
    count: int


class MethodTotalOut(_Out):
    method: str
    count: int
    amount: Decimal


class OverviewOut(_Out):
    """``GET /v1/stats/overview``: days are Nairobi days, ``first_day`` to ``last_day``."""

    days: int
    first_day: date
    last_day: date
    listings_per_day: list[DayCountOut]
    orders_per_day: list[DayCountOut]
    pending_cars: int
    pending_cars_by_age: list[QueueAgeOut]
    unapproved_vendors: int
    unassigned_imports: int
    notification_outcomes: list[OutcomeOut]
    payments_by_method: list[MethodTotalOut]
