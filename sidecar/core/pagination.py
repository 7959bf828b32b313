"""One page type and one paginate() for every list."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import find_tables

from sidecar.core import clock as core_clock
from sidecar.core.cache import Lru, has_generations, remembered

T = TypeVar("T")

MAX_LIMIT = 100
# Deep OFFSETs scan and discard every earlier row; past this the client should
# narrow its filters instead.
MAX_PAGE = 10_000


class PageParams(BaseModel):
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


async def page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")] = 20,
) -> PageParams:
    return PageParams(page=page, limit=limit)


PageDep = Annotated[PageParams, Depends(page_params)]


class PageInfo(BaseModel):
    page: int
    limit: int
    total: int
    pages: int


class Page(BaseModel, Generic[T]):
    data: list[T]
    pagination: PageInfo


def build_page(items: list[Any], *, params: PageParams, total: int) -> dict[str, Any]:
    return {
        "data": items,
        "pagination": {
            "page": params.page,
            "limit": params.limit,
            "total": total,
            "pages": math.ceil(total / params.limit) if total else 0,
        },
    }


class TotalCache:
    """Recent totals of list queries, per query and bound values, for ``ttl`` seconds.

    An exact COUNT(*) walks every matching row (26,000 active Toyotas in the listing
    benchmark: 5.5 ms of the database per page, more than the page itself). Without the
    public cache's generations (no Redis), a public list may show a total a few
    seconds old; paginate() never shows one that contradicts the rows on the page (see
    there). ``ttl`` 0 turns reuse off, generations or not.
    """

    def __init__(
        self,
        ttl: float,
        *,
        max_entries: int = 4096,
        clock: Callable[[], float] = core_clock.monotonic,
    ) -> None:
        self.ttl = ttl
        self._entries: Lru[Hashable, int] = Lru(max_entries, now=clock)

    def get(self, key: Hashable) -> int | None:
        return self._entries.get(key)

    def put(self, key: Hashable, total: int) -> None:
        if self.ttl > 0:
            self._entries.put(key, total, self.ttl)


async def get_total_cache(request: Request) -> TotalCache:
    cache: TotalCache = request.app.state.totals
    return cache


TotalsDep = Annotated[TotalCache, Depends(get_total_cache)]


def _cache_key(query: Select[Any]) -> Hashable:
    """The statement's structure and its bound values: equal keys count the same rows."""
    key = query._generate_cache_key()
    if key is None:  # pragma: no cover - every select() of ours is cacheable
        raise ValueError("uncacheable list query")
    return key.key, tuple(_hashable(bind.effective_value) for bind in key.bindparams)


def _hashable(value: Any) -> Hashable:
    """A bound value as a key: lists (IN) and documents (jsonb containment) included."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(name), _hashable(item)) for name, item in value.items()))
    return value  # type: ignore[no-any-return]


def paginate(
    session: Session,
    query: Select[Any],
    *,
    params: PageParams,
    totals: TotalCache | None = None,
) -> tuple[list[Any], int]:
    """Runs ``query`` for one page and counts all its rows; returns (rows, total).

    A page that is not full tells the total by itself (its offset plus its rows), so
    the COUNT runs only for full pages and pages past the end. With ``totals`` (public
    lists) a count is reused: where the public cache's write generations are known,
    until one of the query's tables is written; otherwise for ``totals.ttl`` seconds,
    unless the page proves it stale (more rows than it claims).
    """
    result = session.execute(query.limit(params.limit).offset(params.offset))
    # One entity (select(Car)) gives its objects; several columns give rows.
    rows = list(result.scalars() if len(query.column_descriptions) == 1 else result)
    if 0 < len(rows) < params.limit or (not rows and params.offset == 0):
        return rows, params.offset + len(rows)
    if totals is None or totals.ttl <= 0:
        return rows, _count(session, query)
    key = _cache_key(query)
    if has_generations(session):
        # Exact until one of the query's tables is written (the public cache's
        # generations), so no TTL: a committed write is counted as soon as it shows.
        tables = tuple(sorted({table.name for table in find_tables(query)}))
        total = remembered(session, tables, ("total", key), lambda: _count(session, query))
    else:
        cached = totals.get(key)
        if cached is not None and cached >= params.offset + len(rows):
            return rows, cached
        total = _count(session, query)
        totals.put(key, total)
    return rows, max(total, params.offset + len(rows)) if rows else total


def _count(session: Session, query: Select[Any]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
