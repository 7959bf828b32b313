"""The same filtered, paginated car query three ways: raw psycopg, the full API, Strapi.

    .venv/bin/python bench/generate.py            # once: 100,000 cars in gm_bench
    .venv/bin/python bench/listing.py [--seconds 10] [--workers 2]

(a) raw psycopg runs the exact SQL the API issues (the page and its COUNT), N threads
each with its own connection; (b) wrk drives GET /v1/cars through `gurumisha serve`
(Redis rate limiter on, TRUSTED_PROXIES=127.0.0.1 and a distinct X-Forwarded-For per
connection so the per-IP limit stays on without throttling the load generator... the
limit is raised for the run and documented); (c) Strapi is measured by
bench/strapi_listing.sh when its bench copy is installed. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql

from sidecar.cars.repository import list_query
from sidecar.cars.schemas import CarFilters

HERE = Path(__file__).resolve().parent
DSN = "postgresql://postgres@127.0.0.1:5432/gm_bench"
FILTERS = {"make": "toyota", "minPrice": 1_000_000, "maxPrice": 2_500_000}
PAGE, LIMIT = 5, 20


def api_sql() -> tuple[str, str]:
    """The page and count statements GET /v1/cars issues for FILTERS, with literals."""
    filters = CarFilters.model_validate(FILTERS)
    query = list_query(filters=filters, statuses=["active"], owner_id=None)
    page = query.limit(LIMIT).offset((PAGE - 1) * LIMIT)
    count = select(func.count()).select_from(query.order_by(None).subquery())
    dialect = postgresql.dialect()

    def compile_(statement: object) -> str:
        return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]

    return compile_(page), compile_(count)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def raw(concurrency: int, seconds: float) -> dict[str, float]:
    page_sql, count_sql = api_sql()
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop() -> None:
        mine: list[float] = []
        with psycopg.connect(DSN, autocommit=True) as conn:
            while time.monotonic() < deadline:
                began = time.perf_counter()
                conn.execute(count_sql).fetchone()
                conn.execute(page_sql).fetchall()
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
    }


def wrk(url: str, concurrency: int, seconds: float) -> dict[str, float]:
    threads = min(2, concurrency)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{int(seconds)}s", "-s", str(HERE / "wrk_report.lua"), url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    line = next(row for row in output.splitlines() if row.startswith("JSON "))
    return json.loads(line[5:])


def start_api(
    port: int, workers: int, extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = os.environ | (extra or {}) | {
        "DATABASE_URL": DSN,
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        # The limiter stays on (Redis round trip per request); the budget is raised so
        # one load generator's address is not throttled.
        "RATE_LIMIT_PER_MINUTE": "100000000",
        "ENVIRONMENT": "production",
        "JWT_SECRET": "bench-" + "x" * 40,
        "DB_POOL_SIZE": "20",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "sidecar.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the API did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--concurrency", default="1,16,64")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    query = "&".join(f"{k}={v}" for k, v in FILTERS.items())
    url = f"http://127.0.0.1:{args.port}/v1/cars?{query}&page={PAGE}&limit={LIMIT}"

    results = {}
    for level in levels:
        results[("a raw psycopg", level)] = raw(level, args.seconds)
    api = start_api(args.port, args.workers)
    try:
        assert httpx.get(url).json()["pagination"]["total"] > 0
        for level in levels:
            wrk(url, level, 2)  # warm up
            results[("b API", level)] = wrk(url, level, args.seconds)
    finally:
        api.terminate()
        api.wait(10)

    print(f"| way | concurrency | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for (way, level), r in results.items():
        print(f"| {way} | {level} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p95']:.2f} | {r['p99']:.2f} |")
    for level in levels:
        ratio = results[("b API", level)]["rps"] / results[("a raw psycopg", level)]["rps"]
        print(f"b/a at {level}: {ratio:.2f}")


if __name__ == "__main__":
    main()
