"""Queries of the vendors domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from sidecar.models import Vendor, VendorKind


def list_query(*, approved: bool | None, kind: VendorKind | None = None) -> Select[Any]:
    """Vendors with their user (for the email), oldest first."""
    query: Select[Any] = select(Vendor).options(joinedload(Vendor.user))
    if approved is not None:
        query = query.where(Vendor.approved == approved)
    if kind is not None:
        query = query.where(Vendor.kinds.contains([str(kind)]))
    return query.order_by(Vendor.id)


def get_for_update(session: Session, vendor_id: int) -> Vendor | None:
    return session.scalar(
        select(Vendor)
        .options(joinedload(Vendor.user))
        .where(Vendor.id == vendor_id)
        .with_for_update(of=Vendor)
    )
