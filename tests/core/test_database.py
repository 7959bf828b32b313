"""How the API's connections are set up."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sidecar.core.database import after_commit


def test_every_execution_is_planned_for_its_values(db):
    # psycopg prepares statements server-side after 5 runs; a generic plan for the
    # car list read 26,000 rows where a custom one reads 350 (docs/PERFORMANCE.md).
    with db.engine.connect() as connection:
        assert connection.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
        assert connection.scalar(text("SHOW statement_timeout")) == "15s"


class TestAfterCommit:
    """Callbacks run once the unit of work commits; a rollback drops only its own."""

    def test_callbacks_run_after_commit(self, db):
        ran: list[str] = []
        with db.transaction() as session:
            after_commit(session, lambda: ran.append("outer"))
            assert ran == []
        assert ran == ["outer"]

    def test_rolling_back_a_savepoint_keeps_the_outer_callbacks(self, db):
        ran: list[str] = []
        with db.transaction() as session:
            session.execute(text("SELECT 1"))
            after_commit(session, lambda: ran.append("outer"))
            savepoint = session.begin_nested()
            after_commit(session, lambda: ran.append("inner"))
            savepoint.rollback()
            after_commit(session, lambda: ran.append("after"))
        assert ran == ["outer", "after"]

    def test_a_committed_savepoint_keeps_its_callbacks(self, db):
        ran: list[str] = []
        with db.transaction() as session, session.begin_nested():
            after_commit(session, lambda: ran.append("inner"))
        assert ran == ["inner"]

    def test_rolling_back_everything_drops_everything(self, db):
        ran: list[str] = []

        def failing_request() -> None:
            with db.transaction() as session:
                after_commit(session, lambda: ran.append("outer"))
                with session.begin_nested():
                    after_commit(session, lambda: ran.append("inner"))
                raise RuntimeError("the request failed")

        with pytest.raises(RuntimeError):
            failing_request()
        assert ran == []
