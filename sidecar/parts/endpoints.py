from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from sidecar.db import SessionDep
from sidecar.deps import ApprovedVendor, CurrentUser, OptionalUser
from sidecar.pagination import Page, PageDep, TotalsDep, build_page
from sidecar.parts import service
from sidecar.parts.schemas import PartCreate, PartFilters, PartOut, PartUpdate

router = APIRouter(prefix="/v1/parts", tags=["parts"])

PartId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[PartOut])
def list_parts(
    session: SessionDep,
    viewer: OptionalUser,
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
def get_part(session: SessionDep, viewer: OptionalUser, part_id: PartId) -> dict[str, Any]:
    """One part."""
    return service.get_part(session, part_id=part_id, viewer=viewer)


@router.post("", response_model=PartOut, status_code=status.HTTP_201_CREATED)
def create_part(session: SessionDep, vendor: ApprovedVendor, data: PartCreate) -> dict[str, Any]:
    """Lists a part (approved vendors)."""
    return service.create_part(session, vendor=vendor, data=data)


@router.patch("/{part_id}", response_model=PartOut)
def update_part(
    session: SessionDep, user: CurrentUser, part_id: PartId, data: PartUpdate
) -> dict[str, Any]:
    """Edits a part (its vendor or an admin)."""
    return service.update_part(session, part_id=part_id, user=user, data=data)


@router.delete("/{part_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_part(session: SessionDep, user: CurrentUser, part_id: PartId) -> Response:
    """Removes a part (its vendor or an admin)."""
    service.delete_part(session, part_id=part_id, user=user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
