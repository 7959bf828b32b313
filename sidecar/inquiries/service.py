"""Inquiries: a buyer asks a vendor about a part; the vendor (or an admin) answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.orm import Session

from sidecar.audit import service as audit
from sidecar.errors import Conflict, Forbidden, NotFound, Unprocessable
from sidecar.inquiries.schemas import InquiryCreate, InquiryRespond
from sidecar.models import Inquiry, Part, Role, User, Vendor
from sidecar.notifications.outbox import emit
from sidecar.pagination import PageParams, paginate
from sidecar.parts import service as parts_service


class InquiryNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such inquiry.")


class OwnPartInquiry(Unprocessable):
    def __init__(self) -> None:
        super().__init__("You cannot send an inquiry about your own part.")


class QuantityAboveStock(Unprocessable):
    def __init__(self, *, name: str, stock: int) -> None:
        if stock == 0:
            detail = f"'{name}' is out of stock."
        else:
            detail = f"Only {stock} of '{name}' in stock; ask for at most {stock}."
        super().__init__(detail, errors=[{"field": "quantity", "message": detail}])


class NotTheVendor(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only the part's vendor or an admin may respond to this inquiry.")


class InquiryClosed(Conflict):
    def __init__(self) -> None:
        super().__init__("This inquiry is closed.")


def _visible_to(user: User) -> ColumnElement[bool]:
    """Askers see their own inquiries, vendors those about their parts, admins all."""
    if user.role == Role.ADMIN:
        return true()
    return or_(Inquiry.user_id == user.id, Vendor.user_id == user.id)


def _view(inquiry: Inquiry, part: Part) -> dict[str, Any]:
    return {
        "id": inquiry.id,
        "user_id": inquiry.user_id,
        "part_id": inquiry.part_id,
        "part_name": part.name,
        "vendor_id": part.vendor_id,
        "quantity": inquiry.quantity,
        "message": inquiry.message,
        "status": inquiry.status,
        "response_message": inquiry.response_message,
        "responded_at": inquiry.responded_at,
        "created_at": inquiry.created_at,
    }


def _views(session: Session, inquiries: list[Inquiry]) -> list[dict[str, Any]]:
    ids = {inquiry.part_id for inquiry in inquiries}
    parts = {part.id: part for part in session.scalars(select(Part).where(Part.id.in_(ids)))}
    return [_view(inquiry, parts[inquiry.part_id]) for inquiry in inquiries]


def create_inquiry(session: Session, *, user: User, data: InquiryCreate) -> dict[str, Any]:
    """Records a question about a listed part and notifies its vendor."""
    part, vendor = parts_service.get_listed_part(session, part_id=data.part_id)
    if vendor.user_id == user.id:
        raise OwnPartInquiry()
    if data.quantity > part.stock:
        raise QuantityAboveStock(name=part.name, stock=part.stock)
    inquiry = Inquiry(
        user_id=user.id,
        part_id=part.id,
        quantity=data.quantity,
        message=data.message,
        status="new",
    )
    session.add(inquiry)
    session.flush()
    audit.record(
        session,
        actor_id=user.id,
        action="inquiry.create",
        resource_type="inquiry",
        resource_id=inquiry.id,
        changes={"part_id": part.id, "quantity": inquiry.quantity},
    )
    emit(
        session,
        kind="inquiry.created",
        payload={
            "inquiry_id": inquiry.id,
            "part_id": part.id,
            "vendor_user_id": vendor.user_id,
            "customer_id": user.id,
        },
        dedupe_key=f"inquiry.created:{inquiry.id}",
    )
    return _view(inquiry, part)


def list_inquiries(
    session: Session, *, user: User, params: PageParams, status: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Lists the inquiries the user may see, newest first."""
    query: Select[Any] = (
        select(Inquiry).join(Part, Part.id == Inquiry.part_id).join(Vendor).where(_visible_to(user))
    )
    if status is not None:
        query = query.where(Inquiry.status == status)
    query = query.order_by(Inquiry.created_at.desc(), Inquiry.id.desc())
    rows, total = paginate(session, query, params=params)
    return _views(session, rows), total


def get_inquiry(session: Session, *, user: User, inquiry_id: int) -> dict[str, Any]:
    """One inquiry, if the user asked it, sells the part, or is an admin."""
    row = session.execute(
        select(Inquiry, Part)
        .join(Part, Part.id == Inquiry.part_id)
        .join(Vendor)
        .where(Inquiry.id == inquiry_id, _visible_to(user))
    ).one_or_none()
    if row is None:
        raise InquiryNotFound()
    return _view(row.Inquiry, row.Part)


def respond(
    session: Session, *, user: User, inquiry_id: int, data: InquiryRespond
) -> dict[str, Any]:
    """The vendor's (or an admin's) answer; notifies the customer. Closed is final."""
    row = session.execute(
        select(Inquiry, Part, Vendor.user_id.label("vendor_user_id"))
        .join(Part, Part.id == Inquiry.part_id)
        .join(Vendor)
        .where(Inquiry.id == inquiry_id, _visible_to(user))
        .with_for_update(of=Inquiry)
    ).one_or_none()
    if row is None:
        raise InquiryNotFound()
    inquiry, part, vendor_user_id = row.Inquiry, row.Part, row.vendor_user_id
    if user.role != Role.ADMIN and vendor_user_id != user.id:
        raise NotTheVendor()  # the asker: they see the inquiry but cannot answer it
    if inquiry.status == "closed":
        raise InquiryClosed()
    responded_at = datetime.now(UTC)
    inquiry.status = data.status
    inquiry.response_message = data.response_message
    inquiry.responded_at = responded_at
    inquiry.responded_by = user.id
    session.flush()
    audit.record(
        session,
        actor_id=user.id,
        action="inquiry.respond",
        resource_type="inquiry",
        resource_id=inquiry.id,
        changes={"status": data.status},
    )
    emit(
        session,
        kind="inquiry.responded",
        payload={
            "inquiry_id": inquiry.id,
            "part_id": part.id,
            "customer_id": inquiry.user_id,
            "vendor_user_id": vendor_user_id,
            "responded_by": user.id,
            "status": inquiry.status,
        },
        # A vendor may answer again (a follow-up) until the inquiry is closed.
        dedupe_key=f"inquiry.responded:{inquiry.id}:{responded_at.isoformat()}",
    )
    return _view(inquiry, part)
