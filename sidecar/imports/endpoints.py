"""Import requests: the public estimate, requests by customers, status moves by staff.

``GET /v1/imports`` and ``GET /v1/imports/{id}`` both include each request's
timeline (the list pages are at most 100 rows and timelines are a few events, loaded
in one query per page).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from sidecar.auth.dependencies import AdminPrincipal, CurrentPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.http.routing import TransactionalRoute
from sidecar.imports import service
from sidecar.imports.schemas import (
    ImportAssignIn,
    ImportCreate,
    ImportEstimateOut,
    ImportOut,
    ImportStatusUpdate,
)
from sidecar.models import ImportRequest, ImportStatus

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/imports", tags=["imports"])

ImportId = Annotated[int, Path(ge=1, le=2**62)]


@router.post("/estimate", response_model=ImportEstimateOut)
def estimate_import(body: ImportCreate) -> service.Estimate:
    """The landed cost of a car imported to Kenya, without saving anything (anyone)."""
    return service.estimate_import(specs=body.specs)


@router.post("", response_model=ImportOut, status_code=201)
def create_import(
    session: SessionDep, principal: CurrentPrincipal, body: ImportCreate
) -> ImportRequest:
    """Requests an import; it starts pending with its estimate (signed in)."""
    return service.create_import(session, principal=principal, specs=body.specs)


@router.get("", response_model=Page[ImportOut])
def list_imports(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageDep,
    status: Annotated[ImportStatus | None, Query()] = None,
) -> dict[str, Any]:
    """The caller's import requests, or every request for approved vendors and admins."""
    rows, total = service.list_imports(session, viewer=principal, params=params, status=status)
    return build_page(rows, params=params, total=total)


@router.get("/{import_id}", response_model=ImportOut)
def get_import(
    session: SessionDep, principal: CurrentPrincipal, import_id: ImportId
) -> ImportRequest:
    """One import request with its timeline (owner, approved vendor, admin)."""
    return service.get_import(session, viewer=principal, import_id=import_id)


@router.put("/{import_id}/assign", response_model=ImportOut)
def assign_importer(
    session: SessionDep, admin: AdminPrincipal, import_id: ImportId, body: ImportAssignIn
) -> ImportRequest:
    """Gives an import request to an approved importer, who alone may then move it (admin)."""
    return service.assign_importer(
        session, admin=admin, import_id=import_id, vendor_id=body.vendor_id
    )


@router.put("/{import_id}/status", response_model=ImportOut)
def change_import_status(
    session: SessionDep, principal: CurrentPrincipal, import_id: ImportId, body: ImportStatusUpdate
) -> ImportRequest:
    """Moves an import along its journey and tells the customer (approved vendor, admin)."""
    return service.change_status(
        session, actor=principal, import_id=import_id, target=body.status, note=body.note
    )
