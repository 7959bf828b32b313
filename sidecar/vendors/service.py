"""Vendors: listing and approval by admins."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit, clock, outbox
from sidecar.core.errors import NotFound
from sidecar.core.events import VendorApproved
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import EventKind, Vendor
from sidecar.vendors import repository


class VendorNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such vendor.")


def list_vendors(
    session: Session, *, params: PageParams, approved: bool | None = None
) -> tuple[list[Vendor], int]:
    """Lists vendors, oldest first, optionally by approval state."""
    return paginate(session, repository.list_query(approved=approved), params=params)


def approve_vendor(session: Session, *, vendor_id: int, admin: Principal) -> Vendor:
    """Approves a vendor so they may list parts and cars; approving twice changes nothing."""
    vendor = repository.get_for_update(session, vendor_id)
    if vendor is None:
        raise VendorNotFound()
    if not vendor.approved:
        vendor.approved = True
        vendor.approved_at = clock.utcnow()
        session.flush()
        audit.record(
            session,
            actor_id=admin.id,
            action="vendor.approve",
            resource_type="vendor",
            resource_id=vendor.id,
            changes={"approved": True},
        )
        outbox.emit(
            session,
            kind=EventKind.VENDOR_APPROVED,
            payload=VendorApproved(vendor_id=vendor.id),
            dedupe_key=f"vendor.approved:{vendor.id}",
        )
    return vendor
