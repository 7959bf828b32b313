"""The admin overview: what happened on the marketplace lately, and what waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from sidecar.core import clock
from sidecar.models import Channel, NotificationStatus
from sidecar.stats import repository

DEFAULT_DAYS = 30
MAX_DAYS = 90
# How long pending cars have waited, in days: [0, 1), [1, 3), [3, 7), 7 and more.
QUEUE_AGE_EDGES = (0, 1, 3, 7)


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class QueueAge:
    min_days: int
    max_days: int | None  # None: open-ended
    count: int


@dataclass(frozen=True)
class Outcome:
    channel: Channel
    status: NotificationStatus
    count: int


@dataclass(frozen=True)
class MethodTotal:
    method: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class Overview:
    days: int
    first_day: date
    last_day: date
    listings_per_day: list[DayCount]
    orders_per_day: list[DayCount]
    pending_cars: int
    pending_cars_by_age: list[QueueAge]
    unapproved_vendors: int
    unassigned_imports: int
    notification_outcomes: list[Outcome]
    payments_by_method: list[MethodTotal]


def every_day(counts: dict[date, int], *, first: date, last: date) -> list[DayCount]:
    """One entry per day from ``first`` to ``last``, zero where nothing happened (a
    chart's axis must not skip quiet days)."""
    span = (last - first).days + 1
    days = (first + timedelta(days=offset) for offset in range(span))
    return [DayCount(day=day, count=counts.get(day, 0)) for day in days]


def queue_ages(counts: list[int]) -> list[QueueAge]:
    edges = QUEUE_AGE_EDGES
    return [
        QueueAge(
            min_days=low,
            max_days=edges[index + 1] if index + 1 < len(edges) else None,
            count=count,
        )
        for index, (low, count) in enumerate(zip(edges, counts, strict=True))
    ]


def overview(session: Session, *, days: int = DEFAULT_DAYS) -> Overview:
    """The last ``days`` Nairobi days (today included) and the queues as they are now."""
    now = clock.utcnow()
    last = clock.nairobi_today()
    first = last - timedelta(days=days - 1)
    since = datetime.combine(first, time(), tzinfo=clock.NAIROBI)
    pending = queue_ages(
        repository.pending_cars_by_age(session, now=now, edges_days=QUEUE_AGE_EDGES)
    )
    return Overview(
        days=days,
        first_day=first,
        last_day=last,
        listings_per_day=every_day(
            repository.cars_per_day(session, since=since), first=first, last=last
        ),
        orders_per_day=every_day(
            repository.orders_per_day(session, since=since), first=first, last=last
        ),
        pending_cars=sum(age.count for age in pending),
        pending_cars_by_age=pending,
        unapproved_vendors=repository.unapproved_vendors(session),
        unassigned_imports=repository.unassigned_imports(session),
        notification_outcomes=[
            Outcome(channel=channel, status=status, count=count)
            for channel, status, count in repository.notification_outcomes(session, since=since)
        ],
        payments_by_method=[
            MethodTotal(method=method, count=count, amount=amount)
            for method, count, amount in repository.payments_by_method(session, since=since)
        ],
    )
