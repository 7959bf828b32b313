from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from sidecar.parts import repository
from sidecar.parts.schemas import PartFilters
from tests.parts.factories import create_part


def _plan(db, filters: PartFilters) -> str:
    query = repository.list_query(filters=filters, viewer=None)
    compiled = query.compile(dialect=postgresql.psycopg.dialect())
    params = dict(compiled.params)
    with db.engine.begin() as connection:
        # A handful of rows would be scanned whole; ask whether an index can answer.
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        connection.execute(text("SET LOCAL enable_indexscan = off"))
        rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", params)
        return "\n".join(row[0] for row in rows)


@pytest.fixture
def parts(db, cast):
    for index in range(3):
        create_part(
            db,
            vendor=cast.vendor,
            name=f"Brake pads {index}",
            compatibility=[{"make": "Toyota", "model": "Fielder", "years": [2016]}],
        )


def test_name_search_uses_the_full_text_gin_index(db, parts):
    assert "Bitmap Index Scan on ix_parts_search" in _plan(db, PartFilters(name="brake pa"))


def test_compatibility_uses_the_fitment_keys_gin_index(db, parts):
    plan = _plan(db, PartFilters(compatibility="toyota:fielder:2016"))
    assert "ix_parts_fitment_keys" in plan
    assert "Seq Scan on parts" not in plan
