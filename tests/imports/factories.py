"""Factories for import requests: keyword-only, writing through the real service."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from sidecar.core.database import Database
from sidecar.imports import service
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.models import ImportStatus, ImportStatusEvent, User, Vendor, VendorKind
from tests.conftest import principal_of

# Pins the rate table (TLAA2024) and the age rule (2019 or later) for service tests.
ON = date(2026, 11, 25)
# specs_body() on ON: KRA's HARRIER row (CRSP 7,084,125.94, 1998 cc) at 59 months (50%
# off): customs value 1,447,586.40, taxes 1,451,205.37; FOB 1,000,000 from Japan.
WORKED_TOTAL = "2718605.37"


def specs_body(**overrides: Any) -> dict[str, Any]:
    """A valid ``specs`` object as a client sends it (contract names)."""
    body: dict[str, Any] = {
        "make": "Toyota",
        "model": "Harrier",
        "year": 2021,
        "budget": "1000000",
        "originCountry": "Japan",
        "engineCc": 1500,
        "fuel": "petrol",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def create_import(
    db: Database,
    *,
    owner: User,
    status: ImportStatus = ImportStatus.PENDING,
    importer: User | None = None,
    **spec_overrides: Any,
) -> int:
    """Creates an import as ``owner`` would, then puts it in ``status``, assigned to
    ``importer`` (a vendor, made an importer if it was not); returns its id."""
    with db.transaction() as session:
        specs = ImportSpecsIn.model_validate(specs_body(**spec_overrides))
        request = service.create_import(
            session, principal=principal_of(session, owner), specs=specs, on=ON
        )
        if status is not ImportStatus.PENDING:
            session.add(
                ImportStatusEvent(
                    import_id=request.id,
                    from_status=ImportStatus.PENDING.value,
                    to_status=status.value,
                    note="arranged by the test",
                )
            )
            request.status = status
        if importer is not None:
            vendor = session.scalar(select(Vendor).where(Vendor.user_id == importer.id))
            assert vendor is not None
            vendor.kinds = sorted({*vendor.kinds, VendorKind.IMPORTER})
            request.importer_id = vendor.id
    return request.id
