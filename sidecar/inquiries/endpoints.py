from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from sidecar.auth.dependencies import CurrentPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.http.routing import TransactionalRoute
from sidecar.inquiries import service
from sidecar.inquiries.schemas import InquiryCreate, InquiryFilters, InquiryOut, InquiryRespond
from sidecar.models import Inquiry

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/inquiries", tags=["inquiries"])

InquiryId = Annotated[int, Path(ge=1, le=2**62)]


@router.post("", response_model=InquiryOut, status_code=status.HTTP_201_CREATED)
def create_inquiry(
    session: SessionDep, principal: CurrentPrincipal, data: InquiryCreate
) -> Inquiry:
    """Asks a part's vendor about it; the vendor is notified."""
    return service.create_inquiry(session, asker=principal, data=data)


@router.get("", response_model=Page[InquiryOut])
def list_inquiries(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageDep,
    filters: Annotated[InquiryFilters, Query()],
) -> dict[str, Any]:
    """The caller's inquiries (vendors: about their parts; admins: all)."""
    rows, total = service.list_inquiries(
        session, viewer=principal, params=params, status=filters.status
    )
    return build_page(rows, params=params, total=total)


@router.get("/{inquiry_id}", response_model=InquiryOut)
def get_inquiry(session: SessionDep, principal: CurrentPrincipal, inquiry_id: InquiryId) -> Inquiry:
    """One inquiry."""
    return service.get_inquiry(session, viewer=principal, inquiry_id=inquiry_id)


@router.put("/{inquiry_id}/respond", response_model=InquiryOut)
def respond_to_inquiry(
    session: SessionDep, principal: CurrentPrincipal, inquiry_id: InquiryId, data: InquiryRespond
) -> Inquiry:
    """Answers an inquiry (the part's vendor or an admin); the customer is notified."""
    return service.respond(session, responder=principal, inquiry_id=inquiry_id, data=data)
