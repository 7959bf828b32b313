"""The same filtered, paginated car list three ways, in one run, on the same data.

    .venv/bin/python bench/generate.py          # once: gm_bench
    .venv/bin/python bench/strapi.py setup      # once: bench/strapi-cars + gm_bench_strapi
    .venv/bin/python bench/listing.py [--seconds 10] [--workers 2] [--concurrency 1,16,64]

The query: active Toyotas priced KES 1,000,000-2,500,000, newest first, page 5 of 20.

(a) raw psycopg: the exact statements GET /v1/cars issues, captured from a real request
    (SQLAlchemy's before_cursor_execute hook on the app's engine, text and parameters
    as handed to psycopg), replayed in a transaction per request (as the API's session
    does), by N threads each with its own connection.
(b) the full stack: `gurumisha serve --workers W` on gm_bench, Redis rate limiter on at
    its default 100/min per client, TRUSTED_PROXIES=127.0.0.1 and a random
    X-Forwarded-For per request (bench/wrk_spread.lua), driven by wrk with N connections.
(c) Strapi 5.54 (bench/strapi-cars, the same 100,000 cars, same ids and timestamps):
    GET /api/cars?filters[make][$eqi]=Toyota&filters[price][$gte]=...&[$lte]=...
    &filters[status][$eq]=active&pagination[page]=5&pagination[pageSize]=20
    &sort=createdAt:desc, by wrk; W Node processes (bench/strapi-cars/cluster.js) and the
    sidecar's list indexes added to Strapi's table (--strapi-plain also measures Strapi
    as it ships: one process, no extra index).

The run checks that (b) and (c) return the same 20 cars. Prints a Markdown table, the
ratios b/a and b/c, and the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import strapi
from common import (
    JWT_SECRET,
    api_server,
    busy_others,
    dsn,
    ensure_wrk,
    machine_facts,
    print_table,
    wrk,
)

MAKE, MIN_PRICE, MAX_PRICE, PAGE, LIMIT = "Toyota", 1_000_000, 2_500_000, 5, 20
API_QUERY = urlencode(
    {"make": MAKE, "minPrice": MIN_PRICE, "maxPrice": MAX_PRICE, "page": PAGE, "limit": LIMIT}
)
STRAPI_QUERY = urlencode(
    {
        "filters[make][$eqi]": MAKE,
        "filters[price][$gte]": MIN_PRICE,
        "filters[price][$lte]": MAX_PRICE,
        # The sidecar lists active cars only; Strapi holds every car, so it filters too.
        "filters[status][$eq]": "active",
        "pagination[page]": PAGE,
        "pagination[pageSize]": LIMIT,
        "sort": "createdAt:desc",
    }
)


class Captured:
    """What the API hands psycopg for one request, and how its connections are made."""

    def __init__(self, statements: list[tuple[str, Any]], conninfo: str, prepare: int | None):
        self.statements = statements
        self.conninfo = conninfo  # the API's libpq parameters, options included
        self.prepare_threshold = prepare  # psycopg's: server-side prepare after N runs

    def connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self.conninfo)
        conn.prepare_threshold = self.prepare_threshold
        return conn


def capture_sql(path: str = f"/v1/cars?{API_QUERY}", total_cache: float = 5.0) -> Captured:
    """The statements (text, parameters) the API hands psycopg for one GET of ``path``."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from sidecar.app import create_app
    from sidecar.core.settings import Settings

    settings = Settings(
        database_url=dsn(),
        environment="production",
        jwt_secret=JWT_SECRET,
        list_total_cache_seconds=total_cache,
    )
    app = create_app(settings)
    captured: list[tuple[str, Any]] = []

    @event.listens_for(app.state.db.engine, "before_cursor_execute")
    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        captured.append((statement, parameters))

    client = TestClient(app)
    assert client.get(path).status_code == 200  # first connection: dialect set-up queries
    captured.clear()
    response = client.get(path)
    assert response.status_code == 200, response.text
    statements = list(captured)
    raw_connection = app.state.db.engine.raw_connection()
    driver = raw_connection.driver_connection
    conninfo, prepare = driver.info.dsn, driver.prepare_threshold
    raw_connection.close()
    app.state.db.dispose()
    return Captured(statements, conninfo, prepare)


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def raw(captured: Captured, concurrency: int, seconds: float) -> dict[str, float]:
    """(a): the API's statements per iteration, in one transaction, N threads each with
    its own connection made as the API makes them (same options, same prepare policy)."""
    statements = captured.statements
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = [0.0]
    # Every thread connected and warm: the clock starts when the last one is.
    start = threading.Barrier(
        concurrency, action=lambda: deadline.__setitem__(0, time.perf_counter() + seconds)
    )

    def loop() -> None:
        mine: list[float] = []
        with captured.connect() as conn:
            for statement, params in statements:  # warm: prepared statements, caches
                conn.execute(statement, params).fetchall()
            conn.commit()
            start.wait()
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                with conn.cursor() as cur:
                    for statement, params in statements:
                        cur.execute(statement, params)
                        cur.fetchall()
                conn.commit()
                mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=loop) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "rps": len(latencies) / seconds,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "requests": len(latencies),
        "errors": 0,
    }


def median_run(runs: list[dict[str, float]]) -> dict[str, Any]:
    """The run with the median throughput, with the range of all runs beside it."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    return {
        **ordered[len(ordered) // 2],
        "rps_min": ordered[0]["rps"],
        "rps_max": ordered[-1]["rps"],
        "runs": len(runs),
    }


def measure(
    url: str, levels: list[int], seconds: float, way: str, repeat: int
) -> list[dict[str, Any]]:
    """wrk at each level, ``repeat`` times on fresh connections: how 16 connections split
    between the server's processes changes from run to run, so one run is not enough."""
    rows = []
    for level in levels:
        wrk(url, level, 2, script="wrk_spread.lua")  # warm-up
        runs = [wrk(url, level, seconds, script="wrk_spread.lua") for _ in range(repeat)]
        result = median_run(runs)
        rows.append({"way": way, "concurrency": level, **result})
        each = ", ".join(f"{run['rps']:.0f}" for run in runs)
        print(
            f"  {way} @{level}: {result['rps']:.0f} req/s (runs {each}),"
            f" p99 {result['p99']:.1f} ms",
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2, help="API processes (and Strapi's)")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--strapi-port", type=int, default=strapi.DEFAULT_PORT)
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--servers", default="granian", help="API servers: granian,uvicorn")
    parser.add_argument("--public-cache", default="on", help="on, off or on,off")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per level; the median one is reported"
    )
    parser.add_argument("--skip", default="", help="comma-separated ways to skip: a,b,c")
    parser.add_argument("--strapi-plain", action="store_true", help="also Strapi as it ships")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--total-cache-seconds",
        type=float,
        default=5.0,
        help="the API's LIST_TOTAL_CACHE_SECONDS (0: an exact COUNT per request)",
    )
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    skip = set(args.skip.split(",")) - {""}
    ensure_wrk()
    facts = machine_facts()
    print(f"machine: {facts}", flush=True)
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes: {noise}", flush=True)

    rows: list[dict[str, Any]] = []
    captured = capture_sql(total_cache=args.total_cache_seconds)
    print(f"(a) the API issues {len(captured.statements)} statements per request:")
    for statement, params in captured.statements:
        print(f"    {' '.join(statement.split())}\n      params {params}")
    print(
        f"    on connections: {captured.conninfo!r}, prepare_threshold {captured.prepare_threshold}"
    )
    if "a" not in skip:
        for level in levels:
            raw(captured, level, 1)  # warm-up
            result = median_run([raw(captured, level, args.seconds) for _ in range(args.repeat)])
            rows.append({"way": "a raw psycopg", "concurrency": level, **result})
            print(
                f"  a @{level}: {result['rps']:.0f} req/s, p99 {result['p99']:.1f} ms", flush=True
            )

    api_url = f"http://127.0.0.1:{args.port}/v1/cars?{API_QUERY}"
    strapi_url = f"http://127.0.0.1:{args.strapi_port}/api/cars?{STRAPI_QUERY}"
    api_ids: list[int] = []
    if "b" not in skip:
        # Each server, with the public read cache on (as deployed) and off.
        for server in args.servers.split(","):
            for cache in args.public_cache.split(","):
                extra = {
                    "TRUSTED_PROXIES": "127.0.0.1",
                    "LIST_TOTAL_CACHE_SECONDS": str(args.total_cache_seconds),
                    "PUBLIC_CACHE_SECONDS": "30" if cache == "on" else "0",
                }
                way = f"b API ({server}, cache {cache})"
                with api_server(args.port, args.workers, extra, server=server):
                    page = httpx.get(api_url).json()
                    api_ids = [car["id"] for car in page["data"]]
                    print(f"({way}): total {page['pagination']['total']:,}, page ids {api_ids}")
                    rows += measure(api_url, levels, args.seconds, way, args.repeat)

    if "c" not in skip:
        if strapi.loaded() == 0:
            raise SystemExit("Strapi's bench database is empty: run bench/strapi.py setup")
        strapi.node_modules()
        variants = [("c Strapi", args.workers, True)]
        if args.strapi_plain:
            variants.append(("c0 Strapi as shipped (1 process, no index)", 1, False))
        for way, workers, indexed in variants:
            strapi.indexes(indexed)
            with strapi.strapi_server(args.strapi_port, workers):
                page = httpx.get(strapi_url).json()
                ids = [car["id"] for car in page["data"]]
                print(f"({way}) total {page['meta']['pagination']['total']:,}, page ids {ids}")
                if api_ids and ids != api_ids:
                    print("WARNING: Strapi's page differs from the API's", flush=True)
                rows += measure(strapi_url, levels, args.seconds, way, args.repeat)
        strapi.indexes(True)

    print()
    print(f"(each row: the median of {args.repeat} runs by req/s; rps_min..rps_max: all runs)")
    print_table(
        rows,
        ["way", "concurrency", "rps", "rps_min", "rps_max", "p50", "p95", "p99", "errors"],
    )
    by = {(row["way"], row["concurrency"]): row for row in rows}
    for level in levels:
        b = by.get(("b API", level))
        a = by.get(("a raw psycopg", level))
        c = by.get(("c Strapi", level))
        parts = []
        if a and b:
            parts.append(f"b/a = {b['rps'] / a['rps']:.2f}")
        if b and c:
            parts.append(f"b/c = {b['rps'] / c['rps']:.1f}")
        if parts:
            print(f"at {level}: " + ", ".join(parts))
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes at the end: {noise}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": facts, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
