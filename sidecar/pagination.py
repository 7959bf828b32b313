"""One page type and one paginate() for every list."""

from __future__ import annotations

import math
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

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


def page_params(
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


def paginate(session: Session, query: Select[Any], *, params: PageParams) -> tuple[list[Any], int]:
    """Runs ``query`` for one page and counts all its rows; returns (rows, total)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(session.scalars(query.limit(params.limit).offset(params.offset)))
    return rows, int(total or 0)
