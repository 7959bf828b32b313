"""The bench-only Strapi 5 project (bench/strapi-cars): install, load the same cars, serve.

    .venv/bin/python bench/strapi.py setup     # node_modules, database, schema, 100,000 cars
    .venv/bin/python bench/strapi.py serve [--workers 2] [--port 1338]   # until Ctrl-C

``setup`` copies node_modules from the cache scripts/strapi-deps keeps for
strapi-config's lockfile (running scripts/strapi-deps first if there is none; hard
links when the file system allows, Strapi does not write into node_modules), checks
that bench/strapi-cars/package.json pins the same dependencies as strapi-config,
creates the database gm_bench_strapi, boots Strapi once so it creates its schema,
then copies every car of gm_bench (same ids, fields and created_at) into Strapi's
``cars`` table with COPY. Strapi's own indexes are the primary key and
(document_id, locale, published_at); ``--indexes`` / ``indexes()`` adds the ones the
sidecar has for this list, so the comparison is not just "with vs. without an index".
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import string
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from common import BENCH_DB, ROOT, STRAPI_DB, dsn, stop, wait_http

PROJECT = Path(__file__).resolve().parent / "strapi-cars"
STRAPI_CONFIG = ROOT / "strapi-config"
DEFAULT_PORT = 1338
# The sidecar's list indexes, in Strapi's table (make is compared as LOWER(make) by $eqi).
INDEXES = {
    "bench_cars_status_make_price": "(status, lower(make), price) INCLUDE (make, id)",
    "bench_cars_status_created_at": "(status, created_at)",
}


def _lock_hash() -> str:
    return hashlib.sha256((STRAPI_CONFIG / "package-lock.json").read_bytes()).hexdigest()


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "gurumisha" / "strapi-node_modules" / _lock_hash()


def _stamp() -> str:
    """What scripts/strapi-deps writes to node_modules/.gurumisha-deps for this lockfile."""
    node = subprocess.run(
        ["node", "-p", "process.platform + '-' + process.arch + ' ' + process.versions.node"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return f"lock={_lock_hash()} platform={node[0]} node={node[1].split('.')[0]}"


def node_modules() -> None:
    """bench/strapi-cars/node_modules: strapi-config's, for the same lockfile."""
    ours = json.loads((PROJECT / "package.json").read_text())["dependencies"]
    theirs = json.loads((STRAPI_CONFIG / "package.json").read_text())["dependencies"]
    if ours != theirs:
        raise SystemExit(
            "bench/strapi-cars/package.json must pin strapi-config's dependencies exactly:\n"
            f"  bench: {ours}\n  strapi-config: {theirs}"
        )
    source = _cache_dir() / "node_modules"
    target = PROJECT / "node_modules"
    stamp = _stamp()
    marker = target / ".gurumisha-deps"
    if marker.exists() and marker.read_text().strip() == stamp:
        return
    if not (source / ".gurumisha-deps").exists():
        print("no cached node_modules for strapi-config's lockfile: running scripts/strapi-deps")
        subprocess.run(["bash", str(ROOT / "scripts" / "strapi-deps")], check=True, timeout=1800)
    shutil.rmtree(target, ignore_errors=True)
    partial = PROJECT / "node_modules.partial"
    shutil.rmtree(partial, ignore_errors=True)
    began = time.monotonic()
    linked = subprocess.run(["cp", "-al", str(source), str(partial)], capture_output=True)
    if linked.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        subprocess.run(["cp", "-a", "--reflink=auto", str(source), str(partial)], check=True)
    partial.rename(target)
    how = "hard-linked" if linked.returncode == 0 else "copied"
    print(f"node_modules {how} from {source} in {time.monotonic() - began:.1f} s")


def strapi_env(port: int, workers: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": dsn(STRAPI_DB),
        "DATABASE_POOL_MAX": os.environ.get("BENCH_STRAPI_POOL_MAX", "10"),
        "NODE_ENV": "production",
        "STRAPI_TELEMETRY_DISABLED": "true",
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "STRAPI_WORKERS": str(workers),
    }


@contextmanager
def strapi_server(
    port: int = DEFAULT_PORT, workers: int = 1, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Strapi (cluster.js: ``workers`` processes on one port) for the block's duration."""
    (PROJECT / "public" / "uploads").mkdir(parents=True, exist_ok=True)
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        ["node", "cluster.js"],
        cwd=PROJECT,
        env=strapi_env(port, workers),
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/_health", 120, process)
        # Every worker must be up (the health check may answer from the first).
        if workers > 1:
            time.sleep(3)
            wait_http(f"http://127.0.0.1:{port}/_health", 120, process)
        yield process
    finally:
        stop(process)
        if log:
            out.close()  # type: ignore[union-attr]


def _document_id(rng: secrets.SystemRandom) -> str:
    # Strapi's document ids are 24-character cuid2 strings: lower-case letters and digits.
    alphabet = string.ascii_lowercase + string.digits
    return rng.choice(string.ascii_lowercase) + "".join(rng.choice(alphabet) for _ in range(23))


def load_cars() -> int:
    """Copies gm_bench's cars into Strapi's table (same ids, fields and timestamps)."""
    rng = secrets.SystemRandom()
    columns = (
        "id, owner_id, title, make, model, year, price, mileage_km, description, images,"
        " status, rejection_reason, catalogue_unknown, created_at, updated_at"
    )
    with psycopg.connect(dsn(BENCH_DB)) as source, psycopg.connect(dsn(STRAPI_DB)) as target:
        target.execute("TRUNCATE cars RESTART IDENTITY")
        # Strapi stores UTC in timestamp without time zone; images as a JSON array.
        select = (
            "SELECT id, owner_id, title, make, model, year, price, mileage_km, description,"
            " to_jsonb(images)::text, status, rejection_reason, catalogue_unknown,"
            " created_at AT TIME ZONE 'UTC', updated_at AT TIME ZONE 'UTC' FROM cars ORDER BY id"
        )
        count = 0
        with (
            source.cursor(name="cars") as rows,
            target.cursor() as cur,
            cur.copy(
                f"COPY cars ({columns}, document_id, published_at, locale) FROM STDIN"
            ) as copy,
        ):
            rows.itersize = 5000
            rows.execute(select)
            for row in rows:
                copy.write_row((*row, _document_id(rng), row[13], None))
                count += 1
        target.execute("SELECT setval('cars_id_seq', (SELECT max(id) FROM cars))")
        target.commit()
    with psycopg.connect(dsn(STRAPI_DB), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE cars")
    return count


def indexes(present: bool) -> None:
    """Adds (or drops) the sidecar's list indexes in Strapi's cars table."""
    with psycopg.connect(dsn(STRAPI_DB), autocommit=True) as conn:
        for name, definition in INDEXES.items():
            if present:
                conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cars {definition}")
            else:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute("ANALYZE cars")


def loaded() -> int:
    try:
        with psycopg.connect(dsn(STRAPI_DB)) as conn:
            return int(conn.execute("SELECT count(*) FROM cars").fetchone()[0])  # type: ignore[index]
    except psycopg.Error:
        return 0


def setup(port: int = DEFAULT_PORT) -> None:
    began = time.monotonic()
    node_modules()
    with psycopg.connect(dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{STRAPI_DB}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{STRAPI_DB}"')
    booted = time.monotonic()
    with strapi_server(port, 1):  # creates the schema, grants Public find/findOne
        schema = time.monotonic() - booted
    copied = time.monotonic()
    count = load_cars()
    print(
        f"Strapi bench ready: {count:,} cars in {STRAPI_DB} in {time.monotonic() - began:.1f} s"
        f" (first boot {schema:.1f} s, COPY {time.monotonic() - copied:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["setup", "serve", "indexes", "no-indexes"])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.command == "setup":
        setup(args.port)
    elif args.command in ("indexes", "no-indexes"):
        indexes(args.command == "indexes")
    else:
        with strapi_server(args.port, args.workers) as process:
            print(f"Strapi on http://127.0.0.1:{args.port}/api/cars (Ctrl-C stops)")
            with contextlib.suppress(KeyboardInterrupt):
                process.wait()


if __name__ == "__main__":
    main()
