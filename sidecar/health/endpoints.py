"""Liveness, readiness and metrics (outside /v1: they are for the platform, not clients)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from sidecar.health import service
from sidecar.health.schemas import Liveness

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> Liveness:
    """200 while the process runs."""
    return Liveness()


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """200 when the database and Redis answer, 503 otherwise."""
    readiness = service.readiness(request.app.state.db, request.app.state.redis)
    return JSONResponse(readiness.model_dump(), status_code=200 if readiness.ready else 503)


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus exposition of this process's metrics."""
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
