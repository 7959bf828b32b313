"""The database question of readiness: does it answer?"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from sidecar.core.database import Database


def database_status(db: Database) -> str:
    """ "ok", or "down: <error>" when a round trip fails."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return f"down: {type(exc).__name__}"
    return "ok"
