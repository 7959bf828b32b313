from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from sidecar.auth.dependencies import AdminPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.http.routing import TransactionalRoute
from sidecar.models import Vendor
from sidecar.vendors import service
from sidecar.vendors.schemas import VendorApproveIn, VendorOut

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/vendors", tags=["vendors"])


@router.get("", response_model=Page[VendorOut])
def list_vendors(
    session: SessionDep,
    _: AdminPrincipal,
    params: PageDep,
    approved: Annotated[bool | None, Query()] = None,
) -> dict[str, Any]:
    """All vendors, optionally only approved or unapproved ones (admin)."""
    rows, total = service.list_vendors(session, params=params, approved=approved)
    return build_page(rows, params=params, total=total)


@router.put("/{vendor_id}/approve", response_model=VendorOut)
def approve_vendor(
    session: SessionDep,
    admin: AdminPrincipal,
    vendor_id: Annotated[int, Path(ge=1, le=2**62)],
    body: VendorApproveIn | None = None,
) -> Vendor:
    """Approves a vendor, optionally as parts seller, importer or both (admin)."""
    kinds = body.kinds if body is not None else None
    return service.approve_vendor(session, vendor_id=vendor_id, admin=admin, kinds=kinds)
