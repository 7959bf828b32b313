from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from sidecar.auth.dependencies import CurrentPrincipal, OptionalPrincipal, VendorPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, TotalsDep, build_page
from sidecar.http.routing import TransactionalRoute
from sidecar.models import Part
from sidecar.parts import service
from sidecar.parts.schemas import PartCreate, PartFilters, PartOut, PartUpdate

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/parts", tags=["parts"])

PartId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[PartOut])
def list_parts(
    session: SessionDep,
    viewer: OptionalPrincipal,
    params: PageDep,
    filters: Annotated[PartFilters, Query()],
    totals: TotalsDep,
) -> dict[str, Any]:
    """Parts of approved vendors, searchable by name and by the car they fit."""
    rows, total = service.list_parts(
        session, params=params, filters=filters, viewer=viewer, totals=totals
    )
    return build_page(rows, params=params, total=total)


@router.get("/{part_id}", response_model=PartOut)
def get_part(session: SessionDep, viewer: OptionalPrincipal, part_id: PartId) -> Part:
    """One part."""
    return service.get_part(session, part_id=part_id, viewer=viewer)


@router.post("", response_model=PartOut, status_code=status.HTTP_201_CREATED)
def create_part(session: SessionDep, seller: VendorPrincipal, data: PartCreate) -> Part:
    """Lists a part (approved vendors)."""
    return service.create_part(session, seller=seller, data=data)


@router.patch("/{part_id}", response_model=PartOut)
def update_part(
    session: SessionDep, principal: CurrentPrincipal, part_id: PartId, data: PartUpdate
) -> Part:
    """Edits a part (its vendor or an admin)."""
    return service.update_part(session, part_id=part_id, actor=principal, data=data)


@router.delete("/{part_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_part(session: SessionDep, principal: CurrentPrincipal, part_id: PartId) -> Response:
    """Removes a part (its vendor or an admin)."""
    service.delete_part(session, part_id=part_id, actor=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
