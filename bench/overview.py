"""How long the admin overview's counts take on the listing benchmark's 100,000 cars.

    .venv/bin/python bench/generate.py          # once: gm_bench
    .venv/bin/python bench/overview.py [--runs 30] [--days 30]

Calls sidecar.stats.service.overview (the queries of GET /v1/stats/overview, without
HTTP) in a read-only transaction per run, after one warm-up, and prints the median
and the slowest run, with the plan of the heaviest query (cars per Nairobi day).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import dsn, machine_facts
from sqlalchemy import text

from sidecar.core.database import Database
from sidecar.stats import service


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    database = Database(dsn().replace("postgresql://", "postgresql+psycopg://"), pool_size=1)
    timings = []
    for run in range(args.runs + 1):
        session = database.sessionmaker()
        try:
            started = time.perf_counter()
            overview = service.overview(session, days=args.days)
            if run:  # the first run warms the cache and the connection
                timings.append((time.perf_counter() - started) * 1000)
        finally:
            session.rollback()
            session.close()
    with database.engine.connect() as connection:
        counts = connection.execute(
            text("SELECT count(*), count(*) FILTER (WHERE status = 'pending') FROM cars")
        ).one()
        plan = connection.execute(
            text(
                "EXPLAIN ANALYZE SELECT CAST(timezone('Africa/Nairobi', created_at) AS DATE), "
                "count(*) FROM cars WHERE created_at >= now() - interval '30 days' GROUP BY 1"
            )
        ).scalars()
        plan_text = "\n".join(plan)
    print(f"cars: {counts[0]:,}, pending: {counts[1]:,}, days: {args.days}")
    print(f"listings in window: {sum(day.count for day in overview.listings_per_day):,}")
    print(
        f"overview: median {statistics.median(timings):.1f} ms, "
        f"slowest {max(timings):.1f} ms over {len(timings)} runs"
    )
    print(plan_text)
    print(machine_facts())


if __name__ == "__main__":
    main()
