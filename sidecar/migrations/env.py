"""Alembic environment: the URL comes from the caller (sidecar.core.migrate) or Settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from sidecar.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from sidecar.core.settings import get_settings

    configured = get_settings().database_url
    if not configured:
        raise RuntimeError("DATABASE_URL is not set; run `gurumisha migrate` instead")
    return configured


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = create_engine(_url(), poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
