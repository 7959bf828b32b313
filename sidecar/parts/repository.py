"""Queries of the parts catalogue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.orm import Session, contains_eager

from sidecar.auth.principal import Principal
from sidecar.core import search
from sidecar.models import Part, Vendor
from sidecar.parts.compatibility import filter_keys, parse_filter
from sidecar.parts.schemas import PartFilters, PartSort


def visible_to(viewer: Principal | None) -> ColumnElement[bool]:
    """Parts of approved vendors are public; vendors also see their own, admins all."""
    if viewer is None:
        return Vendor.approved.is_(True)
    if viewer.is_admin:
        return true()
    return or_(Vendor.approved.is_(True), Vendor.user_id == viewer.id)


def _with_vendor(*conditions: ColumnElement[bool]) -> Select[Part]:
    return select(Part).join(Part.vendor).options(contains_eager(Part.vendor)).where(*conditions)


# Each sort ends with the id, so pages never overlap.
_ORDER: dict[PartSort, tuple[ColumnElement[Any], ...]] = {
    PartSort.NEWEST: (Part.created_at.desc(), Part.id.desc()),
    PartSort.NAME: (Part.name.asc(), Part.id.asc()),
    PartSort.NAME_DESC: (Part.name.desc(), Part.id.desc()),
    PartSort.PRICE: (Part.price.asc(), Part.id.asc()),
    PartSort.PRICE_DESC: (Part.price.desc(), Part.id.desc()),
    PartSort.STOCK: (Part.stock.asc(), Part.id.asc()),
    PartSort.STOCK_DESC: (Part.stock.desc(), Part.id.desc()),
}


def list_query(*, filters: PartFilters, viewer: Principal | None) -> Select[Part]:
    """The parts the viewer may see, filtered, in the asked order (newest first)."""
    query = _with_vendor(visible_to(viewer))
    if filters.vendor_id is not None:
        query = query.where(Part.vendor_id == filters.vendor_id)
    if filters.name and (found := search.matches(Part.search, filters.name)) is not None:
        query = query.where(found)
    if filters.compatibility:
        keys = filter_keys(parse_filter(filters.compatibility))
        query = query.where(Part.fitment_keys.overlap(keys))
    if filters.max_stock is not None:
        query = query.where(Part.stock <= filters.max_stock)
    return query.order_by(*_ORDER[filters.sort])


def get(
    session: Session, part_id: int, *, viewer: Principal | None, for_update: bool = False
) -> Part | None:
    """The part with its vendor, if ``viewer`` may see it (row-locked when ``for_update``)."""
    query = _with_vendor(Part.id == part_id, visible_to(viewer))
    if for_update:
        query = query.with_for_update(of=Part)
    return session.scalar(query)


def get_listed(session: Session, part_id: int) -> Part | None:
    """A part on public sale (its vendor is approved), with its vendor."""
    return session.scalar(_with_vendor(Part.id == part_id, Vendor.approved.is_(True)))


def sku_taken(session: Session, *, vendor_id: int, sku: str, other_than: int | None) -> bool:
    query = select(Part.id).where(Part.vendor_id == vendor_id, Part.sku == sku)
    if other_than is not None:
        query = query.where(Part.id != other_than)
    return session.scalar(query.limit(1)) is not None
