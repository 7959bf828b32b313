from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from sidecar.db import SessionDep
from sidecar.deps import CurrentUser
from sidecar.models import Order
from sidecar.orders import service
from sidecar.orders.schemas import OrderCreate, OrderFilters, OrderOut
from sidecar.pagination import Page, PageDep, build_page

router = APIRouter(prefix="/v1/orders", tags=["orders"])


@router.post("", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def place_order(session: SessionDep, user: CurrentUser, data: OrderCreate) -> Order:
    """Buys cars and parts; prices and the total come from the database."""
    return service.place_order(session, user=user, data=data)


@router.get("", response_model=Page[OrderOut])
def list_orders(
    session: SessionDep,
    user: CurrentUser,
    params: PageDep,
    filters: Annotated[OrderFilters, Query()],
) -> dict[str, Any]:
    """The caller's orders (admins: all)."""
    rows, total = service.list_orders(session, user=user, params=params, status=filters.status)
    return build_page(rows, params=params, total=total)


@router.get("/{order_id}", response_model=OrderOut)
def get_order(
    session: SessionDep, user: CurrentUser, order_id: Annotated[int, Path(ge=1, le=2**62)]
) -> Order:
    """One order (its buyer or an admin)."""
    return service.get_order(session, user=user, order_id=order_id)
