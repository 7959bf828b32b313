"""Who hears about an event, and the delivery records users can read.

``recipient_for`` turns an outbox row into the one user to notify and the facts
the message needs (reloaded from the database: payloads carry ids, not copies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sidecar.models import (
    Car,
    ImportRequest,
    Inquiry,
    Notification,
    OutboxMessage,
    Part,
    Role,
    User,
    Vendor,
)
from sidecar.pagination import PageParams, paginate


@dataclass(frozen=True)
class Recipient:
    user: User
    context: dict[str, Any]


def _import_recipient(session: Session, payload: dict[str, Any]) -> Recipient | None:
    request = session.get(ImportRequest, payload["import_id"])
    if request is None:
        return None
    specs = request.specs_json
    user = session.get(User, request.user_id)
    if user is None:
        return None
    return Recipient(
        user,
        {
            "import_id": request.id,
            "make": specs.get("make", ""),
            "model": specs.get("model", ""),
            "year": specs.get("year", ""),
            "to_status": payload.get("to_status", request.status),
            "note": payload.get("note") or "",
        },
    )


def _inquiry_recipient(
    session: Session, payload: dict[str, Any], *, to_vendor: bool
) -> Recipient | None:
    inquiry = session.get(Inquiry, payload["inquiry_id"])
    if inquiry is None:
        return None
    part = session.get(Part, inquiry.part_id)
    customer = session.get(User, inquiry.user_id)
    if part is None or customer is None:
        return None
    context = {
        "inquiry_id": inquiry.id,
        "part_name": part.name,
        "quantity": inquiry.quantity,
        "customer_name": customer.full_name or customer.email,
        "message": inquiry.message,
        "response_message": inquiry.response_message or "",
    }
    if not to_vendor:
        return Recipient(customer, context)
    vendor = session.get(Vendor, part.vendor_id)
    vendor_user = session.get(User, vendor.user_id) if vendor else None
    return Recipient(vendor_user, context) if vendor_user else None


def _car_recipient(session: Session, payload: dict[str, Any]) -> Recipient | None:
    car = session.get(Car, payload["car_id"])
    owner = session.get(User, car.owner_id) if car else None
    if car is None or owner is None:
        return None
    reason = payload.get("reason") or car.rejection_reason or ""
    return Recipient(owner, {"car_id": car.id, "title": car.title, "reason": reason})


def _vendor_recipient(session: Session, payload: dict[str, Any]) -> Recipient | None:
    vendor = session.get(Vendor, payload["vendor_id"])
    user = session.get(User, vendor.user_id) if vendor else None
    if vendor is None or user is None:
        return None
    return Recipient(user, {"company_name": vendor.company_name})


def recipient_for(session: Session, message: OutboxMessage) -> Recipient | None:
    """The user an outbox event notifies, with the facts for its template; None if gone."""
    payload = message.payload
    try:
        match message.kind:
            case "import.status_changed":
                return _import_recipient(session, payload)
            case "inquiry.created":
                return _inquiry_recipient(session, payload, to_vendor=True)
            case "inquiry.responded":
                return _inquiry_recipient(session, payload, to_vendor=False)
            case "car.approved" | "car.rejected":
                return _car_recipient(session, payload)
            case "vendor.approved":
                return _vendor_recipient(session, payload)
    except KeyError:
        return None
    return None


def wants_whatsapp(user: User) -> bool:
    """WhatsApp only to users with a phone who opted in; email always."""
    return bool(user.phone and user.whatsapp_opt_in and user.is_active)


def list_notifications(
    session: Session,
    *,
    viewer: User,
    params: PageParams,
    user_id: int | None = None,
    channel: str | None = None,
    status: str | None = None,
) -> tuple[list[Notification], int]:
    """A user's own messages; admins see everyone's and may filter by user."""
    query: Select[Any] = select(Notification)
    if viewer.role != Role.ADMIN:
        query = query.where(Notification.user_id == viewer.id)
    elif user_id is not None:
        query = query.where(Notification.user_id == user_id)
    if channel:
        query = query.where(Notification.channel == channel)
    if status:
        query = query.where(Notification.status == status)
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    return paginate(session, query, params=params)


# Twilio's MessageStatus values, ranked so a late callback never moves a message back
# (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
_TWILIO_STATUS = {
    "accepted": ("sent", 1),
    "queued": ("sent", 1),
    "sending": ("sent", 1),
    "sent": ("sent", 1),
    "delivered": ("delivered", 2),
    "read": ("read", 3),
    "undelivered": ("undeliverable", 4),
    "failed": ("failed", 4),
}
_RANK = {"queued": 0, "logged": 0, "sent": 1, "delivered": 2, "read": 3}


def apply_twilio_status(
    session: Session, *, message_sid: str, status: str, error_code: str | None
) -> Notification | None:
    """Records a delivery callback; unknown SIDs and backwards moves change nothing."""
    notification = session.scalar(
        select(Notification).where(Notification.provider_id == message_sid).with_for_update()
    )
    mapped = _TWILIO_STATUS.get(status)
    if notification is None or mapped is None:
        return notification
    new_status, rank = mapped
    if rank <= _RANK.get(notification.status, 4):
        return notification
    notification.status = new_status
    if new_status in ("delivered", "read"):
        notification.delivered_at = notification.delivered_at or datetime.now(UTC)
    if error_code:
        notification.error = f"twilio error {error_code}"
    return notification


def due_outbox_ids(session: Session, *, older_than_seconds: int, limit: int = 500) -> list[int]:
    """Outbox rows still undispatched after the grace period (for the sweep)."""
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.dispatched_at.is_(None))
        .where(OutboxMessage.created_at < datetime.now(UTC) - timedelta(seconds=older_than_seconds))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))
