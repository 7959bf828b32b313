"""KRA's CRSP list: the public search of the live release, and releases for admins.

Mounted before the imports router: ``/v1/imports/crsp`` is not an import id.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, UploadFile

from sidecar.auth.dependencies import AdminPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.errors import PayloadTooLarge
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.imports.crsp import service
from sidecar.imports.crsp.listing import LABEL_PATTERN, DiffKind
from sidecar.imports.crsp.schemas import (
    CrspCarOut,
    CrspFilters,
    CrspReleaseOut,
    ImportedReleaseOut,
    ReleaseDiffOut,
)
from sidecar.models import CrspRelease, CrspReleaseStatus

router = APIRouter(prefix="/v1/imports/crsp", tags=["imports"])

RELEASES_PATH = "/v1/imports/crsp/releases"
MAX_RELEASE_BYTES = 10 * 1024 * 1024  # KRA's list is about 0.5 MB
Label = Annotated[str, Path(pattern=LABEL_PATTERN, max_length=40)]


@router.get("", response_model=Page[CrspCarOut])
def search_crsp(
    session: SessionDep, params: PageDep, filters: Annotated[CrspFilters, Query()]
) -> dict[str, Any]:
    """Cars of KRA's live CRSP list: make, words of the model in any order, engine, fuel."""
    cars, total = service.search(
        session,
        make=filters.make,
        q=filters.q,
        engine_cc=filters.engine_cc,
        fuel=filters.fuel,
        params=params,
    )
    return build_page(cars, params=params, total=total)


@router.get("/releases", response_model=Page[CrspReleaseOut])
def list_releases(
    session: SessionDep,
    admin: AdminPrincipal,
    params: PageDep,
    status: Annotated[CrspReleaseStatus | None, Query()] = None,
) -> dict[str, Any]:
    """CRSP releases, newest first (admin)."""
    rows, total = service.list_releases(session, params=params, status=status)
    return build_page(rows, params=params, total=total)


@router.post("/releases", response_model=ImportedReleaseOut, status_code=201)
def import_release(
    session: SessionDep,
    admin: AdminPrincipal,
    file: Annotated[UploadFile, File(description="KRA's CRSP list as CSV")],
    label: Annotated[str, Form(pattern=LABEL_PATTERN, max_length=40)],
    effective_from: Annotated[date, Form(alias="effectiveFrom")],
) -> ImportedReleaseOut:
    """Loads a CRSP list as a draft release, with its check and its diff (admin)."""
    content = file.file.read(MAX_RELEASE_BYTES + 1)
    if len(content) > MAX_RELEASE_BYTES:
        raise PayloadTooLarge(f"A CRSP list may be at most {MAX_RELEASE_BYTES} bytes.")
    imported = service.import_release(
        session,
        content=content,
        source_file=file.filename or "upload.csv",
        label=label,
        effective_from=effective_from,
        actor_id=admin.id,
    )
    return ImportedReleaseOut.of(imported)


@router.get("/releases/{label}/diff", response_model=ReleaseDiffOut)
def release_diff(
    session: SessionDep,
    admin: AdminPrincipal,
    label: Label,
    params: PageDep,
    kind: Annotated[DiffKind | None, Query()] = None,
) -> ReleaseDiffOut:
    """How a release differs from the live one, car by car (admin)."""
    diff = service.release_diff(session, label=label, kind=kind, params=params)
    return ReleaseDiffOut.of(diff, params=params)


@router.post("/releases/{label}/publish", response_model=CrspReleaseOut)
def publish_release(session: SessionDep, admin: AdminPrincipal, label: Label) -> CrspRelease:
    """Makes a draft the live release; the live one is archived (admin)."""
    return service.publish_release(session, label=label, actor_id=admin.id)
