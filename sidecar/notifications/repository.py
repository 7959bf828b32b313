"""Queries of the notifications domain: delivery records and the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.models import Channel, Notification, NotificationStatus, OrderItem, OutboxMessage
from sidecar.notifications.schemas import NotificationSort


def list_query(
    *,
    viewer: Principal,
    user_id: int | None,
    channel: Channel | None,
    statuses: Sequence[NotificationStatus] | None,
    sort: NotificationSort = "-created_at",
) -> Select[Any]:
    """A user's own messages, newest (or oldest) first; admins see everyone's, optionally
    one user's."""
    query: Select[Any] = select(Notification)
    if not viewer.is_admin:
        query = query.where(Notification.user_id == viewer.id)
    elif user_id is not None:
        query = query.where(Notification.user_id == user_id)
    if channel:
        query = query.where(Notification.channel == channel)
    if statuses:
        query = query.where(Notification.status.in_(statuses))
    if sort == "created_at":
        return query.order_by(Notification.created_at.asc(), Notification.id.asc())
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def by_provider_id_for_update(session: Session, provider_id: str) -> Notification | None:
    return session.scalar(
        select(Notification).where(Notification.provider_id == provider_id).with_for_update()
    )


def undispatched_before(session: Session, moment: datetime, *, limit: int) -> list[int]:
    """Outbox rows created before ``moment`` and still undispatched, oldest first."""
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.dispatched_at.is_(None))
        .where(OutboxMessage.created_at < moment)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def order_lines(session: Session, order_id: int) -> list[OrderItem]:
    """An order's lines, for the receipts."""
    return list(
        session.scalars(
            select(OrderItem).where(OrderItem.order_id == order_id).order_by(OrderItem.id)
        )
    )
