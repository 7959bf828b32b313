"""Queries of the inquiries domain."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, case, or_, select, true
from sqlalchemy.orm import Session, contains_eager

from sidecar.auth.principal import Principal
from sidecar.inquiries.schemas import InquiryFilters, InquirySort
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


def list_query(*, viewer: Principal, filters: InquiryFilters) -> Select[Inquiry]:
    """The inquiries ``viewer`` may see, filtered, newest (or unanswered) first."""
    query = _with_part(visible_to(viewer))
    if filters.status is not None:
        query = query.where(Inquiry.status == filters.status)
    if filters.received:
        query = query.where(Vendor.user_id == viewer.id)
    newest = (Inquiry.created_at.desc(), Inquiry.id.desc())
    if filters.sort is InquirySort.UNANSWERED:
        answered = case((Inquiry.status == InquiryStatus.NEW, 0), else_=1)
        return query.order_by(answered, *newest)
    return query.order_by(*newest)


def get(
    session: Session, inquiry_id: int, *, viewer: Principal, for_update: bool = False
) -> Inquiry | None:
    """One inquiry with its part and vendor, if ``viewer`` may see it."""
    query = _with_part(Inquiry.id == inquiry_id, visible_to(viewer))
    if for_update:
        query = query.with_for_update(of=Inquiry)
    return session.scalar(query)
