"""Liveness, readiness and metrics (outside /v1: they are for the platform, not clients)."""

from __future__ import annotations

from typing import Any

import redis
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from sidecar.db import Database

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """200 while the process runs."""
    return {"status": "ok"}


def _check_database(db: Database) -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


def _check_redis(client: redis.Redis | None) -> str:
    if client is None:
        return "not configured (in-process fallback)"
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """200 when the database and Redis answer, 503 otherwise."""
    checks: dict[str, Any] = {
        "database": _check_database(request.app.state.db),
        "redis": _check_redis(request.app.state.redis),
    }
    ready = not any(str(value).startswith("down") for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus exposition of this process's metrics."""
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
