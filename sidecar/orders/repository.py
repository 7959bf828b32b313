"""Queries of the orders domain, including the row locks a purchase takes.

Every order locks the rows it buys (``SELECT ... FOR UPDATE``) in one global order —
cars before parts, each by id — so two orders can never wait on each other in a
cycle.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import Session, contains_eager, selectinload

from sidecar.auth.principal import Principal
from sidecar.models import Car, Order, OrderStatus, Part


def visible_to(viewer: Principal) -> ColumnElement[bool]:
    """A buyer sees their own orders; admins see all."""
    return true() if viewer.is_admin else Order.user_id == viewer.id


def list_query(*, viewer: Principal, status: OrderStatus | None) -> Select[Any]:
    query: Select[Any] = select(Order).options(selectinload(Order.items)).where(visible_to(viewer))
    if status is not None:
        query = query.where(Order.status == status)
    return query.order_by(Order.created_at.desc(), Order.id.desc())


def get(session: Session, order_id: int, *, viewer: Principal) -> Order | None:
    return session.scalar(
        select(Order)
        .options(selectinload(Order.items))
        .where(Order.id == order_id, visible_to(viewer))
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
