"""Every query over cars.

The list query is shaped for the indexes of ``sidecar.models.cars``: each branch
starts with ``status = ...`` (or ``owner_id = ...``), and make is compared as
``lower(make)`` so the (status, lower(make), price) expression index applies.
docs/CARS_QUERY_PLAN.md shows the plan at 100,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, UnaryExpression, func, or_, select, true, update
from sqlalchemy.orm import Session, defer

from sidecar.auth.principal import Principal
from sidecar.cars.schemas import CarFilters
from sidecar.core import search
from sidecar.models import Car, CarStatus, User, Vendor

_ORDER: dict[str, tuple[UnaryExpression[Any], UnaryExpression[Any]]] = {
    "newest": (Car.created_at.desc(), Car.id.desc()),
    "oldest": (Car.created_at.asc(), Car.id.asc()),
    "price": (Car.price.asc(), Car.id.asc()),
    "price_asc": (Car.price.asc(), Car.id.asc()),
    "-price": (Car.price.desc(), Car.id.desc()),
    "price_desc": (Car.price.desc(), Car.id.desc()),
    "year": (Car.year.asc(), Car.id.asc()),
    "-year": (Car.year.desc(), Car.id.desc()),
}


# Every column of cars but the search vector, as the ORM names them.
LIST_COLUMNS = tuple(
    getattr(Car, column.key) for column in Car.__table__.columns if column.key != "search"
)


def list_query(
    *, filters: CarFilters, statuses: Sequence[CarStatus] | None, owner_id: int | None
) -> Select[Any]:
    """The page query for ``filters``, limited to ``statuses`` (None: any) and an owner.

    It selects plain columns (rows, not ORM objects): a list only reads them, and
    building 20 tracked objects per page was a tenth of the list's CPU.
    """
    query = select(*LIST_COLUMNS)
    if owner_id is not None:
        query = query.where(Car.owner_id == owner_id)
    if statuses is not None:
        query = query.where(
            Car.status == statuses[0] if len(statuses) == 1 else Car.status.in_(statuses)
        )
    if filters.make:
        query = query.where(func.lower(Car.make) == filters.make.lower())
    if filters.model:
        query = query.where(func.lower(Car.model) == filters.model.lower())
    if filters.year is not None:
        query = query.where(Car.year == filters.year)
    if filters.min_year is not None:
        query = query.where(Car.year >= filters.min_year)
    if filters.max_year is not None:
        query = query.where(Car.year <= filters.max_year)
    if filters.fuel is not None:
        query = query.where(Car.fuel == filters.fuel)
    if filters.max_mileage is not None:
        query = query.where(Car.mileage_km <= filters.max_mileage)
    if filters.min_price is not None:
        query = query.where(Car.price >= filters.min_price)
    if filters.max_price is not None:
        query = query.where(Car.price <= filters.max_price)
    if filters.q and (found := search.matches(Car.search, filters.q)) is not None:
        query = query.where(found)
    return query.order_by(*_ORDER[filters.sort])


def visible_to(viewer: Principal | None) -> ColumnElement[bool]:
    """The cars ``viewer`` may see: active ones; an owner also their own; admins all."""
    if viewer is None:
        return Car.status == CarStatus.ACTIVE
    if viewer.is_admin:
        return true()
    return or_(Car.status == CarStatus.ACTIVE, Car.owner_id == viewer.id)


def get(
    session: Session,
    car_id: int,
    *,
    viewer: Principal | None,
    for_update: bool = False,
) -> Car | None:
    """The car with ``car_id`` if ``viewer`` may see it (row-locked when ``for_update``)."""
    query = (
        select(Car)
        .options(defer(Car.search, raiseload=True))
        .where(Car.id == car_id, visible_to(viewer))
    )
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def flagged_vehicles(session: Session) -> list[tuple[str, str]]:
    """The distinct (make, model) pairs of cars the catalogue did not know."""
    rows = session.execute(select(Car.make, Car.model).where(Car.catalogue_unknown).distinct())
    return [(row.make, row.model) for row in rows]


def respell_flagged(
    session: Session, *, make: str, model: str, to_make: str, to_model: str
) -> list[int]:
    """Gives flagged cars of ``make``/``model`` the catalogue's spelling; returns their ids."""
    return list(
        session.scalars(
            update(Car)
            .where(Car.catalogue_unknown, Car.make == make, Car.model == model)
            .values(make=to_make, model=to_model, catalogue_unknown=False)
            .returning(Car.id)
        )
    )


def sellers(session: Session, owner_ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
    """Each owner's (full name, vendor company name), for how sellers are shown."""
    ids = sorted(set(owner_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(User.id, User.full_name, Vendor.company_name)
        .outerjoin(Vendor, Vendor.user_id == User.id)
        .where(User.id.in_(ids))
    )
    return {row.id: (row.full_name, row.company_name) for row in rows}
