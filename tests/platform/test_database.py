"""How the API's connections are set up."""

from __future__ import annotations

from sqlalchemy import text


def test_every_execution_is_planned_for_its_values(db):
    # psycopg prepares statements server-side after 5 runs; a generic plan for the
    # car list read 26,000 rows where a custom one reads 350 (docs/PERFORMANCE.md).
    with db.engine.connect() as connection:
        assert connection.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
        assert connection.scalar(text("SHOW statement_timeout")) == "15s"
