"""The embedded PostgreSQL of the zero-setup default (pgserver: a real PostgreSQL 16).

Used only when DATABASE_URL is unset. Its data lives in GURUMISHA_DATA_DIR/pgdata,
so `gurumisha migrate`, `create-admin`, `serve` and `dev` all see the same database.
pgserver ships plpgsql and pgvector only, which is why the schema uses no contrib
extensions (no citext, no pg_trgm).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from sidecar.core.settings import Settings

DATABASE_NAME = "gurumisha"
_servers: dict[Path, Any] = {}  # keep servers referenced for the life of the process


def start(data_dir: Path) -> str:
    """Starts (or joins) the embedded server and returns a SQLAlchemy URL for it."""
    pgdata = (data_dir / "pgdata").resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR notice
        from pgserver import get_server  # type: ignore[attr-defined]

        server = _servers.get(pgdata) or get_server(pgdata, cleanup_mode="stop")
    _servers[pgdata] = server
    # DATABASE_NAME is a constant of ours, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    uri: str = server.get_uri(DATABASE_NAME)
    return uri.replace("postgresql://", "postgresql+psycopg://", 1)


def socket_folder(data_dir: Path) -> str:
    """The folder of the embedded server's Unix socket (node-postgres's ``host``)."""
    from urllib.parse import parse_qs, urlsplit

    server = _servers[(data_dir / "pgdata").resolve()]
    uri: str = server.get_uri()
    return parse_qs(urlsplit(uri).query)["host"][0]


def ensure_database(data_dir: Path, name: str) -> None:
    """Creates another database on the embedded server (Strapi's, for `gurumisha dev`)."""
    if not name.isidentifier():
        raise ValueError(f"not a plain database name: {name!r}")
    server = _servers[(data_dir / "pgdata").resolve()]
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {name};")


def stop(data_dir: Path) -> None:
    """Stops the embedded server this process started (the last handle stops it)."""
    server = _servers.pop((data_dir / "pgdata").resolve(), None)
    if server is not None:
        server.cleanup()


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL when set, otherwise the embedded server under GURUMISHA_DATA_DIR."""
    return settings.database_url or start(settings.gurumisha_data_dir)
