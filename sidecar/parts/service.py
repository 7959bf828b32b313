"""Parts: the catalogue approved vendors list, its search, and edits by their vendor."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, cast, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sidecar.audit import service as audit
from sidecar.errors import Conflict, Forbidden, NotFound
from sidecar.models import Part, Role, User, Vendor
from sidecar.pagination import PageParams, TotalCache, paginate
from sidecar.parts.compatibility import containment_documents, parse_filter, to_public, to_stored
from sidecar.parts.schemas import PartCreate, PartFilters, PartUpdate
from sidecar.parts.search import prefix_tsquery

_SKU_CONSTRAINT = "uq_parts_vendor_id_sku"


class PartNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such part.")


class DuplicateSku(Conflict):
    def __init__(self, sku: str) -> None:
        super().__init__(f"You already list a part with SKU {sku}.")


class NotYourPart(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only the part's vendor or an admin may change it.")


def _visible_to(viewer: User | None) -> ColumnElement[bool]:
    """Parts of approved vendors are public; vendors also see their own, admins all."""
    if viewer is None:
        return Vendor.approved.is_(True)
    if viewer.role == Role.ADMIN:
        return true()
    return or_(Vendor.approved.is_(True), Vendor.user_id == viewer.id)


def _view(part: Part, company_name: str) -> dict[str, Any]:
    return {
        "id": part.id,
        "vendor_id": part.vendor_id,
        "vendor_company_name": company_name,
        "name": part.name,
        "sku": part.sku,
        "compatibility": to_public(part.compatibility_json),
        "price": part.price,
        "stock": part.stock,
        "created_at": part.created_at,
        "updated_at": part.updated_at,
    }


def _views(session: Session, parts: list[Part]) -> list[dict[str, Any]]:
    ids = {part.vendor_id for part in parts}
    rows = session.execute(select(Vendor.id, Vendor.company_name).where(Vendor.id.in_(ids)))
    names = {row.id: row.company_name for row in rows}
    return [_view(part, names[part.vendor_id]) for part in parts]


def _audit_value(field: str, part: Part) -> Any:
    if field == "price":
        return str(part.price)
    if field == "compatibility":
        return to_public(part.compatibility_json)
    return getattr(part, field)


def list_query(*, filters: PartFilters, viewer: User | None) -> Select[Any]:
    """The parts the viewer may see, filtered, newest first."""
    query: Select[Any] = select(Part).join(Vendor).where(_visible_to(viewer))
    if filters.vendor_id is not None:
        query = query.where(Part.vendor_id == filters.vendor_id)
    if filters.name and (tsquery := prefix_tsquery(filters.name)):
        # A bound parameter, and prefix_tsquery leaves only letters and digits in it.
        matches = func.to_tsquery(cast(literal("simple"), REGCONFIG), tsquery)
        query = query.where(Part.search.bool_op("@@")(matches))
    if filters.compatibility:
        documents = containment_documents(parse_filter(filters.compatibility))
        query = query.where(or_(*(Part.compatibility_json.contains(doc) for doc in documents)))
    return query.order_by(Part.created_at.desc(), Part.id.desc())


def list_parts(
    session: Session,
    *,
    params: PageParams,
    filters: PartFilters,
    viewer: User | None,
    totals: TotalCache | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Lists the parts the viewer may see, newest first, filtered.

    The public catalogue may reuse a recent total (``totals``); vendors and admins,
    who see their own unpublished stock, always get a fresh count.
    """
    public = viewer is None or viewer.role == Role.CUSTOMER
    query = list_query(filters=filters, viewer=viewer)
    rows, total = paginate(session, query, params=params, totals=totals if public else None)
    return _views(session, rows), total


def get_part(session: Session, *, part_id: int, viewer: User | None) -> dict[str, Any]:
    """One part, if the viewer may see it."""
    row = session.execute(
        select(Part, Vendor.company_name)
        .join(Vendor)
        .where(Part.id == part_id, _visible_to(viewer))
    ).one_or_none()
    if row is None:
        raise PartNotFound()
    return _view(row.Part, row.company_name)


def get_listed_part(session: Session, *, part_id: int) -> tuple[Part, Vendor]:
    """A part on public sale (its vendor is approved) with its vendor."""
    row = session.execute(
        select(Part, Vendor).join(Vendor).where(Part.id == part_id, Vendor.approved.is_(True))
    ).one_or_none()
    if row is None:
        raise PartNotFound()
    return row.Part, row.Vendor


def _flush_sku(session: Session, sku: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request took the SKU first
        if getattr(getattr(exc.orig, "diag", None), "constraint_name", None) == _SKU_CONSTRAINT:
            raise DuplicateSku(sku) from exc
        raise


def _sku_taken(session: Session, *, vendor_id: int, sku: str, other_than: int | None) -> bool:
    query = select(Part.id).where(Part.vendor_id == vendor_id, Part.sku == sku)
    if other_than is not None:
        query = query.where(Part.id != other_than)
    return session.scalar(query.limit(1)) is not None


def create_part(session: Session, *, vendor: Vendor, data: PartCreate) -> dict[str, Any]:
    """Lists a new part for an approved vendor; a SKU is unique per vendor."""
    if _sku_taken(session, vendor_id=vendor.id, sku=data.sku, other_than=None):
        raise DuplicateSku(data.sku)
    part = Part(
        vendor_id=vendor.id,
        name=data.name,
        sku=data.sku,
        compatibility_json=to_stored(entry.fitment() for entry in data.compatibility),
        price=data.price,
        stock=data.stock,
    )
    session.add(part)
    _flush_sku(session, data.sku)
    audit.record(
        session,
        actor_id=vendor.user_id,
        action="part.create",
        resource_type="part",
        resource_id=part.id,
        changes={"sku": part.sku, "name": part.name, "price": str(part.price), "stock": part.stock},
    )
    return _view(part, vendor.company_name)


def _editable_part(session: Session, *, part_id: int, user: User) -> tuple[Part, Vendor]:
    """The part, locked, if ``user`` is its vendor or an admin (404 unseen, 403 not theirs)."""
    row = session.execute(
        select(Part, Vendor)
        .join(Vendor)
        .where(Part.id == part_id, _visible_to(user))
        .with_for_update(of=Part)
    ).one_or_none()
    if row is None:
        raise PartNotFound()
    if user.role != Role.ADMIN and row.Vendor.user_id != user.id:
        raise NotYourPart()
    return row.Part, row.Vendor


def update_part(session: Session, *, part_id: int, user: User, data: PartUpdate) -> dict[str, Any]:
    """Changes the fields sent, by the part's vendor or an admin."""
    part, vendor = _editable_part(session, part_id=part_id, user=user)
    sent = data.model_fields_set
    if data.sku is not None and data.sku != part.sku:
        if _sku_taken(session, vendor_id=vendor.id, sku=data.sku, other_than=part.id):
            raise DuplicateSku(data.sku)
        part.sku = data.sku
    if data.name is not None:
        part.name = data.name
    if data.compatibility is not None:
        part.compatibility_json = to_stored(entry.fitment() for entry in data.compatibility)
    if data.price is not None:
        part.price = data.price
    if data.stock is not None:
        part.stock = data.stock
    _flush_sku(session, part.sku)
    if not sent:
        return _view(part, vendor.company_name)
    audit.record(
        session,
        actor_id=user.id,
        action="part.update",
        resource_type="part",
        resource_id=part.id,
        changes={field: _audit_value(field, part) for field in sorted(sent)},
    )
    return _view(part, vendor.company_name)


def delete_part(session: Session, *, part_id: int, user: User) -> None:
    """Removes a part, by its vendor or an admin."""
    part, _ = _editable_part(session, part_id=part_id, user=user)
    audit.record(
        session,
        actor_id=user.id,
        action="part.delete",
        resource_type="part",
        resource_id=part.id,
        changes={"sku": part.sku, "name": part.name},
    )
    session.delete(part)
    session.flush()
