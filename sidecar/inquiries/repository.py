"""Queries of the inquiries domain."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.orm import Session, contains_eager

from sidecar.auth.principal import Principal
from sidecar.models import Inquiry, InquiryStatus, Part, Vendor


def visible_to(viewer: Principal) -> ColumnElement[bool]:
    """Askers see their own inquiries, vendors those about their parts, admins all."""
    if viewer.is_admin:
        return true()
    return or_(Inquiry.user_id == viewer.id, Vendor.user_id == viewer.id)


def _with_part(*conditions: ColumnElement[bool]) -> Select[Inquiry]:
    return (
        select(Inquiry)
        .join(Inquiry.part)
        .join(Part.vendor)
        .options(contains_eager(Inquiry.part).contains_eager(Part.vendor))
        .where(*conditions)
    )


def list_query(*, viewer: Principal, status: InquiryStatus | None) -> Select[Inquiry]:
    """The inquiries ``viewer`` may see, newest first."""
    query = _with_part(visible_to(viewer))
    if status is not None:
        query = query.where(Inquiry.status == status)
    return query.order_by(Inquiry.created_at.desc(), Inquiry.id.desc())


def get(
    session: Session, inquiry_id: int, *, viewer: Principal, for_update: bool = False
) -> Inquiry | None:
    """One inquiry with its part and vendor, if ``viewer`` may see it."""
    query = _with_part(Inquiry.id == inquiry_id, visible_to(viewer))
    if for_update:
        query = query.with_for_update(of=Inquiry)
    return session.scalar(query)
