from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from sidecar.models import Base


class TestMigrations:
    def test_upgrade_head_matches_the_models(self, db):
        """`alembic upgrade head` on an empty database leaves nothing for autogenerate."""
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []

    def test_every_model_table_exists(self, db):
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
