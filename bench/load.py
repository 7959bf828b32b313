"""1,000 concurrent users for 2 minutes (Locust, bench/locustfile.py) against the real stack.

    .venv/bin/pip install -e '.[bench]'      # locust, psutil, py-spy
    .venv/bin/python bench/generate.py        # once (the run adds inquiries and imports)
    .venv/bin/python bench/load.py [--users 1000] [--spawn-rate 50] [--run-time 2m]
                                   [--workers 2] [--processes 1]

Starts, on gm_bench, `gurumisha serve --workers W` as production would run it behind a
proxy: REDIS_URL set (rate limits in Redis at their defaults: 100/min per client, 10/min
for login and register), TRUSTED_PROXIES=127.0.0.1 (each simulated user sends its own
X-Forwarded-For), CELERY_BROKER_URL on the local RabbitMQ with one `gurumisha worker`
(notifications of inquiries and imports; queues prefixed "gmbench." and deleted after
the run). Runs Locust headless for --run-time, samples CPU and memory of the API, the
worker, PostgreSQL, Redis and Locust once a second (psutil), and prints per-endpoint
requests/s, p50/p95/p99 and failures, and the resource table.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    APP_DIR,
    HERE,
    Sampler,
    api_env,
    api_server,
    busy_others,
    machine_facts,
    print_table,
    stop,
)

BROKER = "amqp://guest:guest@127.0.0.1:5672//"
QUEUE_PREFIX = "gmbench."


def delete_queues() -> None:
    from kombu import Connection

    with Connection(BROKER) as conn:
        channel = conn.channel()
        for queue in ("notifications", "housekeeping"):
            try:
                channel.queue_delete(QUEUE_PREFIX + queue)
            except Exception as exc:
                print(f"queue {QUEUE_PREFIX}{queue}: {exc}")


def read_stats(prefix: Path) -> list[dict[str, Any]]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            count = int(row["Request Count"])
            rows.append(
                {
                    "endpoint": row["Name"] if row["Name"] != "Aggregated" else "**all**",
                    "requests": count,
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"] or 0),
                    "p95": float(row["95%"] or 0),
                    "p99": float(row["99%"] or 0),
                    "failures": int(row["Failure Count"]),
                    "error %": 100 * int(row["Failure Count"]) / count if count else 0.0,
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--spawn-rate", type=float, default=50)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--workers", type=int, default=2, help="API processes")
    parser.add_argument("--processes", type=int, default=1, help="Locust processes")
    parser.add_argument("--port", type=int, default=8093)
    args = parser.parse_args()
    out = HERE / ".results"
    out.mkdir(exist_ok=True)
    prefix = out / "locust"
    facts = machine_facts()
    print(f"machine: {facts}", flush=True)
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes: {noise}", flush=True)

    extra = {
        "TRUSTED_PROXIES": "127.0.0.1",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE_PREFIX": QUEUE_PREFIX,
    }
    worker_log = open(out / "worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "sidecar.cli", "worker", "--concurrency", "1"],
        env=api_env(extra),
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=APP_DIR,
    )
    try:
        with api_server(args.port, args.workers, extra, log=out / "api.log") as api:
            roots: dict[str, int | str] = {
                "API (all processes)": api.pid,
                "Celery worker": worker.pid,
                "PostgreSQL (all backends)": "postgres",
                "Redis": "redis-server",
            }
            locust = [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(prefix),
                "--stop-timeout",
                "15",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            if args.processes > 1:
                locust += ["--processes", str(args.processes)]
            began = time.monotonic()
            with open(out / "locust.log", "wb") as log:
                runner = subprocess.Popen(locust, stdout=log, stderr=subprocess.STDOUT)
                with Sampler({**roots, "Locust (load generator)": runner.pid}) as sampler:
                    runner.wait(timeout=3600)
            elapsed = time.monotonic() - began
    finally:
        stop(worker)
        worker_log.close()
        delete_queues()

    rows = read_stats(prefix)
    rows.sort(key=lambda row: (row["endpoint"] == "**all**", -row["requests"]))
    print(f"\n{args.users} users, spawn rate {args.spawn_rate}/s, {elapsed:.0f} s in all\n")
    print_table(rows, ["endpoint", "requests", "rps", "p50", "p95", "p99", "failures", "error %"])
    failures = Path(f"{prefix}_failures.csv").read_text().strip().splitlines()[1:]
    if failures:
        print("\nfailures:\n" + "\n".join(failures[:20]))
    print()
    resources = [{"process": label, **values} for label, values in sampler.summary().items()]
    print_table(resources, ["process", "cpu_mean", "cpu_max", "rss_max_mib", "pss_max_mib"])
    print(
        "(CPU in % of one core, sampled each second; machine: all cores together, 200 = both"
        " busy. RSS/PSS: sums over the processes; PSS counts shared pages once)"
    )
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes at the end: {noise}", flush=True)


if __name__ == "__main__":
    main()
