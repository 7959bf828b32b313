"""The application factory: settings, database, middleware, routers, error handlers."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sidecar import jobs, openapi
from sidecar.audit.endpoints import router as audit_router
from sidecar.auth.endpoints import router as auth_router
from sidecar.background import start_background_jobs
from sidecar.cars.endpoints import router as cars_router
from sidecar.config import Settings, get_settings
from sidecar.content.endpoints import router as content_router
from sidecar.db import Database
from sidecar.errors import PROBLEM_JSON, AppError, problem
from sidecar.health.endpoints import router as health_router
from sidecar.imports.endpoints import router as imports_router
from sidecar.inquiries.endpoints import router as inquiries_router
from sidecar.log import configure_logging, get_logger
from sidecar.media.endpoints import media_files_router
from sidecar.media.endpoints import router as media_router
from sidecar.middleware import EdgeMiddleware, Metrics, RateLimitMiddleware
from sidecar.notifications.endpoints import router as notifications_router
from sidecar.orders.endpoints import router as orders_router
from sidecar.pagination import TotalCache
from sidecar.parts.endpoints import router as parts_router
from sidecar.ratelimit import build_limiter
from sidecar.security import PasswordHasher, TokenService
from sidecar.vendors.endpoints import router as vendors_router
from sidecar.webhooks.endpoints import router as strapi_webhook_router
from sidecar.webhooks.twilio import router as twilio_webhook_router

log = get_logger(__name__)

ROUTERS = (
    health_router,
    auth_router,
    vendors_router,
    cars_router,
    media_router,
    media_files_router,
    imports_router,
    parts_router,
    inquiries_router,
    orders_router,
    notifications_router,
    content_router,
    strapi_webhook_router,
    twilio_webhook_router,
    audit_router,
)


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    job_runner: jobs.Runner | None = None,
) -> FastAPI:
    """Builds the API; nothing connects until the first request.

    Jobs go to Celery when CELERY_BROKER_URL is set, else to in-process workers;
    ``job_runner`` replaces both (tests use it to see what was published).
    """
    settings = settings or get_settings()
    configure_logging(json=settings.environment != "development" or not settings.debug)
    db = database or Database.from_settings(settings)
    limiter = build_limiter(settings.redis_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        background = start_background_jobs(settings, db, job_runner)
        try:
            yield
        finally:
            background.stop()
            await limiter.close()
            if app.state.redis is not None:
                app.state.redis.close()
            if database is None:  # we built it, so we dispose of it
                db.dispose()

    app = FastAPI(
        title="Gurumisha Motors API",
        version="1.0.0",
        description="The transactional API of the Gurumisha Motors marketplace.",
        lifespan=lifespan,
        debug=False,  # never render tracebacks to clients, whatever DEBUG says
    )
    app.state.settings = settings
    app.state.db = db
    app.state.tokens = TokenService(settings)
    app.state.hasher = PasswordHasher(
        rounds=settings.bcrypt_rounds, max_concurrent=settings.max_concurrent_password_hashes
    )
    app.state.metrics = Metrics()
    app.state.totals = TotalCache(settings.list_total_cache_seconds)
    app.state.redis = (
        redis.Redis.from_url(settings.redis_url, socket_timeout=1, socket_connect_timeout=1)
        if settings.redis_url
        else None
    )

    for router in ROUTERS:
        app.include_router(router)
    _install_error_handlers(app)
    openapi.install(app)

    # Added innermost first: CORS runs inside the rate limit, which runs inside the edge.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining"],
        max_age=600,
    )
    app.add_middleware(
        RateLimitMiddleware,
        limiter=limiter,
        per_minute=settings.rate_limit_per_minute,
        auth_per_minute=settings.auth_rate_limit_per_minute,
    )
    app.add_middleware(
        EdgeMiddleware,
        metrics=app.state.metrics,
        trusted_proxies=settings.trusted_proxies,
        max_body_bytes=settings.max_body_bytes,
        # Local image uploads are multipart files up to MEDIA_MAX_BYTES plus form fields.
        body_limits={"/v1/media/local-upload": settings.media_max_bytes + 65_536},
    )
    return app


# Generation 0 is collected every 700 net allocations by default: a 20-car page
# allocates thousands of objects, so collections (and the occasional full one over a
# large heap) landed inside requests. Under 16 concurrent list requests this took
# the p99 from about 60 ms to 150 ms (docs/PERFORMANCE.md). Most garbage here is freed
# by reference counting; the collector is only for cycles.
GC_THRESHOLDS = (100_000, 50, 1000)


def tune_gc() -> None:
    """Moves what start-up allocated out of the collector's way and collects less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def create_served_app() -> FastAPI:
    """The factory ``gurumisha serve`` runs in each server process."""
    app = create_app()
    tune_gc()
    return app


def _problem_response(
    request: Request, body: dict[str, Any], headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON, headers=headers)


# A body with thousands of bad fields must not buy an answer that grows with it.
MAX_FIELD_ERRORS = 50


def _field_errors(raw: Sequence[Any]) -> list[dict[str, str]]:
    errors = []
    for error in raw[:MAX_FIELD_ERRORS]:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body",)]
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        errors.append({"field": ".".join(location) or "body", "message": message})
    return errors


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> JSONResponse:
        return _problem_response(request, exc.to_problem(), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = exc.errors()
        if any(error.get("type") == "json_invalid" for error in raw):
            return _problem_response(
                request, problem(400, "The request body is not valid JSON.", slug="malformed-json")
            )
        detail = "The request has invalid fields."
        if len(raw) > MAX_FIELD_ERRORS:
            detail += f" The first {MAX_FIELD_ERRORS} of {len(raw)} problems are listed."
        return _problem_response(
            request,
            problem(422, detail, slug="validation-error", errors=_field_errors(raw)),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}."
        headers = dict(exc.headers) if exc.headers else None
        return _problem_response(request, problem(exc.status_code, detail), headers)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("db.integrity_error", error=str(exc.orig))
        return _problem_response(
            request, problem(409, "The change conflicts with existing data.", slug="conflict")
        )

    @app.exception_handler(DataError)
    async def unstorable_value(request: Request, exc: DataError) -> JSONResponse:
        # PostgreSQL refused a value the validators let through: a NUL character in
        # text, a number out of the column's range. The client's input, so a 422.
        log.info("db.data_error", error=str(exc.orig))
        return _problem_response(
            request,
            problem(
                422,
                "The request contains a value that cannot be stored (for example a NUL "
                "character or a number out of range).",
                slug="validation-error",
            ),
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_down(request: Request, exc: DBAPIError) -> JSONResponse:
        log.error("db.unavailable", error=str(exc.orig))
        return _problem_response(
            request,
            problem(503, "The database is unavailable; try again shortly.", slug="unavailable"),
            {"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return _problem_response(
            request, problem(500, "Something went wrong on our side.", slug="internal")
        )
