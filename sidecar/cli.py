"""The `gurumisha` command: every subcommand reads the same Settings.

With DATABASE_URL unset, commands use the embedded PostgreSQL under
GURUMISHA_DATA_DIR (see sidecar.core.embedded); with it set, that database.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sidecar.core.settings import Settings, get_settings

if TYPE_CHECKING:
    from sidecar.core.pagination import PageParams

app = typer.Typer(help="Gurumisha Motors platform.", no_args_is_help=True, add_completion=False)


def _settings_with_database() -> tuple[Settings, str]:
    """Settings plus a usable database URL; exported so server workers inherit it."""
    from sidecar.core.embedded import resolve_database_url

    settings = get_settings()
    url = resolve_database_url(settings)
    if not settings.database_url:
        os.environ["DATABASE_URL"] = url
        get_settings.cache_clear()
        settings = get_settings()
    return settings, url


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    from sidecar.core.migrate import upgrade

    _, url = _settings_with_database()
    upgrade(url)
    typer.echo("migrations applied")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="server processes")] = 1,
    server: Annotated[
        str, typer.Option(help="the HTTP server: granian or uvicorn (docs/PERFORMANCE.md)")
    ] = "granian",
) -> None:
    """Serve the API."""
    import shutil
    import tempfile

    settings, _ = _settings_with_database()
    if server not in ("granian", "uvicorn"):
        raise typer.BadParameter("granian or uvicorn", param_hint="--server")
    # Several processes: each writes its metrics under one fresh folder that any of
    # them merges when scraped (sidecar/http/metrics.py). Set before the workers
    # start, and before anything here imports prometheus_client: Granian forks its
    # workers, which inherit the client as it was configured at import.
    metrics_dir = None
    if workers > 1 and not os.environ.get(MULTIPROC_DIR_VARIABLE):
        metrics_dir = tempfile.mkdtemp(prefix="gurumisha-metrics-")
        os.environ[MULTIPROC_DIR_VARIABLE] = metrics_dir
    try:
        if server == "granian":
            _serve_granian(settings, host=host, port=port, workers=workers)
        else:
            _serve_uvicorn(host=host, port=port, workers=workers)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


# prometheus_client's own variable (sidecar.http.metrics reads it too); spelled here
# so that serving imports no metrics code before the workers fork.
MULTIPROC_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def _serve_granian(settings: Settings, *, host: str, port: int, workers: int) -> None:
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

    Server(
        "sidecar.app:create_served_app",
        factory=True,
        address=host,
        port=port,
        workers=workers,
        interface=Interfaces.ASGI,
        # The server itself caps what a client may send before the app sees it
        # (Compose publishes the API without an ingress in front): headers must
        # arrive within HEADER_READ_TIMEOUT_SECONDS and fit MAX_HEADER_BYTES.
        http1_settings=HTTP1Settings(
            header_read_timeout=int(settings.header_read_timeout_seconds * 1000),
            max_buffer_size=settings.max_header_bytes,
            keep_alive=True,
        ),
        # Sync endpoints run in the app's own thread pool (THREAD_POOL_SIZE).
        blocking_threads=1,
        backlog=2048,
        # Granian's backpressure caps accepted connections per worker, not requests.
        # Its default (backlog / workers, 1,024 here) left 3,000 k6 users' kept-alive
        # connections past it unaccepted until they timed out at 60 s (docs/PERFORMANCE.md).
        backpressure=settings.server_max_connections,
        log_access=False,
        respawn_failed_workers=True,
    ).serve()


def _serve_uvicorn(*, host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "sidecar.app:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # Client addresses come from our own trusted-proxy logic (TRUSTED_PROXIES).
        proxy_headers=False,
        access_log=False,
        server_header=False,
        # Longer than a load balancer's idle timeout (60 s on most): otherwise the
        # server may close a kept-alive connection just as the balancer reuses it,
        # and that request fails (seen as "connection closed" in the load test).
        timeout_keep_alive=75,
    )


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="the admin's email")],
    password: Annotated[str, typer.Option(help="at least 8 characters")],
) -> None:
    """Create an admin, or promote an existing account to admin."""
    from sidecar.auth.service import create_or_promote_admin
    from sidecar.core.database import Database
    from sidecar.core.security import PasswordHasher

    if len(password) < 8 or len(password.encode()) > 72:
        raise typer.BadParameter("the password needs 8 to 72 bytes", param_hint="--password")
    settings, url = _settings_with_database()
    db = Database.from_settings(settings, url)
    hasher = PasswordHasher(rounds=settings.bcrypt_rounds, max_concurrent=1)
    with db.transaction() as session:
        user, created = create_or_promote_admin(
            session, email=email, password=password, hasher=hasher
        )
        user_id = user.id
    db.dispose()
    typer.echo(f"admin {'created' if created else 'promoted'}: {email} (id {user_id})")


@app.command("seed-demo")
def seed_demo() -> None:
    """Load demo data (idempotent)."""
    counts = _load_demo()
    typer.echo("demo data loaded: " + ", ".join(f"{k}={v}" for k, v in counts.items()))


def _load_demo() -> dict[str, int]:
    from sidecar.core.database import Database
    from sidecar.core.security import PasswordHasher, TokenService
    from sidecar.demo import seed_demo as load

    settings, url = _settings_with_database()
    db = Database.from_settings(settings, url)
    hasher = PasswordHasher(rounds=settings.bcrypt_rounds, max_concurrent=2)
    with db.transaction() as session:
        counts = load(session, hasher, TokenService(settings))
    db.dispose()
    return counts


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="worker processes")] = 2,
    queues: Annotated[
        str | None, typer.Option(help="queues to consume (default: both of ours)")
    ] = None,
) -> None:
    """Run a Celery worker (notifications and housekeeping queues) on CELERY_BROKER_URL."""
    settings, _ = _settings_with_database()
    from workers.celery_app import celery_app, queue_names

    queues = queues or ",".join(queue_names(settings))
    celery_app.worker_main(
        ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--queues={queues}"]
    )


@app.command()
def beat() -> None:
    """Run Celery beat: the outbox sweep, the webhook sweep and CMS reconciliation."""
    settings, _ = _settings_with_database()
    from workers.celery_app import celery_app

    schedule = settings.gurumisha_data_dir / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    celery_app.start(["beat", "--loglevel=INFO", f"--schedule={schedule}"])


@app.command("cms-sync")
def cms_sync(
    full: Annotated[bool, typer.Option("--full", help="page everything; drop vanished")] = False,
) -> None:
    """Reconcile the content mirror with Strapi now."""
    import json

    from workers.runtime import Runtime
    from workers.tasks import run_reconcile_cms

    settings, _ = _settings_with_database()
    if not settings.strapi_url:
        raise typer.BadParameter("STRAPI_URL is not set", param_hint="STRAPI_URL")
    runtime = Runtime.from_settings(settings)
    typer.echo(json.dumps(run_reconcile_cms(runtime, full), default=str))


@app.command("crsp-import")
def crsp_import(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="KRA's CRSP list (CSV)")
    ],
    label: Annotated[str, typer.Option(help="the release's name, e.g. CRSP-2026-01")],
    effective_from: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="the day KRA's list applies from")
    ],
    show: Annotated[int, typer.Option(min=0, help="differences to print")] = 20,
) -> None:
    """Load a CRSP list as a draft release: checked, compared with the live one."""
    from sidecar.core.database import Database
    from sidecar.core.errors import AppError
    from sidecar.imports.crsp import service

    settings, url = _settings_with_database()
    db = Database.from_settings(settings, url)
    try:
        with db.transaction() as session:
            imported = service.import_release(
                session,
                content=file.read_bytes(),
                source_file=file.name,
                label=label,
                effective_from=effective_from.date(),
                actor_id=None,
            )
            diff = service.release_diff(session, label=label, kind=None, params=_first(show))
    except AppError as error:
        typer.echo(f"refused: {error.detail}", err=True)
        for problem in error.errors or []:
            typer.echo(f"  {problem['message']}", err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    listing, summary = imported.listing, imported.diff
    typer.echo(f"draft {label}: {len(listing.rows)} rows, {listing.checksum}")
    typer.echo(f"duplicate rows (kept, as KRA lists them): {len(listing.duplicates)}")
    for duplicate in listing.duplicates[:show]:
        typer.echo(
            f"  line {duplicate.line} repeats line {duplicate.same_as_line}:"
            f" {duplicate.make} {duplicate.model}"
        )
    against = summary.against or "no live release"
    typer.echo(
        f"against {against}: {summary.added} added, {summary.removed} removed,"
        f" {summary.changed} changed, {summary.unchanged} unchanged"
    )
    for entry in diff.entries:
        car = entry.car
        typer.echo(
            f"  {entry.kind:<8} {car.make} {car.model} {car.engine_cc or ''}"
            f" {entry.old_crsp or '-'} -> {entry.new_crsp or '-'}"
        )
    typer.echo(f"publish it with: gurumisha crsp-publish {label}")


def _first(rows: int) -> PageParams:
    from sidecar.core.pagination import PageParams

    return PageParams(page=1, limit=max(rows, 1))


@app.command("crsp-publish")
def crsp_publish(label: Annotated[str, typer.Argument(help="the draft release's label")]) -> None:
    """Make a draft CRSP release live; the live one is archived."""
    from sidecar.core.database import Database
    from sidecar.core.errors import AppError
    from sidecar.imports.crsp import service

    settings, url = _settings_with_database()
    db = Database.from_settings(settings, url)
    try:
        with db.transaction() as session:
            release = service.publish_release(session, label=label, actor_id=None)
            typer.echo(f"{release.label} is live ({release.row_count} rows)")
    except AppError as error:
        typer.echo(f"refused: {error.detail}", err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()


@app.command()
def dev(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="the API's port")] = 8000,
    web_port: Annotated[int, typer.Option(help="the storefront's port")] = 3000,
    strapi_port: Annotated[int, typer.Option(help="Strapi's port")] = 1337,
    strapi: Annotated[bool, typer.Option(help="start Strapi with demo content")] = True,
    storefront: Annotated[bool, typer.Option(help="start the storefront")] = True,
) -> None:
    """Start the whole platform with demo data on embedded defaults: the newcomer's command.

    Embedded PostgreSQL, the API (in-process jobs), Strapi and the storefront; Ctrl-C
    stops all of them, the embedded PostgreSQL included.
    """
    from sidecar.core import embedded
    from sidecar.core.migrate import upgrade
    from sidecar.demo import DEMO_LOGINS
    from sidecar.devstack.platform import (
        STRAPI_DATABASE,
        DevOptions,
        PortInUse,
        dev_secrets,
        running_platform,
        sidecar_environment,
    )

    options = DevOptions(
        host=host,
        api_port=port,
        web_port=web_port,
        strapi_port=strapi_port,
        strapi=strapi,
        storefront=storefront,
    )
    data_dir = get_settings().gurumisha_data_dir
    for name, value in sidecar_environment(options, dev_secrets(data_dir)).items():
        os.environ.setdefault(name, value)
    get_settings.cache_clear()
    embedded_db = not get_settings().database_url

    def database_ready() -> str | None:
        _, url = _settings_with_database()
        upgrade(url)
        _load_demo()
        if not embedded_db:
            return None
        embedded.ensure_database(data_dir, STRAPI_DATABASE)
        return embedded.socket_folder(data_dir)

    try:
        with running_platform(
            options, data_dir=data_dir, database_ready=database_ready, say=typer.echo
        ) as stack:
            get_settings.cache_clear()  # Strapi's API token, once its bootstrap wrote it
            names = {child.name for child in stack.children if child.running()}
            base = options.api_url
            typer.echo("")
            if "storefront" in names:
                typer.echo(f"Storefront:           {options.web_url}")
            typer.echo(f"Gurumisha Motors API: {base}/v1\nAPI docs:             {base}/docs")
            if "strapi" in names:
                typer.echo(f"Strapi (content API): {options.strapi_url}/api")
            typer.echo(f"Logs:                 {stack.logs}\n")
            typer.echo("Demo logins:")
            for login in DEMO_LOGINS:
                typer.echo(f"  {login.role:<9} {login.email:<34} {login.password:<20} {login.note}")
            typer.echo("\nCtrl-C stops everything.\n")
            serve(host=host, port=port, workers=1)
    except PortInUse as error:
        raise typer.BadParameter(str(error)) from None
    finally:
        if embedded_db:
            embedded.stop(data_dir)
            # The URL exported for the server's workers names a server that is gone.
            os.environ.pop("DATABASE_URL", None)
            get_settings.cache_clear()


if __name__ == "__main__":
    app()
