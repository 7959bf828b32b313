from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status

from sidecar.auth.dependencies import AdminPrincipal, CurrentPrincipal, OptionalPrincipal
from sidecar.auth.principal import Principal
from sidecar.cars import service
from sidecar.cars.schemas import (
    CarCreate,
    CarDetailOut,
    CarFilters,
    CarListedOut,
    CarOut,
    CarUpdate,
    RejectIn,
    car_detail_out,
    car_out,
    car_values,
)
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, TotalsDep, build_page
from sidecar.http.routing import TransactionalRoute
from sidecar.media.dependencies import PublicUrlsDep

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/cars", tags=["cars"])

CarId = Annotated[int, Path(ge=1, le=2**62)]


async def _car_seller(principal: CurrentPrincipal) -> Principal:
    return service.ensure_may_sell(principal)


# A signed-in customer or approved vendor (401 / 403 otherwise), checked before the body.
CarSeller = Annotated[Principal, Depends(_car_seller)]


@router.get("", response_model=Page[CarListedOut])
def list_cars(
    session: SessionDep,
    viewer: OptionalPrincipal,
    params: PageDep,
    filters: Annotated[CarFilters, Query()],
    urls: PublicUrlsDep,
    totals: TotalsDep,
) -> dict[str, Any]:
    """Cars for sale (active); admins any status; mine=true for the caller's own."""
    listing = service.list_cars(
        session, viewer=viewer, filters=filters, params=params, totals=totals
    )
    items = [
        car_values(row, url_of=urls, seller=listing.sellers.get(row.owner_id, ""))
        for row in listing.rows
    ]
    return build_page(items, params=params, total=listing.total)


@router.get("/{car_id}", response_model=CarDetailOut)
def get_car(
    session: SessionDep, viewer: OptionalPrincipal, car_id: CarId, urls: PublicUrlsDep
) -> Any:
    """One car with related articles: anyone if active, otherwise its owner or an admin."""
    page = service.get_car_page(session, car_id=car_id, viewer=viewer)
    return car_detail_out(page.car, seller=page.seller, url_of=urls, articles=page.articles)


@router.post("", response_model=CarOut, status_code=status.HTTP_201_CREATED)
def create_car(session: SessionDep, seller: CarSeller, body: CarCreate, urls: PublicUrlsDep) -> Any:
    """Lists a car for sale (customer or approved vendor); it starts pending."""
    return car_out(service.create_car(session, seller=seller, data=body), url_of=urls)


@router.patch("/{car_id}", response_model=CarOut)
def update_car(
    session: SessionDep,
    principal: CurrentPrincipal,
    car_id: CarId,
    body: CarUpdate,
    urls: PublicUrlsDep,
) -> Any:
    """Edits one's own car; an active car goes back to pending review."""
    car = service.update_car(session, car_id=car_id, actor=principal, data=body)
    return car_out(car, url_of=urls)


@router.put("/{car_id}/approve", response_model=CarOut)
def approve_car(
    session: SessionDep, admin: AdminPrincipal, car_id: CarId, urls: PublicUrlsDep
) -> Any:
    """Makes a pending or rejected car public (admin)."""
    return car_out(service.approve_car(session, car_id=car_id, admin=admin), url_of=urls)


@router.put("/{car_id}/reject", response_model=CarOut)
def reject_car(
    session: SessionDep, admin: AdminPrincipal, car_id: CarId, body: RejectIn, urls: PublicUrlsDep
) -> Any:
    """Rejects a pending or active car with a reason for its owner (admin)."""
    car = service.reject_car(session, car_id=car_id, admin=admin, reason=body.reason)
    return car_out(car, url_of=urls)


@router.delete("/{car_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_car(session: SessionDep, principal: CurrentPrincipal, car_id: CarId) -> Response:
    """Removes a car (its owner or an admin)."""
    service.delete_car(session, car_id=car_id, actor=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
