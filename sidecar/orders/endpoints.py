from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, status

from sidecar.auth.dependencies import AdminPrincipal, CurrentPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.core.settings import Settings
from sidecar.http.routing import TransactionalRoute
from sidecar.orders import service
from sidecar.orders.schemas import IDEMPOTENCY_KEY_PATTERN, OrderCreate, OrderFilters, OrderOut

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/orders", tags=["orders"])

OrderId = Annotated[int, Path(ge=1, le=2**62)]
ItemId = Annotated[int, Path(ge=1, le=2**62)]


async def order_rules(request: Request) -> service.OrderRules:
    settings: Settings = request.app.state.settings
    return service.OrderRules.from_settings(settings)


RulesDep = Annotated[service.OrderRules, Depends(order_rules)]


@router.post("", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def place_order(
    session: SessionDep,
    principal: CurrentPrincipal,
    rules: RulesDep,
    data: OrderCreate,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=IDEMPOTENCY_KEY_PATTERN,
            description="the same key and body return the same order",
        ),
    ] = None,
) -> service.OrderView:
    """Holds cars (reserved) and parts (stock) at the database's prices until paid."""
    order = service.place_order(
        session, buyer=principal, data=data, rules=rules, idempotency_key=idempotency_key
    )
    return service.view_for(order, viewer=principal)


@router.get("", response_model=Page[OrderOut])
def list_orders(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageDep,
    filters: Annotated[OrderFilters, Query()],
) -> dict[str, Any]:
    """The caller's orders; a seller's orders with their lines; admins: all."""
    rows, total = service.list_orders(
        session, viewer=principal, params=params, status=filters.status
    )
    return build_page(rows, params=params, total=total)


@router.get("/{order_id}", response_model=OrderOut)
def get_order(
    session: SessionDep, principal: CurrentPrincipal, order_id: OrderId
) -> service.OrderView:
    """One order (its buyer, a seller of one of its lines, or an admin)."""
    return service.get_order(session, viewer=principal, order_id=order_id)


@router.post("/{order_id}/cancel", response_model=OrderOut)
def cancel_order(
    session: SessionDep, principal: CurrentPrincipal, order_id: OrderId
) -> service.OrderView:
    """The buyer cancels a pending order; an admin any order before handover (a paid
    one is refunded)."""
    return service.cancel_order(session, actor=principal, order_id=order_id)


@router.post("/{order_id}/refund", response_model=OrderOut, status_code=status.HTTP_202_ACCEPTED)
def refund_order(
    session: SessionDep, admin: AdminPrincipal, order_id: OrderId
) -> service.OrderView:
    """Refunds a paid order through its provider; it turns refunded once they confirm."""
    return service.request_refund(session, admin=admin, order_id=order_id)


@router.put("/{order_id}/items/{item_id}/fulfil", response_model=OrderOut)
def fulfil_line(
    session: SessionDep, principal: CurrentPrincipal, order_id: OrderId, item_id: ItemId
) -> service.OrderView:
    """The line's seller (or an admin) records the handover; a car's settles its balance."""
    return service.fulfil_line(session, actor=principal, order_id=order_id, item_id=item_id)
