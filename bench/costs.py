"""What one request of each kind costs: wall time, the API's CPU and PostgreSQL's CPU.

    .venv/bin/python bench/generate.py          # once: 100,000 cars
    .venv/bin/python bench/costs.py [--requests 300] [--server granian|uvicorn]

One API process on gm_bench, one request at a time from one client, each from its own
forwarded address (so the rate limiter does its usual work). CPU is read from the
process trees (the API's, PostgreSQL's backends) before and after each kind, divided
by the number of requests. "miss" kinds vary their query so the public cache never
answers; "hit" kinds repeat one. On a 2-core machine the k6 run's ceiling is roughly
the CPU of its mix of these, plus k6's own (bench/k6.py reports it).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import api_server, machine_facts, print_table

MAKES = {"Toyota": ["Fielder", "Premio", "Vitz"], "Nissan": ["Note", "X-Trail"]}


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _postgres() -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["name"]) if (p.info["name"] or "") == "postgres"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="per kind")
    parser.add_argument("--server", choices=["granian", "uvicorn"], default=None)
    parser.add_argument("--port", type=int, default=8096)
    args = parser.parse_args()
    print(f"machine: {machine_facts()}")
    extra = {"TRUSTED_PROXIES": "127.0.0.1", "LOG_LEVEL": "warning"}
    rng = random.Random(13)
    rows = []
    with api_server(args.port, 1, extra, server=args.server) as api:
        root = psutil.Process(api.pid)

        def tree() -> list[psutil.Process]:
            return [root, *root.children(recursive=True)]

        with httpx.Client(base_url=f"http://127.0.0.1:{args.port}", timeout=30) as client:
            ids: list[int] = []
            for make in MAKES:
                listed = client.get("/v1/cars", params={"make": make, "limit": 100}).json()
                ids += [car["id"] for car in listed["data"]]
            rng.shuffle(ids)

            def forwarded(i: int) -> dict[str, str]:
                return {"X-Forwarded-For": f"10.9.{i // 250 % 250}.{i % 250 + 1}"}

            def estimate(i: int) -> httpx.Response:
                make = rng.choice(list(MAKES))
                specs = {
                    "make": make,
                    "model": rng.choice(MAKES[make]),
                    "year": 2019 + i % 6,
                    "budget": 1_500_000,
                    "originCountry": "Japan",
                    "engine_cc": 1500,
                    "fuel": "petrol",
                }
                return client.post(
                    "/v1/imports/estimate", json={"specs": specs}, headers=forwarded(i)
                )

            kinds: dict[str, Callable[[int], httpx.Response]] = {
                "GET /healthz": lambda i: client.get("/healthz"),
                "GET /v1/cars (hit)": lambda i: client.get(
                    "/v1/cars", params={"make": "Toyota"}, headers=forwarded(i)
                ),
                "GET /v1/cars (miss)": lambda i: client.get(
                    "/v1/cars",
                    params={
                        "make": rng.choice(list(MAKES)),
                        "minPrice": 500_000 + i * 1000 + rng.randrange(1000),
                        "maxPrice": 3_000_000,
                    },
                    headers=forwarded(i),
                ),
                "GET /v1/cars/{id} (miss)": lambda i: client.get(
                    f"/v1/cars/{ids[i % len(ids)]}", headers=forwarded(i)
                ),
                "GET /v1/cars/{id} (hit)": lambda i: client.get(
                    f"/v1/cars/{ids[0]}", headers=forwarded(i)
                ),
                "GET /v1/parts compatibility (miss)": lambda i: client.get(
                    "/v1/parts",
                    params={
                        "compatibility": f"Toyota:Fielder:{1995 + i // 20 % 30}",
                        "limit": 10 + i % 20,
                    },
                    headers=forwarded(i),
                ),
                "POST /v1/imports/estimate": estimate,
            }
            for name, send in kinds.items():
                for i in range(20):  # warm: connections, statement caches, the CRSP index
                    send(10**6 + i)
                api_cpu, pg_cpu = _cpu_seconds(tree()), _cpu_seconds(_postgres())
                began = time.perf_counter()
                statuses: set[int] = set()
                for i in range(args.requests):
                    statuses.add(send(i).status_code)
                wall = (time.perf_counter() - began) / args.requests
                rows.append(
                    {
                        "request": name,
                        "wall ms": 1000 * wall,
                        "API CPU ms": 1000 * (_cpu_seconds(tree()) - api_cpu) / args.requests,
                        "PostgreSQL CPU ms": 1000
                        * (_cpu_seconds(_postgres()) - pg_cpu)
                        / args.requests,
                        "statuses": ",".join(str(s) for s in sorted(statuses)),
                    }
                )
    print_table(rows, list(rows[0]))


if __name__ == "__main__":
    main()
