"""Every query over cars.

The list query is shaped for the indexes of ``sidecar.models.cars``: each branch
starts with ``status = ...`` (or ``owner_id = ...``), and make is compared as
``lower(make)`` so the (status, lower(make), price) expression index applies.
docs/CARS_QUERY_PLAN.md shows the plan at 100,000 rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, UnaryExpression, func, select
from sqlalchemy.orm import Session, defer

from sidecar.cars.schemas import CarFilters
from sidecar.models import Car

MAX_SEARCH_WORDS = 8
MAX_WORD_LENGTH = 40
# Letters and digits only: nothing of tsquery's syntax (& | ! ( ) : * ') survives.
_WORD = re.compile(r"[^\W_]+")

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


def prefix_tsquery(text: str) -> str | None:
    """A to_tsquery() text matching rows that hold every word of ``text`` as a prefix.

    ``"toyota fiel"`` -> ``"toyota:* & fiel:*"``, so a search box finds "Fielder"
    while the user is still typing. None when ``text`` has no word at all.
    """
    words = [word.lower()[:MAX_WORD_LENGTH] for word in _WORD.findall(text)]
    if not words:
        return None
    return " & ".join(f"{word}:*" for word in words[:MAX_SEARCH_WORDS])


# Every column of cars but the search vector, as the ORM names them.
LIST_COLUMNS = tuple(
    getattr(Car, column.key) for column in Car.__table__.columns if column.key != "search"
)


def list_query(
    *, filters: CarFilters, statuses: Sequence[str] | None, owner_id: int | None
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
    if filters.min_price is not None:
        query = query.where(Car.price >= filters.min_price)
    if filters.max_price is not None:
        query = query.where(Car.price <= filters.max_price)
    if filters.q:
        tsquery = prefix_tsquery(filters.q)
        if tsquery is not None:
            query = query.where(Car.search.op("@@")(func.to_tsquery("simple", tsquery)))
    return query.order_by(*_ORDER[filters.sort])


def get(session: Session, car_id: int, *, for_update: bool = False) -> Car | None:
    """The car with ``car_id`` (row-locked when ``for_update``), or None."""
    query = select(Car).options(defer(Car.search, raiseload=True)).where(Car.id == car_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)
