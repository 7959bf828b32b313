"""Logins under bcrypt cost 12, and the car list's latency while a login storm runs.

    .venv/bin/python bench/generate.py     # once
    .venv/bin/python bench/login.py [--seconds 15] [--workers 2]

Runs `gurumisha serve` on gm_bench with TRUSTED_PROXIES=127.0.0.1; logins come from
distinct X-Forwarded-For addresses so the per-IP login limit stays on without
throttling the generator.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import threading
from pathlib import Path

from listing import FILTERS, LIMIT, PAGE, start_api, wrk

HERE = Path(__file__).resolve().parent


def wrk_login(url: str, connections: int, seconds: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(HERE / "wrk_login.lua"), url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    return json.loads(next(r for r in output.splitlines() if r.startswith("JSON "))[5:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8091)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    query = "&".join(f"{k}={v}" for k, v in FILTERS.items())
    cars = f"{base}/v1/cars?{query}&page={PAGE}&limit={LIMIT}"
    api = start_api(args.port, args.workers, extra={"TRUSTED_PROXIES": "127.0.0.1"})
    try:
        quiet = wrk(cars, 4, args.seconds)
        storm: dict[str, dict[str, float]] = {}
        thread = threading.Thread(
            target=lambda: storm.update(login=wrk_login(f"{base}/v1/auth/login", 16, args.seconds))
        )
        thread.start()
        during = wrk(cars, 4, args.seconds - 2)
        thread.join()
    finally:
        api.terminate()
        api.wait(10)
    login = storm["login"]
    print(f"logins: {login['rps']:.1f}/s on 2 cores ({login['rps'] / 2:.1f}/s per core), "
          f"p50 {login['p50']:.0f} ms, p95 {login['p95']:.0f} ms, non-2xx {login['non2xx']:.0f}")
    print(f"GET /v1/cars at 4 connections, quiet: p95 {quiet['p95']:.1f} ms, {quiet['rps']:.0f} req/s")
    print(f"GET /v1/cars at 4 connections, during the storm: p95 {during['p95']:.1f} ms, "
          f"{during['rps']:.0f} req/s")


if __name__ == "__main__":
    main()
