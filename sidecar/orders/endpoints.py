from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from sidecar.auth.dependencies import CurrentPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.models import Order
from sidecar.orders import service
from sidecar.orders.schemas import OrderCreate, OrderFilters, OrderOut

router = APIRouter(prefix="/v1/orders", tags=["orders"])


@router.post("", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def place_order(session: SessionDep, principal: CurrentPrincipal, data: OrderCreate) -> Order:
    """Buys cars and parts; prices and the total come from the database."""
    return service.place_order(session, buyer=principal, data=data)


@router.get("", response_model=Page[OrderOut])
def list_orders(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageDep,
    filters: Annotated[OrderFilters, Query()],
) -> dict[str, Any]:
    """The caller's orders (admins: all)."""
    rows, total = service.list_orders(
        session, viewer=principal, params=params, status=filters.status
    )
    return build_page(rows, params=params, total=total)


@router.get("/{order_id}", response_model=OrderOut)
def get_order(
    session: SessionDep,
    principal: CurrentPrincipal,
    order_id: Annotated[int, Path(ge=1, le=2**62)],
) -> Order:
    """One order (its buyer or an admin)."""
    return service.get_order(session, viewer=principal, order_id=order_id)
