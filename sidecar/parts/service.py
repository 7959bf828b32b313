"""Parts: the catalogue approved vendors list, its search, and edits by their vendor."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.content.revalidation import revalidate_listings
from sidecar.core import audit
from sidecar.core.errors import Conflict, Forbidden, NotFound
from sidecar.core.pagination import PageParams, TotalCache, paginate
from sidecar.media import service as media
from sidecar.media.storage import MediaStorage
from sidecar.models import Part
from sidecar.models.parts import SKU_CONSTRAINT
from sidecar.parts import repository
from sidecar.parts.compatibility import to_public, to_stored
from sidecar.parts.schemas import PartCreate, PartFilters, PartUpdate


class PartNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such part.")


class DuplicateSku(Conflict):
    def __init__(self, sku: str) -> None:
        super().__init__(f"You already list a part with SKU {sku}.")


class NotYourPart(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only the part's vendor or an admin may change it.")


def _audit_value(field: str, part: Part) -> Any:
    if field == "price":
        return str(part.price)
    if field == "compatibility":
        return to_public(part.compatibility_json)
    return getattr(part, field)


def list_parts(
    session: Session,
    *,
    params: PageParams,
    filters: PartFilters,
    viewer: Principal | None,
    totals: TotalCache | None = None,
) -> tuple[list[Part], int]:
    """Lists the parts the viewer may see, newest first, filtered.

    The public catalogue may reuse a recent total (``totals``); vendors and admins,
    who see their own unpublished stock, always get a fresh count.
    """
    public = viewer is None or viewer.is_customer
    query = repository.list_query(filters=filters, viewer=viewer)
    return paginate(session, query, params=params, totals=totals if public else None)


def get_part(session: Session, *, part_id: int, viewer: Principal | None) -> Part:
    """One part, if the viewer may see it."""
    part = repository.get(session, part_id, viewer=viewer)
    if part is None:
        raise PartNotFound()
    return part


def get_listed_part(session: Session, *, part_id: int) -> Part:
    """A part on public sale (its vendor is approved), with its vendor."""
    part = repository.get_listed(session, part_id)
    if part is None:
        raise PartNotFound()
    return part


def _flush_sku(session: Session, sku: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request took the SKU first
        if getattr(getattr(exc.orig, "diag", None), "constraint_name", None) == SKU_CONSTRAINT:
            raise DuplicateSku(sku) from exc
        raise


def create_part(
    session: Session,
    *,
    seller: Principal,
    data: PartCreate,
    storage: MediaStorage | None = None,
) -> Part:
    """Lists a new part for an approved vendor; a SKU is unique per vendor, and its
    photos are keys issued to the vendor's user (stored now if they are new)."""
    vendor = seller.vendor
    if vendor is None or not seller.is_approved_vendor:  # VendorPrincipal guarantees it
        raise Forbidden("Only approved vendors list parts.")
    if not seller.sells_parts:
        raise Forbidden("Your vendor account is for imports, not spare parts.")
    if repository.sku_taken(session, vendor_id=vendor.id, sku=data.sku, other_than=None):
        raise DuplicateSku(data.sku)
    media.store_images(session, storage=storage, keys=data.images, user_id=seller.id)
    part = Part(
        vendor_id=vendor.id,
        name=data.name,
        sku=data.sku,
        compatibility_json=to_stored(entry.fitment() for entry in data.compatibility),
        price=data.price,
        stock=data.stock,
        images=data.images,
    )
    part.vendor = vendor
    session.add(part)
    _flush_sku(session, data.sku)
    audit.record(
        session,
        actor_id=vendor.user_id,
        action="part.create",
        resource_type="part",
        resource_id=part.id,
        changes={
            "sku": part.sku,
            "name": part.name,
            "price": str(part.price),
            "stock": part.stock,
            "images": part.images,
        },
    )
    return part


def _editable_part(session: Session, *, part_id: int, actor: Principal) -> Part:
    """The part, locked, if ``actor`` is its vendor or an admin (404 unseen, 403 not theirs)."""
    part = repository.get(session, part_id, viewer=actor, for_update=True)
    if part is None:
        raise PartNotFound()
    if not actor.is_admin and not actor.owns(part.vendor.user_id):
        raise NotYourPart()
    return part


def update_part(
    session: Session,
    *,
    part_id: int,
    actor: Principal,
    data: PartUpdate,
    storage: MediaStorage | None = None,
) -> Part:
    """Changes the fields sent, by the part's vendor or an admin.

    New photos must be keys issued to the part's vendor: an admin tidying a listing
    may reorder or remove its photos, never add one of their own.
    """
    part = _editable_part(session, part_id=part_id, actor=actor)
    sent = data.model_fields_set
    if data.sku is not None and data.sku != part.sku:
        if repository.sku_taken(
            session, vendor_id=part.vendor_id, sku=data.sku, other_than=part.id
        ):
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
    if data.images is not None and data.images != part.images:
        added = [key for key in data.images if key not in part.images]
        media.store_images(session, storage=storage, keys=added, user_id=part.vendor.user_id)
        part.images = data.images
    _flush_sku(session, part.sku)
    if not sent:
        return part
    audit.record(
        session,
        actor_id=actor.id,
        action="part.update",
        resource_type="part",
        resource_id=part.id,
        changes={field: _audit_value(field, part) for field in sorted(sent)},
    )
    revalidate_listings(session, parts=[part.id])
    return part


def delete_part(session: Session, *, part_id: int, actor: Principal) -> None:
    """Removes a part, by its vendor or an admin."""
    part = _editable_part(session, part_id=part_id, actor=actor)
    audit.record(
        session,
        actor_id=actor.id,
        action="part.delete",
        resource_type="part",
        resource_id=part.id,
        changes={"sku": part.sku, "name": part.name},
    )
    revalidate_listings(session, parts=[part.id])
    session.delete(part)
    session.flush()
