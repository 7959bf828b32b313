"""The public listing stays an index scan at marketplace scale.

Loads 100,000 cars in one INSERT ... SELECT generate_series, runs ANALYZE, calls the
real endpoint for make + price range + newest, captures the exact SQL the service
issued and asks PostgreSQL for its plan. docs/CARS_QUERY_PLAN.md holds the
EXPLAIN (ANALYZE) output of the same query.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, text

from sidecar.core.database import Database
from tests.conftest import captured_statements

ROWS = 100_000
LISTING = {"make": "toyota", "minPrice": "1000000", "maxPrice": "3000000", "sort": "newest"}

# Toyota is about a third of the Kenyan used-car market; 85% of listings are live.
LOAD_CARS = text(
    """
    INSERT INTO cars (owner_id, title, make, model, year, price, mileage_km, status,
                      created_at, updated_at)
    SELECT :owner_id,
           make || ' ' || model || ' ' || year,
           make, model, year,
           500000 + (n * 7919 % 9500) * 1000,
           (n::bigint * 104729 % 250000)::int,
           CASE WHEN n % 20 < 17 THEN 'active'
                WHEN n % 20 < 19 THEN 'pending' ELSE 'sold' END,
           now() - make_interval(mins => n * 7),
           now() - make_interval(mins => n * 7)
    FROM (
        SELECT n,
               (ARRAY['Toyota','Toyota','Toyota','Nissan','Mazda','Subaru','Honda',
                      'Mercedes-Benz','Volkswagen','Mitsubishi'])[1 + n % 10] AS make,
               (ARRAY['Fielder','Premio','Note','Demio','Forester','Fit','C200','Golf',
                      'Outlander','Harrier'])[1 + (n / 10) % 10] AS model,
               2010 + n % 15 AS year
        FROM generate_series(1, :rows) AS n
    ) AS generated
    """
)


def load_cars(db: Database, *, owner_id: int, rows: int = ROWS) -> None:
    with db.engine.begin() as connection:
        # Test data, not a request: the API's 15 s statement timeout does not apply
        # (on a busy machine the 100,000 rows can take longer).
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        connection.execute(LOAD_CARS, {"owner_id": owner_id, "rows": rows})
        connection.execute(text("ANALYZE cars"))


def explain(connection: Connection, statement: str, parameters: Any, *, analyze: bool) -> Any:
    options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
    plan = connection.exec_driver_sql(f"EXPLAIN ({options}) {statement}", parameters).scalar()
    return plan if not isinstance(plan, str) else json.loads(plan)


def plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def listing_statements(client, db: Database) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """The (page, count) statements GET /v1/cars issues for the make + price listing."""
    with captured_statements(db.engine) as statements:
        response = client.get("/v1/cars", params=LISTING)
    assert response.status_code == 200, response.text
    on_cars = [(sql, params) for sql, params in statements if "FROM cars" in sql]
    [page] = [item for item in on_cars if "LIMIT" in item[0]]
    [count] = [item for item in on_cars if "count(*)" in item[0]]
    return page, count


def test_make_price_newest_listing_uses_an_index(client, db, create_user):
    load_cars(db, owner_id=create_user().id)
    page, count = listing_statements(client, db)

    assert "lower(cars.make)" in page[0]
    with db.engine.connect() as connection:
        for statement, parameters in (page, count):
            root = explain(connection, statement, parameters, analyze=False)[0]["Plan"]
            scans = [
                node
                for node in plan_nodes(root)
                if node.get("Relation Name") == "cars" or "Index Name" in node
            ]
            assert scans, root
            assert all(node["Node Type"] != "Seq Scan" for node in scans), root
            assert any(node.get("Index Name", "").startswith("ix_cars_") for node in scans), root
