"""The `gurumisha` command: every subcommand reads the same Settings.

With DATABASE_URL unset, commands use the embedded PostgreSQL under
GURUMISHA_DATA_DIR (see sidecar.core.embedded); with it set, that database.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from sidecar.core.settings import Settings, get_settings

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
) -> None:
    """Serve the API."""
    import uvicorn

    _settings_with_database()
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
    from sidecar.core.security import PasswordHasher
    from sidecar.demo import seed_demo as load

    settings, url = _settings_with_database()
    db = Database.from_settings(settings, url)
    hasher = PasswordHasher(rounds=settings.bcrypt_rounds, max_concurrent=2)
    with db.transaction() as session:
        counts = load(session, hasher)
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


@app.command()
def dev(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Start everything with demo data on embedded defaults: the newcomer's command."""
    from sidecar.core.migrate import upgrade
    from sidecar.demo import DEMO_LOGINS

    # Local http: a Secure cookie would never come back, so allow plain http here.
    os.environ.setdefault("COOKIE_SECURE", "false")
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://{host}:{port}")
    get_settings.cache_clear()
    _, url = _settings_with_database()
    upgrade(url)
    _load_demo()
    base = f"http://{host}:{port}"
    typer.echo(f"\nGurumisha Motors API: {base}/v1\nAPI docs:             {base}/docs\n")
    typer.echo("Demo logins:")
    for login in DEMO_LOGINS:
        typer.echo(f"  {login.role:<9} {login.email:<34} {login.password:<20} {login.note}")
    typer.echo("")
    serve(host=host, port=port, workers=1)


if __name__ == "__main__":
    app()
