"""Shared plumbing of the benchmarks: databases, the API and wrk as processes, sampling.

Every path is derived from this file; nothing machine-specific is written anywhere.
Set BENCH_PG (default ``postgresql://postgres@127.0.0.1:5432``) and BENCH_REDIS
(default ``redis://127.0.0.1:6379/1``) to point the benchmarks elsewhere (loopback only).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Another checkout of the code to measure (e.g. a scratch copy with a change to try);
# default: this repository.
APP_DIR = Path(os.environ.get("BENCH_APP_DIR", ROOT)).resolve()
if APP_DIR != ROOT:
    sys.path.insert(0, str(APP_DIR))
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/1")
BENCH_DB = "gm_bench"
STRAPI_DB = "gm_bench_strapi"
BENCH_PASSWORD = "bench-password-1"
JWT_SECRET = "bench-only-jwt-secret-" + "x" * 32


def dsn(database: str = BENCH_DB) -> str:
    return f"{PG}/{database}"


def ensure_wrk() -> str:
    """The wrk binary; installs Debian's package when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install -y wrk", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=600)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("wrk is not installed: run `sudo apt-get install -y wrk` (Debian/Ubuntu)")


def wrk(
    url: str,
    connections: int,
    seconds: float,
    *,
    script: str = "wrk_report.lua",
    threads: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, float]:
    """Runs wrk for ``seconds`` and returns req/s, p50/p95/p99 (ms), requests, errors."""
    threads = threads or min(2, connections)
    command = [
        ensure_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    line = next(row for row in output.splitlines() if row.startswith("JSON "))
    result: dict[str, float] = json.loads(line[5:])
    return result


def wait_http(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group we started (server and its workers), then SIGKILL."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)
    except ProcessLookupError:
        pass


def api_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The API's environment for a bench run: production settings on gm_bench, Redis on."""
    return {
        **os.environ,
        "DATABASE_URL": dsn(),
        "REDIS_URL": REDIS,
        "ENVIRONMENT": "production",
        "JWT_SECRET": JWT_SECRET,
        "PUBLIC_BASE_URL": "https://api.bench.gurumisha.co.ke",
        **({"PYTHONPATH": str(APP_DIR)} if APP_DIR != ROOT else {}),
        **(extra or {}),
    }


@contextmanager
def api_server(
    port: int,
    workers: int,
    extra: Mapping[str, str] | None = None,
    log: Path | None = None,
    server: str | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`gurumisha serve --workers N [--server S]` on gm_bench for the duration of the block."""
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sidecar.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            *(["--server", server] if server else []),
        ],
        env=api_env(extra),
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
        cwd=APP_DIR,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", 60, process)
        yield process
    finally:
        stop(process)
        if log:
            out.close()  # type: ignore[union-attr]


class Sampler:
    """Samples CPU (% of one core) and RSS of process trees once a second."""

    def __init__(self, roots: Mapping[str, int | str], interval: float = 1.0) -> None:
        # roots: label -> pid (the tree under it) or a process name ("postgres", "redis-server")
        self.roots = dict(roots)
        self.interval = interval
        # label -> [(cpu % of one core, RSS MiB, PSS MiB)]; PSS shares shared pages out,
        # so it sums correctly over PostgreSQL's backends (RSS counts shared buffers N times).
        self.samples: dict[str, list[tuple[float, float, float]]] = {label: [] for label in roots}
        self.machine: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._procs: dict[int, psutil.Process] = {}

    def _members(self, root: int | str) -> list[psutil.Process]:
        if isinstance(root, int):
            try:
                parent = psutil.Process(root)
                return [parent, *parent.children(recursive=True)]
            except psutil.NoSuchProcess:
                return []
        return [p for p in psutil.process_iter(["name"]) if p.info["name"] == root]

    def _run(self) -> None:
        psutil.cpu_percent()
        while not self._stop.wait(self.interval):
            self.machine.append(psutil.cpu_percent())
            for label, root in self.roots.items():
                cpu = rss = pss = 0.0
                for member in self._members(root):
                    proc = self._procs.setdefault(member.pid, member)
                    try:
                        cpu += proc.cpu_percent()
                        memory = proc.memory_full_info()
                        rss += memory.rss
                        pss += getattr(memory, "pss", memory.rss)
                    except psutil.Error:
                        continue
                self.samples[label].append((cpu, rss / 2**20, pss / 2**20))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for label, rows in self.samples.items():
            rows = rows[1:] or rows  # the first cpu_percent() of a process is 0
            if not rows:
                continue
            cpus = [c for c, _, _ in rows]
            rss = [r for _, r, _ in rows]
            pss = [p for _, _, p in rows]
            out[label] = {
                "cpu_mean": sum(cpus) / len(cpus),
                "cpu_max": max(cpus),
                "rss_max_mib": max(rss),
                "pss_max_mib": max(pss),
            }
        if self.machine:
            out["machine"] = {"cpu_mean": sum(self.machine) / len(self.machine) * os.cpu_count()}  # type: ignore[operator]
        return out


def machine_facts() -> dict[str, Any]:
    import psycopg

    with psycopg.connect(dsn("postgres")) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        max_conn = conn.execute("SHOW max_connections").fetchone()[0]  # type: ignore[index]
        shared = conn.execute("SHOW shared_buffers").fetchone()[0]  # type: ignore[index]
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = shutil.which("node")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": f"{pg} (max_connections {max_conn}, shared_buffers {shared})",
        "node": subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        if node
        else None,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(_cell(row.get(column)) for column in columns) + " |")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def busy_others(threshold: float = 15.0) -> list[str]:
    """Processes not started by us that use over ``threshold``% CPU right now (noise)."""
    mine = {os.getpid(), *(p.pid for p in psutil.Process().children(recursive=True))}
    procs = list(psutil.process_iter(["name", "cmdline"]))
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.cpu_percent()
    time.sleep(1)
    busy = []
    for proc in procs:
        try:
            cpu = proc.cpu_percent()
        except psutil.Error:
            continue
        if proc.pid not in mine and cpu > threshold:
            busy.append(f"{proc.info['name']}({proc.pid}) {cpu:.0f}%")
    return busy
