"""Vendors: listing and approval by admins."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit, clock, outbox
from sidecar.core.errors import NotFound
from sidecar.core.events import VendorApproved
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import EventKind, Vendor, VendorKind
from sidecar.vendors import repository


class VendorNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such vendor.")


def list_vendors(
    session: Session,
    *,
    params: PageParams,
    approved: bool | None = None,
    kind: VendorKind | None = None,
) -> tuple[list[Vendor], int]:
    """Lists vendors, oldest first, optionally by approval state and kind."""
    return paginate(session, repository.list_query(approved=approved, kind=kind), params=params)


def approve_vendor(
    session: Session, *, vendor_id: int, admin: Principal, kinds: list[VendorKind] | None = None
) -> Vendor:
    """Approves a vendor so it may sell (parts) or handle imports (importer), as its kinds
    say; ``kinds`` replaces them. Approving twice with the same kinds changes nothing."""
    vendor = repository.get_for_update(session, vendor_id)
    if vendor is None:
        raise VendorNotFound()
    if kinds is not None and sorted(kinds) != sorted(vendor.kinds):
        previous = list(vendor.kinds)
        vendor.kinds = [str(kind) for kind in kinds]
        session.flush()
        audit.record(
            session,
            actor_id=admin.id,
            action="vendor.kinds",
            resource_type="vendor",
            resource_id=vendor.id,
            changes={"kinds": vendor.kinds, "from": previous},
        )
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
