"""Who hears about an event, the delivery records users can read, Twilio's callbacks.

``recipient_for`` turns an outbox row into the one user to notify and the facts
the message needs (reloaded from the database: payloads carry ids, not copies).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import clock, events
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import (
    Car,
    Channel,
    ImportRequest,
    Inquiry,
    Notification,
    NotificationStatus,
    Order,
    OrderItem,
    OutboxMessage,
    Part,
    Payment,
    PhoneVerification,
    User,
    Vendor,
)
from sidecar.notifications import repository
from sidecar.notifications.schemas import NotificationSort


@dataclass(frozen=True)
class Recipient:
    user: User
    context: dict[str, Any]
    # Where to send, when the event decides it (a verification code goes to the phone
    # being verified, and only there); otherwise the user's own channels.
    channels: dict[Channel, str] | None = None


def _import_recipient(session: Session, payload: events.ImportStatusChanged) -> Recipient | None:
    request = session.get(ImportRequest, payload.import_id)
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
            "to_status": payload.to_status or request.status,
            "note": payload.note or "",
        },
    )


def _inquiry_recipient(session: Session, inquiry_id: int, *, to_vendor: bool) -> Recipient | None:
    inquiry = session.get(Inquiry, inquiry_id)
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
        "customer_name": first_name(customer.full_name) or "a customer",
        "message": inquiry.message,
        "response_message": inquiry.response_message or "",
    }
    if not to_vendor:
        return Recipient(customer, context)
    vendor = session.get(Vendor, part.vendor_id)
    vendor_user = session.get(User, vendor.user_id) if vendor else None
    return Recipient(vendor_user, context) if vendor_user else None


def _car_recipient(session: Session, payload: events.CarModerated) -> Recipient | None:
    car = session.get(Car, payload.car_id)
    owner = session.get(User, car.owner_id) if car else None
    if car is None or owner is None:
        return None
    reason = payload.reason or car.rejection_reason or ""
    return Recipient(owner, {"car_id": car.id, "title": car.title, "reason": reason})


def _vendor_recipient(session: Session, payload: events.VendorApproved) -> Recipient | None:
    vendor = session.get(Vendor, payload.vendor_id)
    user = session.get(User, vendor.user_id) if vendor else None
    if vendor is None or user is None:
        return None
    return Recipient(user, {"company_name": vendor.company_name})


def _importer_recipient(session: Session, payload: events.ImportAssigned) -> Recipient | None:
    request = session.get(ImportRequest, payload.import_id)
    vendor = session.get(Vendor, payload.vendor_id)
    user = session.get(User, vendor.user_id) if vendor else None
    if request is None or vendor is None or user is None or request.importer_id != vendor.id:
        return None  # gone, or handed to someone else meanwhile
    specs = request.specs_json
    return Recipient(
        user,
        {
            "import_id": request.id,
            "company_name": vendor.company_name,
            "make": specs.get("make", ""),
            "model": specs.get("model", ""),
            "year": specs.get("year", ""),
            "origin_country": specs.get("origin_country", ""),
        },
    )


def kes(amount: Decimal) -> str:
    """KES 1,650,000 (cents only when there are some)."""
    return f"KES {amount:,.0f}" if amount == amount.to_integral_value() else f"KES {amount:,.2f}"


def _lines(items: list[OrderItem]) -> str:
    return "; ".join(f"{item.quantity} x {item.title}" for item in items)


def _order_paid_recipient(session: Session, payload: events.OrderPaid) -> Recipient | None:
    order = session.get(Order, payload.order_id)
    buyer = session.get(User, payload.user_id)
    payment = session.get(Payment, payload.payment_id)
    if order is None or buyer is None or payment is None:
        return None
    items = repository.order_lines(session, order.id)
    balance = order.total - order.amount_due
    return Recipient(
        buyer,
        {
            "order_number": order.number,
            "amount_paid": kes(payment.amount),
            "items": _lines(items),
            "receipt": payment.mpesa_receipt or "",
            "balance": kes(balance) if balance > 0 else "",
        },
    )


def _phone_code_recipient(
    session: Session, payload: events.PhoneVerificationRequested
) -> Recipient | None:
    verification = session.get(PhoneVerification, payload.verification_id)
    if verification is None or verification.confirmed_at is not None:
        return None
    if verification.expires_at <= clock.utcnow():
        return None  # a stale code helps nobody
    user = session.get(User, verification.user_id)
    if user is None or not user.is_active:
        return None
    return Recipient(user, {"code": payload.code}, channels={Channel.WHATSAPP: verification.phone})


def _to_fulfil_recipient(session: Session, payload: events.OrderToFulfil) -> Recipient | None:
    order = session.get(Order, payload.order_id)
    seller = session.get(User, payload.seller_id)
    if order is None or seller is None:
        return None
    buyer = session.get(User, order.user_id)
    mine = [i for i in repository.order_lines(session, order.id) if i.seller_id == seller.id]
    if buyer is None or not mine:
        return None
    return Recipient(
        seller,
        {
            "order_number": order.number,
            "items": _lines(mine),
            "buyer_name": buyer.full_name or "the buyer",
            "buyer_phone": buyer.phone or "",
        },
    )


def recipient_for(session: Session, message: OutboxMessage) -> Recipient | None:
    """The user an outbox event notifies, with the facts for its template; None if gone
    (or if the row is not an event this code knows)."""
    try:
        payload = events.parse(message.kind, message.payload)
    except ValueError:  # pydantic's ValidationError too: an unreadable row
        return None
    match payload:
        case events.ImportStatusChanged():
            return _import_recipient(session, payload)
        case events.InquiryCreated():
            return _inquiry_recipient(session, payload.inquiry_id, to_vendor=True)
        case events.InquiryResponded():
            return _inquiry_recipient(session, payload.inquiry_id, to_vendor=False)
        case events.CarModerated():
            return _car_recipient(session, payload)
        case events.VendorApproved():
            return _vendor_recipient(session, payload)
        case events.PhoneVerificationRequested():
            return _phone_code_recipient(session, payload)
        case events.ImportAssigned():
            return _importer_recipient(session, payload)
        case events.OrderPaid():
            return _order_paid_recipient(session, payload)
        case events.OrderToFulfil():
            return _to_fulfil_recipient(session, payload)
    return None


def first_name(full_name: str | None) -> str | None:
    """How a message to a vendor names a customer: by first name, never by contact."""
    words = (full_name or "").split()
    return words[0] if words else None


def wants_whatsapp(user: User) -> bool:
    """WhatsApp only to users who opted in, to a phone they verified; email always."""
    return bool(user.phone and user.phone_verified_at and user.whatsapp_opt_in and user.is_active)


def channels_for(recipient: Recipient) -> dict[Channel, str]:
    """Where one event's message goes: the event's own choice, or email and, for those
    who want it, WhatsApp."""
    if recipient.channels is not None:
        return recipient.channels
    user = recipient.user
    channels = {Channel.EMAIL: user.email}
    if wants_whatsapp(user) and user.phone:
        channels[Channel.WHATSAPP] = user.phone
    return channels


def list_notifications(
    session: Session,
    *,
    viewer: Principal,
    params: PageParams,
    user_id: int | None = None,
    channel: Channel | None = None,
    statuses: Sequence[NotificationStatus] | None = None,
    sort: NotificationSort = "-created_at",
) -> tuple[list[Notification], int]:
    """A user's own messages; admins see everyone's and may filter by user."""
    query = repository.list_query(
        viewer=viewer, user_id=user_id, channel=channel, statuses=statuses, sort=sort
    )
    return paginate(session, query, params=params)


# Twilio's MessageStatus values, ranked so a late callback never moves a message back
# (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
_TWILIO_STATUS: dict[str, tuple[NotificationStatus, int]] = {
    "accepted": (NotificationStatus.SENT, 1),
    "queued": (NotificationStatus.SENT, 1),
    "sending": (NotificationStatus.SENT, 1),
    "sent": (NotificationStatus.SENT, 1),
    "delivered": (NotificationStatus.DELIVERED, 2),
    "read": (NotificationStatus.READ, 3),
    "undelivered": (NotificationStatus.UNDELIVERABLE, 4),
    "failed": (NotificationStatus.FAILED, 4),
}
_RANK = {
    NotificationStatus.QUEUED: 0,
    NotificationStatus.LOGGED: 0,
    NotificationStatus.SENT: 1,
    NotificationStatus.DELIVERED: 2,
    NotificationStatus.READ: 3,
}


def apply_twilio_status(
    session: Session, *, message_sid: str, status: str, error_code: str | None
) -> Notification | None:
    """Records a delivery callback; unknown SIDs and backwards moves change nothing."""
    notification = repository.by_provider_id_for_update(session, message_sid)
    mapped = _TWILIO_STATUS.get(status)
    if notification is None or mapped is None:
        return notification
    new_status, rank = mapped
    if rank <= _RANK.get(notification.status, 4):
        return notification
    notification.status = new_status
    if new_status in (NotificationStatus.DELIVERED, NotificationStatus.READ):
        notification.delivered_at = notification.delivered_at or clock.utcnow()
    if error_code:
        notification.error = f"twilio error {error_code}"
    return notification


def due_outbox_ids(session: Session, *, older_than_seconds: int, limit: int = 500) -> list[int]:
    """Outbox rows still undispatched after the grace period (for the sweep)."""
    moment = clock.utcnow() - timedelta(seconds=older_than_seconds)
    return repository.undispatched_before(session, moment, limit=limit)
