from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from sidecar.auth.dependencies import CurrentPrincipal, OptionalPrincipal, VendorPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, TotalsDep, build_page
from sidecar.http.routing import TransactionalRoute
from sidecar.media.dependencies import PublicUrlsDep, StorageDep
from sidecar.parts import service
from sidecar.parts.schemas import PartCreate, PartFilters, PartOut, PartUpdate, part_out

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/parts", tags=["parts"])

PartId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[PartOut])
def list_parts(
    session: SessionDep,
    viewer: OptionalPrincipal,
    params: PageDep,
    filters: Annotated[PartFilters, Query()],
    totals: TotalsDep,
    urls: PublicUrlsDep,
) -> dict[str, Any]:
    """Parts of approved vendors, searchable by name and by the car they fit."""
    rows, total = service.list_parts(
        session, params=params, filters=filters, viewer=viewer, totals=totals
    )
    return build_page([part_out(row, url_of=urls) for row in rows], params=params, total=total)


@router.get("/{part_id}", response_model=PartOut)
def get_part(
    session: SessionDep, viewer: OptionalPrincipal, part_id: PartId, urls: PublicUrlsDep
) -> PartOut:
    """One part."""
    return part_out(service.get_part(session, part_id=part_id, viewer=viewer), url_of=urls)


@router.post("", response_model=PartOut, status_code=status.HTTP_201_CREATED)
def create_part(
    session: SessionDep,
    seller: VendorPrincipal,
    data: PartCreate,
    urls: PublicUrlsDep,
    storage: StorageDep,
) -> PartOut:
    """Lists a part (approved vendors); ``images`` are keys from POST /v1/media/uploads."""
    part = service.create_part(session, seller=seller, data=data, storage=storage)
    return part_out(part, url_of=urls)


@router.patch("/{part_id}", response_model=PartOut)
def update_part(
    session: SessionDep,
    principal: CurrentPrincipal,
    part_id: PartId,
    data: PartUpdate,
    urls: PublicUrlsDep,
    storage: StorageDep,
) -> PartOut:
    """Edits a part (its vendor or an admin)."""
    part = service.update_part(
        session, part_id=part_id, actor=principal, data=data, storage=storage
    )
    return part_out(part, url_of=urls)


@router.delete("/{part_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_part(session: SessionDep, principal: CurrentPrincipal, part_id: PartId) -> Response:
    """Removes a part (its vendor or an admin)."""
    service.delete_part(session, part_id=part_id, actor=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
