"""Vendors: listing and approval by admins."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sidecar.audit import service as audit
from sidecar.errors import NotFound
from sidecar.models import User, Vendor
from sidecar.notifications import outbox
from sidecar.pagination import PageParams, paginate


class VendorNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such vendor.")


def _with_email(session: Session, vendors: list[Vendor]) -> list[dict[str, Any]]:
    ids = {vendor.user_id for vendor in vendors}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(ids)))
    emails = {row.id: row.email for row in rows}
    return [
        {
            "id": v.id,
            "user_id": v.user_id,
            "company_name": v.company_name,
            "approved": v.approved,
            "approved_at": v.approved_at,
            "created_at": v.created_at,
            "email": emails.get(v.user_id, ""),
        }
        for v in vendors
    ]


def list_vendors(
    session: Session, *, params: PageParams, approved: bool | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Lists vendors, oldest first, optionally by approval state."""
    query: Select[Any] = select(Vendor)
    if approved is not None:
        query = query.where(Vendor.approved == approved)
    rows, total = paginate(session, query.order_by(Vendor.id), params=params)
    return _with_email(session, rows), total


def approve_vendor(session: Session, *, vendor_id: int, admin: User) -> dict[str, Any]:
    """Approves a vendor so they may list parts and cars; approving twice changes nothing."""
    vendor = session.get(Vendor, vendor_id, with_for_update=True)
    if vendor is None:
        raise VendorNotFound()
    if not vendor.approved:
        vendor.approved = True
        vendor.approved_at = datetime.now(UTC)
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
            kind="vendor.approved",
            payload={"vendor_id": vendor.id},
            dedupe_key=f"vendor.approved:{vendor.id}",
        )
    return _with_email(session, [vendor])[0]
