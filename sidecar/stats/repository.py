"""Queries of the admin overview: counted and grouped in the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Date, SQLColumnExpression, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sidecar.models import (
    Car,
    CarStatus,
    Channel,
    ImportRequest,
    ImportStatus,
    Notification,
    NotificationStatus,
    Order,
    Payment,
    PaymentStatus,
    Vendor,
)

# The business day turns over at midnight in Nairobi (sidecar.core.clock.nairobi_today).
NAIROBI = "Africa/Nairobi"
# An import still to be handed to an importer: not yet on its way, not called off.
UNASSIGNED_STATUSES = (ImportStatus.PENDING, ImportStatus.SOURCING)


def _day(column: SQLColumnExpression[datetime]) -> ColumnElement[date]:
    return cast(func.timezone(NAIROBI, column), Date)


def cars_per_day(session: Session, *, since: datetime) -> dict[date, int]:
    """Cars listed since ``since``, per Nairobi day."""
    day = _day(Car.created_at).label("day")
    query = select(day, func.count()).where(Car.created_at >= since).group_by(day)
    return {row[0]: row[1] for row in session.execute(query)}


def orders_per_day(session: Session, *, since: datetime) -> dict[date, int]:
    """Orders placed since ``since``, per Nairobi day."""
    day = _day(Order.created_at).label("day")
    query = select(day, func.count()).where(Order.created_at >= since).group_by(day)
    return {row[0]: row[1] for row in session.execute(query)}


def pending_cars_by_age(
    session: Session, *, now: datetime, edges_days: tuple[int, ...]
) -> list[int]:
    """Cars waiting for review, counted by how long they have waited: one count per
    interval between consecutive ``edges_days`` (the last one open-ended)."""
    waited = now - Car.created_at
    counts = []
    bounds = list(edges_days)
    for index, low in enumerate(bounds):
        condition = waited >= timedelta(days=low)
        if index + 1 < len(bounds):
            condition = condition & (waited < timedelta(days=bounds[index + 1]))
        counts.append(func.count().filter(condition))
    row = session.execute(select(*counts).where(Car.status == CarStatus.PENDING)).one()
    return [int(value) for value in row]


def unapproved_vendors(session: Session) -> int:
    query = select(func.count()).select_from(Vendor).where(Vendor.approved.is_(False))
    return session.scalar(query) or 0


def unassigned_imports(session: Session) -> int:
    query = (
        select(func.count())
        .select_from(ImportRequest)
        .where(
            ImportRequest.importer_id.is_(None),
            ImportRequest.status.in_(UNASSIGNED_STATUSES),
        )
    )
    return session.scalar(query) or 0


def notification_outcomes(
    session: Session, *, since: datetime
) -> list[tuple[Channel, NotificationStatus, int]]:
    """Messages recorded since ``since``, by channel and where they ended up."""
    query = (
        select(Notification.channel, Notification.status, func.count())
        .where(Notification.created_at >= since)
        .group_by(Notification.channel, Notification.status)
        .order_by(Notification.channel, Notification.status)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def payments_by_method(session: Session, *, since: datetime) -> list[tuple[str, int, Decimal]]:
    """Payments confirmed since ``since``, by method: how many and how much. Refunded
    ones count too: the money came in (the refund is an order's story)."""
    query = (
        select(Payment.method, func.count(), func.coalesce(func.sum(Payment.amount), 0))
        .where(
            Payment.status.in_((PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED)),
            Payment.succeeded_at >= since,
        )
        .group_by(Payment.method)
        .order_by(Payment.method)
    )
    return [(row[0], row[1], Decimal(row[2])) for row in session.execute(query)]
