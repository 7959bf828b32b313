"""The application factory: settings, database, middleware, routers, error handlers.

An entry point: it wires the domains' routers to the HTTP layer and installs the
job runner (``workers.runners``) that publishes what the domains enqueue.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

import anyio.to_thread
import redis
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from sidecar.audit.endpoints import router as audit_router
from sidecar.auth.endpoints import router as auth_router
from sidecar.cars.endpoints import router as cars_router
from sidecar.content.endpoints import router as content_router
from sidecar.content.endpoints import webhook_router as strapi_webhook_router
from sidecar.core import jobs
from sidecar.core.database import Database
from sidecar.core.log import configure_logging_for
from sidecar.core.pagination import TotalCache
from sidecar.core.security import PasswordHasher, TokenService
from sidecar.core.settings import Settings, get_settings
from sidecar.core.throttle import build_throttle
from sidecar.health.endpoints import router as health_router
from sidecar.health.operations import measure_database
from sidecar.health.service import ReadinessProbe
from sidecar.http import openapi
from sidecar.http.admission import AdmissionMiddleware
from sidecar.http.cache import PublicCacheMiddleware
from sidecar.http.metrics import MeasuredSource, Metrics
from sidecar.http.middleware import EdgeMiddleware, RateLimitMiddleware
from sidecar.http.problems import install_error_handlers
from sidecar.http.ratelimit import build_limiter
from sidecar.imports.crsp import endpoints as crsp_endpoints
from sidecar.imports.crsp.endpoints import router as crsp_router
from sidecar.imports.endpoints import router as imports_router
from sidecar.inquiries.endpoints import router as inquiries_router
from sidecar.media.endpoints import media_files_router
from sidecar.media.endpoints import router as media_router
from sidecar.notifications.endpoints import router as notifications_router
from sidecar.notifications.endpoints import webhook_router as twilio_webhook_router
from sidecar.orders.endpoints import router as orders_router
from sidecar.parts.endpoints import router as parts_router
from sidecar.payments.endpoints import router as payments_router
from sidecar.payments.endpoints import webhook_router as payments_webhook_router
from sidecar.payments.gateways import Gateways
from sidecar.stats.endpoints import router as stats_router
from sidecar.vendors.endpoints import router as vendors_router
from workers.queue_depth import measure_queues
from workers.runners import start_background_jobs

ROUTERS = (
    health_router,
    auth_router,
    vendors_router,
    cars_router,
    media_router,
    media_files_router,
    # Before imports_router: /v1/imports/crsp is not an import id.
    crsp_router,
    imports_router,
    parts_router,
    inquiries_router,
    orders_router,
    payments_router,
    notifications_router,
    content_router,
    strapi_webhook_router,
    twilio_webhook_router,
    payments_webhook_router,
    audit_router,
    stats_router,
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
    configure_logging_for(settings)
    db = database or Database.from_settings(settings)
    limiter = build_limiter(settings.redis_url, prefix=settings.redis_key_prefix)

    metrics = Metrics()
    metrics.measured.add(MeasuredSource("database", partial(measure_database, db)))
    if settings.celery_broker_url:
        metrics.measured.add(MeasuredSource("broker", partial(measure_queues, settings)))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The shared thread pool runs sync endpoints and dependencies (each request
        # holds one thread at a time); commits and rollbacks have their own threads.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.thread_pool_size
        background = start_background_jobs(settings, db, job_runner)
        unwatch_pool = metrics.watch_pool(
            db.engine, capacity=settings.db_pool_size + settings.db_max_overflow
        )
        try:
            yield
        finally:
            background.stop()
            unwatch_pool()
            metrics.measured.close()
            Metrics.process_exited()
            await limiter.close()
            if db.generations is not None:
                await db.generations.aclose()
            app.state.payments.close()
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
        # No redirect from /v1/cars/ to /v1/cars: Starlette builds its Location from the
        # client's Host header, an open redirect to any host. A stray slash is a 404.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.tokens = TokenService(settings)
    app.state.hasher = PasswordHasher(
        rounds=settings.bcrypt_rounds,
        max_concurrent=settings.max_concurrent_password_hashes,
        gauges=metrics,
    )
    metrics.hash_slots.set(settings.max_concurrent_password_hashes)
    app.state.metrics = metrics
    app.state.totals = TotalCache(settings.list_total_cache_seconds)
    app.state.payments = Gateways.from_settings(settings)
    app.state.redis = (
        redis.Redis.from_url(settings.redis_url, socket_timeout=1, socket_connect_timeout=1)
        if settings.redis_url
        else None
    )
    app.state.readiness = ReadinessProbe(db, app.state.redis)
    app.state.login_throttle = build_throttle(app.state.redis, prefix=settings.redis_key_prefix)

    for router in ROUTERS:
        app.include_router(router)
    install_error_handlers(app)
    openapi.install(app)

    # Added innermost first: admission inside the rate limit (a client over its limit
    # takes no slot), inside CORS (so 429 and 503 carry CORS headers), inside the edge.
    app.add_middleware(
        AdmissionMiddleware,
        max_in_flight=settings.max_in_flight,
        queue_limit=settings.admission_queue_limit,
        queue_timeout=settings.admission_queue_timeout_seconds,
        metrics=app.state.metrics,
    )
    if db.generations is not None and settings.public_cache_seconds > 0:
        # Outside admission: an answer from the cache takes no slot.
        app.add_middleware(
            PublicCacheMiddleware,
            generations=db.generations,
            prefix=settings.redis_key_prefix,
            ttl=settings.public_cache_seconds,
            max_age=settings.public_cache_max_age_seconds,
            stale=settings.public_cache_stale_seconds,
            max_entries=settings.public_cache_max_entries,
            metrics=app.state.metrics,
        )
    app.add_middleware(
        RateLimitMiddleware,
        limiter=limiter,
        per_minute=settings.rate_limit_per_minute,
        auth_per_minute=settings.auth_rate_limit_per_minute,
    )
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
        EdgeMiddleware,
        metrics=metrics,
        trusted_proxies=settings.trusted_proxies,
        max_body_bytes=settings.max_body_bytes,
        # Local image uploads are multipart files up to MEDIA_MAX_BYTES plus form fields.
        body_limits={
            "/v1/media/local-upload": settings.media_max_bytes + 65_536,
            # A CRSP list uploaded by an admin: the file plus its form fields.
            crsp_endpoints.RELEASES_PATH: crsp_endpoints.MAX_RELEASE_BYTES + 65_536,
        },
        body_timeout=settings.body_read_timeout_seconds,
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
