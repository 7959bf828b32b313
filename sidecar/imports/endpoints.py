"""Import requests: the public estimate, requests by customers, status moves by staff.

``GET /v1/imports`` and ``GET /v1/imports/{id}`` both include each request's
timeline (the list pages are at most 100 rows and timelines are a few events, loaded
in one query per page).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from sidecar.db import SessionDep
from sidecar.deps import CurrentUser
from sidecar.imports import service
from sidecar.imports.schemas import (
    ImportCreate,
    ImportEstimateOut,
    ImportOut,
    ImportStatusUpdate,
)
from sidecar.models import ImportStatus
from sidecar.pagination import Page, PageDep, build_page

router = APIRouter(prefix="/v1/imports", tags=["imports"])

ImportId = Annotated[int, Path(ge=1, le=2**62)]


@router.post("/estimate", response_model=ImportEstimateOut)
def estimate_import(body: ImportCreate) -> dict[str, Any]:
    """The landed cost of a car imported to Kenya, without saving anything (anyone)."""
    return service.estimate_import(specs=body.specs)


@router.post("", response_model=ImportOut, status_code=201)
def create_import(session: SessionDep, user: CurrentUser, body: ImportCreate) -> dict[str, Any]:
    """Requests an import; it starts pending with its estimate (signed in)."""
    return service.create_import(session, user=user, specs=body.specs)


@router.get("", response_model=Page[ImportOut])
def list_imports(
    session: SessionDep,
    user: CurrentUser,
    params: PageDep,
    status: Annotated[ImportStatus | None, Query()] = None,
) -> dict[str, Any]:
    """The caller's import requests, or every request for approved vendors and admins."""
    rows, total = service.list_imports(session, viewer=user, params=params, status=status)
    return build_page(rows, params=params, total=total)


@router.get("/{import_id}", response_model=ImportOut)
def get_import(session: SessionDep, user: CurrentUser, import_id: ImportId) -> dict[str, Any]:
    """One import request with its timeline (owner, approved vendor, admin)."""
    return service.get_import(session, viewer=user, import_id=import_id)


@router.put("/{import_id}/status", response_model=ImportOut)
def change_import_status(
    session: SessionDep, user: CurrentUser, import_id: ImportId, body: ImportStatusUpdate
) -> dict[str, Any]:
    """Moves an import along its journey and tells the customer (approved vendor, admin)."""
    return service.change_status(
        session, actor=user, import_id=import_id, target=body.status, note=body.note
    )
