"""The admin overview's numbers, for its charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sidecar.auth.dependencies import AdminPrincipal
from sidecar.core.database import SessionDep
from sidecar.http.routing import TransactionalRoute
from sidecar.stats import service
from sidecar.stats.schemas import OverviewOut

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/stats", tags=["stats"])


@router.get("/overview", response_model=OverviewOut)
def get_overview(
    session: SessionDep,
    _: AdminPrincipal,
    days: Annotated[
        int, Query(ge=1, le=service.MAX_DAYS, description="Nairobi days, today included")
    ] = service.DEFAULT_DAYS,
) -> service.Overview:
    """Listings and orders per day, the review queue, notification outcomes and payments
    by method over the last ``days`` days (admin)."""
    return service.overview(session, days=days)
