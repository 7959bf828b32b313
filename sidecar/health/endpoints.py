"""Liveness, readiness and metrics (outside /v1: they are for the platform, not clients)."""

from __future__ import annotations

import ipaddress

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from sidecar.core.errors import NotFound
from sidecar.core.settings import Settings
from sidecar.health.schemas import Liveness
from sidecar.health.service import ReadinessProbe
from sidecar.http.metrics import Metrics
from sidecar.http.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["operations"])


@router.get("/healthz")
async def healthz() -> Liveness:
    """200 while the process runs."""
    return Liveness()


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """200 while the database answers (Redis down: "degraded", still 200); 503 otherwise."""
    probe: ReadinessProbe = request.app.state.readiness
    readiness = await probe.current()
    return JSONResponse(readiness.model_dump(), status_code=200 if readiness.ready else 503)


def _internal(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    client = request.scope.get("state", {}).get("client_ip")
    try:
        address = ipaddress.ip_address(client or "")
    except ValueError:
        return False
    return any(address in network for network in settings.metrics_allowed_networks)


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus exposition of every server process's metrics and the measured ones
    (database, broker), for internal addresses only."""
    if not _internal(request):
        raise NotFound(f"No resource at {request.url.path}.")
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
