"""Inquiries: a buyer asks a vendor about a part; the vendor (or an admin) answers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit, clock
from sidecar.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from sidecar.core.events import InquiryCreated, InquiryResponded
from sidecar.core.outbox import emit
from sidecar.core.pagination import PageParams, paginate
from sidecar.inquiries import repository
from sidecar.inquiries.schemas import InquiryCreate, InquiryFilters, InquiryRespond
from sidecar.models import EventKind, Inquiry, InquiryStatus
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


def create_inquiry(session: Session, *, asker: Principal, data: InquiryCreate) -> Inquiry:
    """Records a question about a listed part and notifies its vendor."""
    part = parts_service.get_listed_part(session, part_id=data.part_id)
    if asker.owns(part.vendor.user_id):
        raise OwnPartInquiry()
    if data.quantity > part.stock:
        raise QuantityAboveStock(name=part.name, stock=part.stock)
    inquiry = Inquiry(
        user_id=asker.id,
        part_id=part.id,
        quantity=data.quantity,
        message=data.message,
        status=InquiryStatus.NEW,
    )
    inquiry.part = part
    session.add(inquiry)
    session.flush()
    audit.record(
        session,
        actor_id=asker.id,
        action="inquiry.create",
        resource_type="inquiry",
        resource_id=inquiry.id,
        changes={"part_id": part.id, "quantity": inquiry.quantity},
    )
    emit(
        session,
        kind=EventKind.INQUIRY_CREATED,
        payload=InquiryCreated(
            inquiry_id=inquiry.id,
            part_id=part.id,
            vendor_user_id=part.vendor.user_id,
            customer_id=asker.id,
        ),
        dedupe_key=f"inquiry.created:{inquiry.id}",
    )
    return inquiry


def list_inquiries(
    session: Session,
    *,
    viewer: Principal,
    params: PageParams,
    filters: InquiryFilters,
) -> tuple[list[Inquiry], int]:
    """Lists the inquiries the viewer may see, filtered, newest (or unanswered) first."""
    return paginate(session, repository.list_query(viewer=viewer, filters=filters), params=params)


def get_inquiry(session: Session, *, viewer: Principal, inquiry_id: int) -> Inquiry:
    """One inquiry, if the viewer asked it, sells the part, or is an admin."""
    inquiry = repository.get(session, inquiry_id, viewer=viewer)
    if inquiry is None:
        raise InquiryNotFound()
    return inquiry


def respond(
    session: Session, *, responder: Principal, inquiry_id: int, data: InquiryRespond
) -> Inquiry:
    """The vendor's (or an admin's) answer; notifies the customer. Closed is final."""
    inquiry = repository.get(session, inquiry_id, viewer=responder, for_update=True)
    if inquiry is None:
        raise InquiryNotFound()
    vendor_user_id = inquiry.part.vendor.user_id
    if not responder.is_admin and not responder.owns(vendor_user_id):
        raise NotTheVendor()  # the asker: they see the inquiry but cannot answer it
    if inquiry.status == InquiryStatus.CLOSED:
        raise InquiryClosed()
    responded_at = clock.utcnow()
    inquiry.status = InquiryStatus(data.status)
    inquiry.response_message = data.response_message
    inquiry.responded_at = responded_at
    inquiry.responded_by = responder.id
    session.flush()
    audit.record(
        session,
        actor_id=responder.id,
        action="inquiry.respond",
        resource_type="inquiry",
        resource_id=inquiry.id,
        changes={"status": inquiry.status.value},
    )
    emit(
        session,
        kind=EventKind.INQUIRY_RESPONDED,
        payload=InquiryResponded(
            inquiry_id=inquiry.id,
            part_id=inquiry.part_id,
            customer_id=inquiry.user_id,
            vendor_user_id=vendor_user_id,
            responded_by=responder.id,
            status=inquiry.status,
        ),
        # A vendor may answer again (a follow-up) until the inquiry is closed.
        dedupe_key=f"inquiry.responded:{inquiry.id}:{responded_at.isoformat()}",
    )
    return inquiry
