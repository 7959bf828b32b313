"""Where the API's CPU goes while serving the car list: py-spy under wrk load.

    .venv/bin/pip install -e '.[bench]'      # locust, psutil, py-spy
    .venv/bin/python bench/profile.py [--seconds 20] [--connections 16] [--workers 2]
        [--url '/v1/cars?make=Toyota&minPrice=1000000&maxPrice=2500000&page=5&limit=20']

Starts `gurumisha serve` on gm_bench as bench/listing.py does (b), drives it with wrk,
and samples every API process with `py-spy record --subprocesses --nonblocking --gil`:
only the thread holding the GIL is sampled, i.e. where the Python CPU time of each
process goes (a thread waiting for PostgreSQL, for the GIL or for work is not counted;
--all-threads samples every active thread instead, and samples whose leaf is a wait
are then counted apart). Prints the share of the API's CPU samples by layer (the
leaf frame's package: where the time is spent), the hottest functions, and the
inclusive shares of the sidecar's functions and of the framework's hot-path steps.
The raw collapsed stacks are kept at --out (default bench/.results/profile.txt) for
flame graphs (e.g. https://www.speedscope.app).
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HERE, api_server, ensure_wrk, wrk

LAYERS = [
    ("sqlalchemy/orm/", "SQLAlchemy ORM"),
    ("sqlalchemy/", "SQLAlchemy Core (compile, engine, pool, result)"),
    ("psycopg", "psycopg (driver)"),
    ("pydantic", "pydantic (validation, serialisation)"),
    ("fastapi/", "FastAPI (routing, dependencies)"),
    ("starlette/", "Starlette"),
    ("uvicorn/", "uvicorn (HTTP protocol)"),
    ("httptools", "uvicorn (HTTP protocol)"),
    ("anyio/", "anyio (thread pool hand-off)"),
    ("asyncio/", "asyncio / uvloop (event loop)"),
    ("uvloop", "asyncio / uvloop (event loop)"),
    ("structlog/", "logging (structlog access log)"),
    ("logging/", "logging (structlog access log)"),
    ("orjson", "logging (structlog access log)"),
    ("redis/", "redis client (rate limit)"),
    ("prometheus_client/", "metrics (prometheus)"),
    ("sidecar/", "sidecar's own code"),
    ("threading.py", "threads (locks, queues)"),
    ("queue.py", "threads (locks, queues)"),
    ("concurrent/", "threads (locks, queues)"),
]
# Leaf frames where a thread waits rather than computes (py-spy cannot always tell):
# psycopg waiting for PostgreSQL's answer, idle pool threads, the idle event loop.
WAITS = {
    ("wait", "psycopg/connection.py"): "waiting for PostgreSQL (psycopg Connection.wait)",
    ("wait", "threading.py"): "idle threads (Condition.wait)",
    ("run", "asyncio/runners.py"): "idle event loop (uvloop, in C)",
    ("select", "selectors.py"): "idle (select)",
}
# Inclusive shares worth knowing on the list's hot path.
FOCUS = [
    "paginate",
    "list_query",
    "car_out",
    "build_page",
    "serialize_response",
    "solve_dependencies",
    "_optional_user",
    "get_session",
    "transaction",
    "commit",
    "close",
    "_connection_for_bind",
    "_checkout",
    "_do_ping_w_event",
    "_compile_w_cache",
    "_execute_context",
    "instances",
    "fetchall",
    "model_validate",
    "hit",
    "__call__",
    "info",
    "run_in_threadpool",
    "run_sync",
    "send",
]
FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]*)(?::\d+)?\)$")


def _named(qualified: str, name: str) -> bool:
    return qualified == name or qualified.endswith("." + name)


def layer_of(file: str) -> str:
    for needle, name in LAYERS:
        if needle in file:
            return name
    return "other (stdlib, enum, decimal, ...)"


def parse(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    samples = []
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = []
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            if match:
                frames.append((match["func"], match["file"]))
            else:
                frames.append((frame, ""))
        samples.append((frames, int(count)))
    return samples


def report(samples: list[tuple[list[tuple[str, str]], int]], top: int = 25) -> None:
    waits: collections.Counter[str] = collections.Counter()
    busy = []
    for frames, count in samples:
        func, file = frames[-1]
        wait = next(
            (w for (f, path), w in WAITS.items() if _named(func, f) and file.endswith(path)), None
        )
        if wait:
            waits[wait] += count
        else:
            busy.append((frames, count))
    every = sum(count for _, count in samples)
    print(f"{every} samples; not on CPU (excluded below):")
    for wait, count in waits.most_common():
        print(f"  {wait}: {100 * count / every:.1f}%")
    samples = busy
    total = sum(count for _, count in samples)
    focus: collections.Counter[str] = collections.Counter()
    leaf_layer: collections.Counter[str] = collections.Counter()
    leaf_func: collections.Counter[str] = collections.Counter()
    ours: collections.Counter[str] = collections.Counter()
    for frames, count in samples:
        func, file = frames[-1]
        leaf_layer[layer_of(file)] += count
        leaf_func[f"{func} ({file.split('site-packages/')[-1]})"] += count
        for name in {f"{fn} ({f})" for fn, f in frames if f.startswith("sidecar/")}:
            ours[name] += count
        for name in {
            f"{fn} ({f})"
            for fn, f in frames
            if any(_named(fn, name) for name in FOCUS) and not f.startswith("sidecar/")
        }:
            focus[name] += count
    print(f"\n{total} on-CPU samples of the API processes\n")
    print("| layer | self (leaf) % |\n|---|---|")
    for layer, count in leaf_layer.most_common():
        print(f"| {layer} | {100 * count / total:.1f} |")
    print("\nhottest functions (self time):\n\n| function | % |\n|---|---|")
    for name, count in leaf_func.most_common(top):
        print(f"| {name} | {100 * count / total:.1f} |")
    print("\nsidecar functions (inclusive):\n\n| function | % |\n|---|---|")
    for name, count in ours.most_common(top):
        print(f"| {name} | {100 * count / total:.1f} |")
    print("\nframework functions on the hot path (inclusive):\n\n| function | % |\n|---|---|")
    for name, count in focus.most_common(top):
        print(f"| {name} | {100 * count / total:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8092)
    parser.add_argument(
        "--url", default="/v1/cars?make=Toyota&minPrice=1000000&maxPrice=2500000&page=5&limit=20"
    )
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument(
        "--all-threads",
        dest="gil",
        action="store_false",
        help="sample every active thread, not only the one holding the GIL",
    )
    parser.add_argument("--out", type=Path, default=HERE / ".results" / "profile.txt")
    parser.add_argument("--report-only", action="store_true", help="summarise --out again")
    args = parser.parse_args()
    if args.report_only:
        report(parse(args.out))
        return
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        raise SystemExit("py-spy is not installed: .venv/bin/pip install -e '.[bench]'")
    ensure_wrk()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{args.port}{args.url}"
    with api_server(args.port, args.workers, {"TRUSTED_PROXIES": "127.0.0.1"}) as server:
        wrk(url, args.connections, 3, script="wrk_spread.lua")  # warm-up
        result: dict[str, dict[str, float]] = {}
        load = threading.Thread(
            target=lambda: result.update(
                wrk=wrk(url, args.connections, args.seconds + 2, script="wrk_spread.lua")
            )
        )
        load.start()
        subprocess.run(
            [
                py_spy,
                "record",
                "--pid",
                str(server.pid),
                "--subprocesses",
                "--nonblocking",
                *(["--gil"] if args.gil else []),
                "--rate",
                str(args.rate),
                "--duration",
                str(args.seconds),
                "--format",
                "raw",
                "--output",
                str(args.out),
            ],
            check=True,
            capture_output=True,
            timeout=args.seconds + 60,
        )
        load.join()
    print(f"under load: {result['wrk']}\n")
    report(parse(args.out))


if __name__ == "__main__":
    main()
