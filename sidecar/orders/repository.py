"""Queries of the orders domain, including the row locks a purchase takes.

Lock order, everywhere: the buyer's user row (placing an order), then the order,
then its cars by id, then its parts by id. Placing, paying, cancelling, expiring,
refunding and fulfilling all follow it, so no two of them wait on each other in a
cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    UnaryExpression,
    exists,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session, contains_eager, selectinload

from sidecar.auth.principal import Principal
from sidecar.models import Car, CarStatus, Order, OrderItem, OrderStatus, Part, User
from sidecar.orders.schemas import OrderSort


def visible_to(viewer: Principal) -> ColumnElement[bool]:
    """A buyer sees their orders, a seller the orders with their lines; admins all."""
    if viewer.is_admin:
        return true()
    return or_(Order.user_id == viewer.id, _sells(viewer))


_ORDER: dict[OrderSort, tuple[UnaryExpression[Any], UnaryExpression[Any]]] = {
    "-created_at": (Order.created_at.desc(), Order.id.desc()),
    "created_at": (Order.created_at.asc(), Order.id.asc()),
    "total": (Order.total.asc(), Order.id.asc()),
    "-total": (Order.total.desc(), Order.id.desc()),
}


def _sells(viewer: Principal) -> ColumnElement[bool]:
    return exists().where(OrderItem.order_id == Order.id, OrderItem.seller_id == viewer.id)


def list_query(
    *,
    viewer: Principal,
    status: OrderStatus | None,
    selling: bool = False,
    sort: OrderSort = "-created_at",
) -> Select[Any]:
    query: Select[Any] = select(Order).options(selectinload(Order.items)).where(visible_to(viewer))
    if status is not None:
        query = query.where(Order.status == status)
    if selling:
        query = query.where(_sells(viewer))
    return query.order_by(*_ORDER[sort])


def get(
    session: Session, order_id: int, *, viewer: Principal | None, for_update: bool = False
) -> Order | None:
    """The order if ``viewer`` may see it (None: the system), row-locked when asked."""
    # selectinload runs after the main statement: the lines are read once it is locked.
    query = select(Order).options(selectinload(Order.items)).where(Order.id == order_id)
    if viewer is not None:
        query = query.where(visible_to(viewer))
    if for_update:
        query = query.with_for_update(of=Order)
    return session.scalar(query.execution_options(populate_existing=True))


def by_idempotency_key(session: Session, *, user_id: int, key: str) -> Order | None:
    return session.scalar(
        select(Order)
        .options(selectinload(Order.items))
        .where(Order.user_id == user_id, Order.idempotency_key == key)
    )


def lock_buyer(session: Session, user_id: int) -> None:
    """Serialises one buyer's orders: the pending limit and idempotency keys hold."""
    session.execute(select(User.id).where(User.id == user_id).with_for_update())


def pending_count(session: Session, user_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Order)
            .where(Order.user_id == user_id, Order.status == OrderStatus.PENDING)
        )
        or 0
    )


def lock_cars(session: Session, ids: list[int]) -> dict[int, Car]:
    """The cars to buy, locked in id order."""
    if not ids:
        return {}
    query = select(Car).where(Car.id.in_(ids)).order_by(Car.id).with_for_update()
    return {car.id: car for car in session.scalars(query)}


def lock_parts(session: Session, ids: list[int]) -> dict[int, Part]:
    """The parts to buy, with their vendors, locked in id order (after the cars)."""
    if not ids:
        return {}
    query = (
        select(Part)
        .join(Part.vendor)
        .options(contains_eager(Part.vendor))
        .where(Part.id.in_(ids))
        .order_by(Part.id)
        .with_for_update(of=Part)
    )
    return {part.id: part for part in session.scalars(query)}


def release_cars(session: Session, ids: Iterable[int]) -> None:
    """Reserved cars go back on sale (a car deleted or sold meanwhile is left alone)."""
    for car_id in sorted(set(ids)):
        session.execute(
            update(Car)
            .where(Car.id == car_id, Car.status == CarStatus.RESERVED)
            .values(status=CarStatus.ACTIVE)
        )


def return_stock(session: Session, quantities: dict[int, int]) -> None:
    """Held units go back into stock, parts in id order (a deleted part is gone)."""
    for part_id in sorted(quantities):
        session.execute(
            update(Part).where(Part.id == part_id).values(stock=Part.stock + quantities[part_id])
        )


def expired_ids(session: Session, *, now: datetime, limit: int) -> list[int]:
    """Pending orders whose hold ran out, oldest first."""
    return list(
        session.scalars(
            select(Order.id)
            .where(Order.status == OrderStatus.PENDING, Order.hold_expires_at <= now)
            .order_by(Order.hold_expires_at)
            .limit(limit)
        )
    )


def buyers(session: Session, user_ids: Iterable[int]) -> dict[int, User]:
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}


# What counts as sold: paid orders, handed over or not (refunded and cancelled do not).
SOLD = (OrderStatus.PAID, OrderStatus.FULFILLED)


def sales_by_day(
    session: Session, *, seller_id: int, since: datetime, offset: timedelta
) -> list[tuple[date, Any, int, int]]:
    """(day, revenue, units, orders) of ``seller_id``'s sold lines paid since ``since``,
    the day being the payment's in the zone ``offset`` hours from UTC."""
    day = func.date(func.timezone("UTC", Order.paid_at) + offset)
    query = (
        select(
            day,
            func.sum(OrderItem.line_total),
            func.sum(OrderItem.quantity),
            func.count(func.distinct(Order.id)),
        )
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            OrderItem.seller_id == seller_id,
            Order.status.in_(SOLD),
            Order.paid_at >= since,
        )
        .group_by(day)
        .order_by(day)
    )
    return [(row[0], row[1], int(row[2]), int(row[3])) for row in session.execute(query)]


def lines_to_fulfil(session: Session, *, seller_id: int) -> int:
    """``seller_id``'s lines of paid orders not yet handed over (nor being refunded)."""
    query = (
        select(func.count())
        .select_from(OrderItem)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            OrderItem.seller_id == seller_id,
            OrderItem.fulfilled_at.is_(None),
            Order.status == OrderStatus.PAID,
            Order.refund_requested_at.is_(None),
        )
    )
    return int(session.scalar(query) or 0)
