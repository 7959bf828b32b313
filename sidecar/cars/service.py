"""Cars: listing, reading, selling, editing, moderating and removing listings.

Who sees what (``repository.visible_to``): the public sees active cars and reserved
ones (held by an order: shown, not for sale again); an owner also
sees their own cars in any status; admins see everything. A car you may not see
answers 404 (it might as well not exist); one you can see but may not change 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.cars import repository, transitions
from sidecar.cars.schemas import CarCreate, CarFilters, CarUpdate
from sidecar.content import service as catalogue
from sidecar.content.revalidation import revalidate_listings
from sidecar.content.schemas import RelatedArticle
from sidecar.core import audit, outbox
from sidecar.core.errors import Forbidden, NotFound, Unauthorized
from sidecar.core.events import CarModerated
from sidecar.core.pagination import PageParams, TotalCache, paginate
from sidecar.media import service as media
from sidecar.media.storage import MediaStorage
from sidecar.models import Car, CarStatus, EventKind


class CarNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such car.")


class NotCarOwner(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only the car's owner may do this.")


@dataclass(frozen=True)
class CarListing:
    """One page of cars (plain rows), its total, and how each seller is shown."""

    rows: list[Row[Any]]
    total: int
    sellers: dict[int, str]


@dataclass(frozen=True)
class CarPage:
    """One car as its page shows it."""

    car: Car
    seller: str
    articles: list[RelatedArticle]


def seller_display_name(full_name: str | None, company_name: str | None) -> str:
    """A vendor is shown by its company; a person by first name and last initial
    ("Wanjiku K."), never by email or phone."""
    if company_name:
        return company_name
    words = (full_name or "").split()
    if not words:
        return "A private seller"
    return words[0] if len(words) == 1 else f"{words[0]} {words[-1][0]}."


def _sellers(session: Session, owner_ids: Sequence[int]) -> dict[int, str]:
    return {
        owner_id: seller_display_name(full_name, company)
        for owner_id, (full_name, company) in repository.sellers(session, owner_ids).items()
    }


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def ensure_may_sell(principal: Principal) -> Principal:
    """Customers and approved vendors list cars; admins moderate them instead."""
    if principal.is_customer or principal.is_approved_vendor:
        return principal
    if principal.is_vendor:
        raise Forbidden("Your vendor account is awaiting approval.")
    raise Forbidden("Admins approve listings; they do not list cars.")


def list_cars(
    session: Session,
    *,
    viewer: Principal | None,
    filters: CarFilters,
    params: PageParams,
    totals: TotalCache | None = None,
) -> CarListing:
    """One page of the cars ``viewer`` may see that match ``filters``.

    The public list (active cars) may reuse a recent total from ``totals``; a seller's
    own list and the admins' lists are always counted.
    """
    owner_id: int | None = None
    statuses: list[CarStatus] | None
    cached_totals: TotalCache | None = None
    wanted = [filters.status] if filters.status else None
    if filters.mine:
        if viewer is None:
            raise Unauthorized("Sign in to list your own cars.")
        owner_id, statuses = viewer.id, wanted
    elif viewer is not None and viewer.is_admin:
        statuses = wanted
    elif filters.status not in (None, *repository.PUBLIC_STATUSES):
        # Asking for cars one may not see is refused rather than silently narrowed.
        if viewer is None:
            raise Unauthorized("Only admins list cars by status; sellers use mine=true.")
        raise Forbidden("Only admins list cars by status; use mine=true for your own.")
    else:
        statuses = wanted or list(repository.PUBLIC_STATUSES)
        cached_totals = totals
    query = repository.list_query(filters=filters, statuses=statuses, owner_id=owner_id)
    rows, total = paginate(session, query, params=params, totals=cached_totals)
    return CarListing(rows, total, _sellers(session, [row.owner_id for row in rows]))


def get_car(session: Session, *, car_id: int, viewer: Principal | None) -> Car:
    """The car, if ``viewer`` may see it."""
    car = repository.get(session, car_id, viewer=viewer)
    if car is None:
        raise CarNotFound()
    return car


def get_car_page(session: Session, *, car_id: int, viewer: Principal | None) -> CarPage:
    """The car, its seller, and the published CMS articles about its make and model."""
    car = get_car(session, car_id=car_id, viewer=viewer)
    return CarPage(
        car=car,
        seller=_sellers(session, [car.owner_id]).get(car.owner_id, "A private seller"),
        articles=catalogue.related_articles(session, car.make, car.model),
    )


def _apply_catalogue(session: Session, car: Car) -> None:
    """Spells make and model as the CMS catalogue does; unknown names are kept, flagged."""
    match = catalogue.normalise_vehicle(session, car.make, car.model)
    car.make, car.model, car.catalogue_unknown = match.make, match.model, not match.known


def recheck_unknown_vehicles(session: Session) -> int:
    """Cars flagged ``catalogue_unknown`` that the catalogue now knows take its spelling.

    A car listed before editors published its make or model was flagged; run after
    the catalogue changes. One audit row per make and model spelled anew (system
    actor). Returns how many cars changed.
    """
    fixed = 0
    for make, model in repository.flagged_vehicles(session):
        match = catalogue.normalise_vehicle(session, make, model)
        if not match.known:
            continue
        ids = repository.respell_flagged(
            session, make=make, model=model, to_make=match.make, to_model=match.model
        )
        fixed += len(ids)
        audit.record(
            session,
            actor_id=None,
            action="car.catalogue_matched",
            resource_type="car",
            resource_id=None,
            changes={
                "cars": sorted(ids),
                "from": {"make": make, "model": model},
                "to": {"make": match.make, "model": match.model},
            },
        )
    return fixed


def create_car(
    session: Session,
    *,
    seller: Principal,
    data: CarCreate,
    storage: MediaStorage | None = None,
) -> Car:
    """Lists a car for sale; it waits (pending) until an admin approves it."""
    media.store_images(session, storage=storage, keys=data.images, user_id=seller.id)
    car = Car(owner_id=seller.id, status=CarStatus.PENDING, **data.model_dump())
    _apply_catalogue(session, car)
    session.add(car)
    session.flush()
    audit.record(
        session,
        actor_id=seller.id,
        action="car.create",
        resource_type="car",
        resource_id=car.id,
        changes={key: _jsonable(value) for key, value in data.model_dump().items()},
    )
    session.refresh(car)
    return car


def _for_change(session: Session, *, car_id: int, actor: Principal, admin_may: bool) -> Car:
    car = repository.get(session, car_id, viewer=actor, for_update=True)
    if car is None:
        raise CarNotFound()
    if actor.owns(car.owner_id) or (admin_may and actor.is_admin):
        return car
    raise NotCarOwner()


def update_car(
    session: Session,
    *,
    car_id: int,
    actor: Principal,
    data: CarUpdate,
    storage: MediaStorage | None = None,
) -> Car:
    """Applies the owner's edits; an edited active or rejected car goes back to review."""
    car = _for_change(session, car_id=car_id, actor=actor, admin_may=False)
    new_status = transitions.after_edit(car.status)
    changes = {
        name: value
        for name, value in data.model_dump(exclude_unset=True).items()
        if getattr(car, name) != value
    }
    if not changes:
        return car
    if "images" in changes:
        media.store_images(session, storage=storage, keys=changes["images"], user_id=actor.id)
    for name, value in changes.items():
        setattr(car, name, value)
    if "make" in changes or "model" in changes:
        _apply_catalogue(session, car)
    audited = {name: _jsonable(value) for name, value in changes.items()}
    if new_status != car.status:
        audited["status"] = new_status
        car.status = new_status
        car.rejection_reason = None
    session.flush()
    audit.record(
        session,
        actor_id=actor.id,
        action="car.update",
        resource_type="car",
        resource_id=car.id,
        changes=audited,
    )
    revalidate_listings(session, cars=[car.id])
    session.refresh(car)
    return car


def _moderate(
    session: Session, *, car: Car, admin: Principal, new_status: CarStatus, reason: str | None
) -> Car:
    previous = car.status
    car.status = new_status
    car.rejection_reason = reason
    session.flush()
    approved = new_status is CarStatus.ACTIVE
    entry = audit.record(
        session,
        actor_id=admin.id,
        action="car.approve" if approved else "car.reject",
        resource_type="car",
        resource_id=car.id,
        changes={"status": new_status, "from": previous, "reason": reason},
    )
    session.flush()
    # The audit row's id makes the key unique per transition: approving, rejecting
    # and approving again are three events, while a replay of one is deduplicated.
    kind = EventKind.CAR_APPROVED if approved else EventKind.CAR_REJECTED
    outbox.emit(
        session,
        kind=kind,
        payload=CarModerated(car_id=car.id, owner_id=car.owner_id, reason=reason),
        dedupe_key=f"{kind}:{car.id}:{entry.id}",
    )
    revalidate_listings(session, cars=[car.id])
    session.refresh(car)
    return car


def _for_moderation(session: Session, *, car_id: int, admin: Principal) -> Car:
    car = repository.get(session, car_id, viewer=admin, for_update=True)
    if car is None:
        raise CarNotFound()
    return car


def approve_car(session: Session, *, car_id: int, admin: Principal) -> Car:
    """Makes a pending or rejected car public and tells its owner."""
    car = _for_moderation(session, car_id=car_id, admin=admin)
    new_status = transitions.after_approval(car.status)
    return _moderate(session, car=car, admin=admin, new_status=new_status, reason=None)


def reject_car(session: Session, *, car_id: int, admin: Principal, reason: str) -> Car:
    """Turns down (or takes down) a pending or active car and tells its owner why."""
    car = _for_moderation(session, car_id=car_id, admin=admin)
    new_status = transitions.after_rejection(car.status)
    return _moderate(session, car=car, admin=admin, new_status=new_status, reason=reason)


def delete_car(session: Session, *, car_id: int, actor: Principal) -> None:
    """Removes a listing (its owner or an admin); past orders keep their own copy."""
    car = _for_change(session, car_id=car_id, actor=actor, admin_may=True)
    transitions.ensure_removable(car.status)
    audit.record(
        session,
        actor_id=actor.id,
        action="car.delete",
        resource_type="car",
        resource_id=car.id,
        changes={"title": car.title, "status": car.status, "owner_id": car.owner_id},
    )
    revalidate_listings(session, cars=[car.id])
    session.delete(car)
    session.flush()
