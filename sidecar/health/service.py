"""Readiness: whether this process can serve, checked against what it depends on."""

from __future__ import annotations

import redis

from sidecar.core.database import Database
from sidecar.health import repository
from sidecar.health.schemas import Readiness


def _redis_status(client: redis.Redis | None) -> str:
    if client is None:
        return "not configured (in-process fallback)"
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


def readiness(db: Database, redis_client: redis.Redis | None) -> Readiness:
    """Ready when the database and Redis answer."""
    checks = {
        "database": repository.database_status(db),
        "redis": _redis_status(redis_client),
    }
    ready = not any(value.startswith("down") for value in checks.values())
    return Readiness(status="ready" if ready else "unavailable", checks=checks)
