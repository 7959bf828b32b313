"""Logins under bcrypt cost 12, and the car list's latency while a login storm runs.

    .venv/bin/python bench/generate.py     # once
    .venv/bin/python bench/login.py [--seconds 20] [--workers 2] [--login-connections 16]

1. bcrypt itself: one cost-12 check timed in this process (the ceiling per core).
2. `gurumisha serve --workers W` on gm_bench, REDIS_URL set, TRUSTED_PROXIES=127.0.0.1:
   wrk (bench/wrk_login.lua) posts logins of random generated customers, each from its
   own X-Forwarded-For address, so the per-IP login limit (10/min) stays on and is not
   what limits. Logins per second (200s only) and per core; the 429s the hash cap
   sends at once (MAX_CONCURRENT_PASSWORD_HASHES per process) are counted apart.
3. GET /v1/cars (bench/listing.py's query) at 4 connections: quiet, then during the
   login storm; and GET /healthz (async, no database, no thread pool: pure event loop)
   during the storm, which shows whether hashing ever blocks the event loop.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

import bcrypt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_PASSWORD, api_server, busy_others, ensure_wrk, machine_facts, wrk
from listing import API_QUERY


def bcrypt_ms(rounds: int = 12, n: int = 5) -> float:
    hashed = bcrypt.hashpw(BENCH_PASSWORD.encode(), bcrypt.gensalt(rounds))
    times = []
    for _ in range(n):
        began = time.perf_counter()
        bcrypt.checkpw(BENCH_PASSWORD.encode(), hashed)
        times.append((time.perf_counter() - began) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--login-connections", type=int, default=16)
    parser.add_argument("--list-connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8091)
    args = parser.parse_args()
    ensure_wrk()
    cores = os.cpu_count() or 1
    print(f"machine: {machine_facts()}", flush=True)
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes: {noise}", flush=True)
    one = bcrypt_ms()
    print(f"bcrypt cost 12, one check: {one:.0f} ms -> ceiling {1000 / one:.1f} logins/s per core")

    base = f"http://127.0.0.1:{args.port}"
    cars = f"{base}/v1/cars?{API_QUERY}"
    login_url = f"{base}/v1/auth/login"
    with api_server(args.port, args.workers, {"TRUSTED_PROXIES": "127.0.0.1"}):
        wrk(cars, args.list_connections, 3, script="wrk_spread.lua")  # warm-up
        quiet = wrk(cars, args.list_connections, args.seconds, script="wrk_spread.lua")
        health_quiet = wrk(f"{base}/healthz", 1, 5)
        alone = wrk(login_url, args.login_connections, args.seconds, script="wrk_login.lua")
        storm: dict[str, dict[str, float]] = {}
        logins = threading.Thread(
            target=lambda: storm.update(
                login=wrk(
                    login_url, args.login_connections, args.seconds + 4, script="wrk_login.lua"
                )
            )
        )
        logins.start()
        time.sleep(2)  # the storm is under way
        during = wrk(cars, args.list_connections, args.seconds - 4, script="wrk_spread.lua")
        health = wrk(f"{base}/healthz", 1, 4)
        logins.join()

    login = storm["login"]
    print()
    print("| measure | result |\n|---|---|")
    print(
        f"| bcrypt cost 12, one check on one core | {one:.0f} ms"
        f" (ceiling {1000 / one:.1f}/s per core) |"
    )
    print(
        f"| logins alone, {args.login_connections} connections, {args.workers} workers |"
        f" {alone['ok_per_s']:.1f}/s = {alone['ok_per_s'] / cores:.1f}/s per core;"
        f" p50 {alone['p50']:.0f} ms, p95 {alone['p95']:.0f} ms;"
        f" 429 (hash cap) {alone['limited']:.0f}"
        f" of {alone['requests']:.0f}, other errors {alone['other'] + alone['errors']:.0f} |"
    )
    print(
        f"| logins during the mixed run | {login['ok_per_s']:.1f}/s;"
        f" 429 {login['limited']:.0f} of {login['requests']:.0f} |"
    )
    print(
        f"| GET /v1/cars, {args.list_connections} connections, quiet |"
        f" p50 {quiet['p50']:.1f} ms, p95 {quiet['p95']:.1f} ms, p99 {quiet['p99']:.1f} ms,"
        f" {quiet['rps']:.0f} req/s |"
    )
    print(
        f"| GET /v1/cars, {args.list_connections} connections, during the login storm |"
        f" p50 {during['p50']:.1f} ms, p95 {during['p95']:.1f} ms, p99 {during['p99']:.1f} ms,"
        f" {during['rps']:.0f} req/s, errors {during['errors']:.0f} |"
    )
    print(
        f"| GET /healthz (event loop only), quiet / during the storm |"
        f" p95 {health_quiet['p95']:.2f} / {health['p95']:.2f} ms,"
        f" p99 {health_quiet['p99']:.2f} / {health['p99']:.2f} ms |"
    )
    noise = busy_others()
    if noise:
        print(f"WARNING: other busy processes at the end: {noise}", flush=True)


if __name__ == "__main__":
    main()
