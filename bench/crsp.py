"""KRA's CRSP list: how long migration 0010 takes to load it, and the search's latency.

    .venv/bin/python bench/crsp.py [--repeat 30]

1. A fresh database (gm_bench_crsp) migrated to 0009, then timed to head: migration
   0010 creates the CRSP tables and loads the shipped list (5,277 rows, COPY) as the
   live release.
2. The search service in-process (no HTTP), after a first call built the release's
   index: median and best of ``--repeat`` calls for a few typical queries.
Other busy processes are listed: on a shared machine they make the numbers noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PG, busy_others

from sidecar.core.database import Database
from sidecar.core.migrate import upgrade
from sidecar.core.pagination import PageParams
from sidecar.imports.crsp import service

DATABASE = "gm_bench_crsp"
QUERIES = (
    {"make": "toyota", "q": "vitz hybrid u"},
    {"make": None, "q": "harrier"},
    {"make": None, "q": "fielder hybrid"},
    {"make": "mercedes-benz", "q": "c200"},
    {"make": "toyota", "q": None},
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print("busy other processes:", busy_others() or "none")
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    url = f"{PG}/{DATABASE}".replace("postgresql://", "postgresql+psycopg://", 1)
    began = time.perf_counter()
    upgrade(url, "0009")
    middle = time.perf_counter()
    upgrade(url)
    done = time.perf_counter()
    print(f"migrations 0001-0009: {middle - began:.2f} s; 0010 (CRSP tables + 5,277 rows):"
          f" {done - middle:.2f} s")  # fmt: skip

    db = Database(url)
    page = PageParams(page=1, limit=20)
    with db.transaction() as session:
        began = time.perf_counter()
        service.search(session, make=None, q="x", engine_cc=None, fuel=None, params=page)
        print(f"first search (builds the index): {(time.perf_counter() - began) * 1000:.0f} ms")
        for query in QUERIES:
            times = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                service.search(session, engine_cc=None, fuel=None, params=page, **query)
                times.append((time.perf_counter() - began) * 1000)
            print(f"search {query}: median {statistics.median(times):.1f} ms,"
                  f" best {min(times):.1f} ms")  # fmt: skip
    db.dispose()


if __name__ == "__main__":
    main()
