"""The storefront's numbers: Lighthouse (mobile) scores and ISR-cache latency.

    (cd frontend && npm ci && npm run build)       # or bash scripts/frontend-deps
    .venv/bin/python bench/storefront.py [--seconds 15] [--connections 16] [--no-lighthouse]

Starts, on a database of its own (gm_bench_storefront: migrated, demo data), the
sidecar (`gurumisha serve`) and the built storefront (`next start`) on free ports,
then:

1. Lighthouse 12.2.3 (bench/lighthouse, installed with `npm ci` when missing) with its
   default mobile emulation and simulated throttling, driving Debian's Chromium, on
   the home, search and car pages; prints performance, accessibility, SEO and best
   practices. Targets: performance >= 90, accessibility >= 95, SEO >= 95.
2. wrk at --connections (16) for --seconds on pages served from the ISR cache (each
   visited once first, so the cache holds it); prints requests/s and p50/p95/p99.
   Target: p95 < 50 ms. The search page is rendered per request (its query string
   holds the filters) and is measured beside them for comparison.

Prints the machine, CPU of the storefront and the sidecar under load, and whether
other processes were busy (results then mean less).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HERE,
    PG,
    ROOT,
    Sampler,
    busy_others,
    machine_facts,
    print_table,
    stop,
    wait_http,
    wrk,
)

DATABASE = "gm_bench_storefront"
FRONTEND = ROOT / "frontend"
LIGHTHOUSE_DIR = HERE / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
LIGHTHOUSE_PAGES = {"home": "/", "search": "/cars", "car": "/cars/1"}
ISR_PAGES = ["/", "/cars/1", "/sw/cars/2", "/parts/1", "/articles", "/help", "/makes/toyota"]
DYNAMIC_PAGES = ["/cars?minPrice=1000000&maxPrice=2000000"]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_database() -> str:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{PG}/{DATABASE}"


def start_stack(
    database_url: str, logs: Path
) -> tuple[str, subprocess.Popen[bytes], subprocess.Popen[bytes]]:
    api_port, web_port = free_port(), free_port()
    web = f"http://127.0.0.1:{web_port}"
    api = f"http://127.0.0.1:{api_port}"
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    sidecar_env = base | {
        "ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "COOKIE_SECURE": "false",
        "CORS_ORIGINS": web,
        "PUBLIC_BASE_URL": web,
        "GURUMISHA_DATA_DIR": str(logs / "data"),
        "RATE_LIMIT_PER_MINUTE": "1000000",
    }
    cli = [sys.executable, "-m", "sidecar.cli"]
    for command in ("migrate", "seed-demo"):
        subprocess.run([*cli, command], cwd=ROOT, env=sidecar_env, check=True, capture_output=True)
    sidecar = subprocess.Popen(
        [*cli, "serve", "--port", str(api_port)],
        cwd=ROOT,
        env=sidecar_env,
        stdout=(logs / "sidecar.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    storefront = subprocess.Popen(
        [
            "node",
            str(FRONTEND / "node_modules" / "next" / "dist" / "bin" / "next"),
            "start",
            "--port",
            str(web_port),
            "--hostname",
            "127.0.0.1",
        ],
        cwd=FRONTEND,
        env=base
        | {
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
            # This run's pages only (a fresh database), kept in memory.
            "ISR_DISK_CACHE": "false",
            "GURUMISHA_API_URL": api,
            "SITE_URL": web,
        },
        stdout=(logs / "storefront.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_http(f"{api}/healthz", 60, sidecar)
    wait_http(f"{web}/robots.txt", 60, storefront)
    return web, sidecar, storefront


def ensure_lighthouse() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("installing Lighthouse 12.2.3 (bench/lighthouse)", flush=True)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=LIGHTHOUSE_DIR,
            check=True,
        )
    return binary


def lighthouse(binary: Path, url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile, its defaults) -> the category scores out of 100."""
    return _scores(_run_lighthouse(binary, url, out))


def median_lighthouse(binary: Path, url: str, out: Path, runs: int) -> dict[str, Any]:
    """The median run by performance score (Lighthouse's own advice: several runs)."""
    results = sorted(
        (lighthouse(binary, url, out.with_suffix(f".{run}.json")) for run in range(runs)),
        key=lambda scores: scores["performance"],
    )
    median = results[len(results) // 2]
    return median | {"runs (perf)": "/".join(str(r["performance"]) for r in results)}


def _run_lighthouse(binary: Path, url: str, out: Path) -> dict[str, Any]:
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility,seo,best-practices",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env=os.environ | {"CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def _scores(report: dict[str, Any]) -> dict[str, Any]:
    scores = {key: round(value["score"] * 100) for key, value in report["categories"].items()}
    audits = report["audits"]
    return scores | {
        "LCP ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "TBT ms": round(audits["total-blocking-time"]["numericValue"]),
        "CLS": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    args = parser.parse_args()
    if not (FRONTEND / ".next" / "BUILD_ID").exists():
        raise SystemExit("build the storefront first: (cd frontend && npm run build)")
    print(json.dumps(machine_facts(), indent=2))
    busy = busy_others()
    if busy:
        print(f"note: other processes are busy ({', '.join(busy)}): numbers mean less")
    logs = Path(tempfile.mkdtemp(prefix="bench-storefront-"))
    web, sidecar, storefront = start_stack(fresh_database(), logs)
    try:
        import httpx

        for path in ISR_PAGES + DYNAMIC_PAGES:  # the first visit renders and caches
            for _ in range(2):
                response = httpx.get(f"{web}{path}", timeout=30)
                response.raise_for_status()

        if not args.no_lighthouse:
            binary = ensure_lighthouse()
            # A first run warms Chromium's and the OS's caches; it is not counted.
            lighthouse(binary, f"{web}/", logs / "lighthouse-warmup.json")
            rows = []
            for name, path in LIGHTHOUSE_PAGES.items():
                out = logs / f"lighthouse-{name}.json"
                scores = median_lighthouse(binary, f"{web}{path}", out, args.runs)
                rows.append({"page": f"{name} ({path})"} | scores)
            print("\nLighthouse 12.2.3, mobile (simulated throttling):")
            print_table(
                rows,
                [
                    "page",
                    "performance",
                    "accessibility",
                    "seo",
                    "best-practices",
                    "LCP ms",
                    "TBT ms",
                    "CLS",
                    "runs (perf)",
                ],
            )

        rows = []
        roots = {"storefront": storefront.pid, "sidecar": sidecar.pid}
        for path in ISR_PAGES + DYNAMIC_PAGES:
            with Sampler(roots) as sampler:
                result = wrk(f"{web}{path}", args.connections, args.seconds)
            cpu = sampler.summary()
            kind = "ISR" if path in ISR_PAGES else "per request"
            rows.append(
                {"page": path, "kind": kind}
                | result
                | {
                    "storefront CPU %": cpu.get("storefront", {}).get("cpu_mean"),
                    "sidecar CPU %": cpu.get("sidecar", {}).get("cpu_mean"),
                }
            )
        print(f"\nwrk, {args.connections} connections, {args.seconds:.0f} s per page:")
        print_table(
            rows,
            [
                "page",
                "kind",
                "rps",
                "p50",
                "p95",
                "p99",
                "errors",
                "storefront CPU %",
                "sidecar CPU %",
            ],
        )
        isr_p95 = max(float(row["p95"]) for row in rows if row["kind"] == "ISR")
        print(f"\nworst ISR p95: {isr_p95:.1f} ms (target < 50 ms)")
        print(f"logs and Lighthouse reports: {logs}")
    finally:
        stop(storefront)
        stop(sidecar)


if __name__ == "__main__":
    main()
