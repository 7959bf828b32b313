from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Enum, inspect, text
from sqlalchemy.exc import IntegrityError

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


def _checks(db) -> dict[str, str]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'c' AND connamespace = 'public'::regnamespace"
            )
        )
        return {name: definition for name, definition in rows}


class TestStatesAreEnums:
    """Each state column's CHECK in the database lists exactly its enum's values."""

    def test_every_enum_check_matches_its_enum(self, db):
        checks = _checks(db)
        columns = [
            (table, column)
            for table in Base.metadata.sorted_tables
            for column in table.columns
            if isinstance(column.type, Enum) and column.type.create_constraint
        ]
        assert len(columns) >= 10
        for table, column in columns:
            definition = checks[f"ck_{table.name}_{column.name}"]
            stored = set(re.findall(r"'([^']*)'::character varying", definition))
            assert stored == set(column.type.enums), (table.name, column.name, definition)

    def test_values_outside_the_enum_are_refused_by_the_database(self, db):
        with pytest.raises(IntegrityError, match="ck_cars_status"), db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, password_hash, role) "
                    "VALUES ('x@y.z', 'x', 'customer');"
                    "INSERT INTO cars (owner_id, title, make, model, year, price, status) "
                    "SELECT id, 't', 'm', 'm', 2020, 1, 'stolen' FROM users"
                )
            )
