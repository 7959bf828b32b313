"""Loads a benchmark database: 100,000 cars, 20,000 parts, 50,000 users, with COPY.

    .venv/bin/python bench/generate.py [--database gm_bench] [--cars 100000]

Creates the database (dropping an old one of that name), migrates it with Alembic,
and streams rows in with COPY. Every user shares one real bcrypt cost-12 hash of
BENCH_PASSWORD, so the login benchmark can sign in as any of them.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta

import bcrypt
import psycopg

from sidecar.migrate import upgrade

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_PASSWORD = "bench-password-1"

# Share of the Kenyan used-car market, roughly: Toyota dominates.
MAKES = {
    "Toyota": (0.45, ["Fielder", "Premio", "Harrier", "Land Cruiser Prado", "Vitz", "Axio"]),
    "Nissan": (0.15, ["Note", "X-Trail", "March", "Sylphy"]),
    "Mazda": (0.10, ["Demio", "CX-5", "Axela", "Atenza"]),
    "Subaru": (0.08, ["Forester", "Outback", "Impreza", "Legacy"]),
    "Honda": (0.07, ["Fit", "Vezel", "CR-V"]),
    "Mercedes-Benz": (0.05, ["C200", "E250", "GLE"]),
    "Volkswagen": (0.04, ["Golf", "Polo", "Tiguan"]),
    "Mitsubishi": (0.03, ["Outlander", "Pajero", "RVR"]),
    "BMW": (0.03, ["320i", "X3", "X5"]),
}
PART_NAMES = [
    "Brake pads, front", "Brake pads, rear", "Oil filter", "Air filter", "Spark plugs (set)",
    "Shock absorber, front", "Timing belt kit", "Headlamp assembly", "Radiator", "CV joint",
    "Wiper blades", "Alternator", "Fuel pump", "Clutch kit", "Side mirror",
]


def weighted_make(rng: random.Random) -> tuple[str, str]:
    make = rng.choices(list(MAKES), weights=[w for w, _ in MAKES.values()])[0]
    return make, rng.choice(MAKES[make][1])


def copy_rows(conn: psycopg.Connection, sql: str, rows: object) -> None:
    with conn.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:  # type: ignore[attr-defined]
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="gm_bench")
    parser.add_argument("--cars", type=int, default=100_000)
    parser.add_argument("--parts", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--vendors", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(2026)
    started = time.monotonic()

    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.database}"')
    dsn = ADMIN_DSN.rsplit("/", 1)[0] + "/" + args.database
    upgrade(dsn.replace("postgresql://", "postgresql+psycopg://"))
    password_hash = bcrypt.hashpw(BENCH_PASSWORD.encode(), bcrypt.gensalt(12)).decode()
    now = datetime.now(UTC)

    with psycopg.connect(dsn) as conn:
        vendors = args.vendors
        copy_rows(
            conn,
            "COPY users (id, email, password_hash, role, full_name, phone, whatsapp_opt_in)"
            " FROM STDIN",
            (
                (
                    i,
                    f"user{i}@bench.gurumisha.co.ke",
                    password_hash,
                    "admin" if i == 1 else "vendor" if i <= vendors + 1 else "customer",
                    f"Bench User {i}",
                    f"+2547{rng.randrange(10**8):08d}",
                    rng.random() < 0.6,
                )
                for i in range(1, args.users + 1)
            ),
        )
        copy_rows(
            conn,
            "COPY vendors (id, user_id, company_name, approved) FROM STDIN",
            ((v, v + 1, f"Bench Spares {v}", True) for v in range(1, vendors + 1)),
        )

        def car(i: int) -> tuple[object, ...]:
            make, model = weighted_make(rng)
            year = rng.choices(range(2012, 2026), weights=[1, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1])[0]
            price = round(rng.lognormvariate(14.4, 0.45), -3)  # median about KES 1.8m
            status = rng.choices(["active", "pending", "sold"], weights=[85, 10, 5])[0]
            created = now - timedelta(minutes=rng.randrange(60 * 24 * 365))
            return (
                i,
                rng.randrange(vendors + 2, args.users + 1),
                f"{make} {model} {year}",
                make,
                model,
                year,
                max(price, 250_000),
                rng.randrange(5_000, 220_000),
                status,
                created,
                created,
            )

        copy_rows(
            conn,
            "COPY cars (id, owner_id, title, make, model, year, price, mileage_km, status,"
            " created_at, updated_at) FROM STDIN",
            (car(i) for i in range(1, args.cars + 1)),
        )

        def part(i: int) -> tuple[object, ...]:
            fits = []
            for _ in range(rng.randint(1, 3)):
                make, model = weighted_make(rng)
                start = rng.randrange(2008, 2020)
                fits.append(
                    {
                        "make": make,
                        "model": model,
                        "years": list(range(start, start + rng.randint(2, 8))),
                        "make_key": make.casefold(),
                        "model_key": model.casefold(),
                    }
                )
            return (
                i,
                rng.randrange(1, vendors + 1),
                rng.choice(PART_NAMES),
                f"SKU-{i:06d}",
                json.dumps(fits),
                rng.randrange(500, 60_000),
                rng.randrange(0, 40),
            )

        copy_rows(
            conn,
            "COPY parts (id, vendor_id, name, sku, compatibility_json, price, stock) FROM STDIN",
            (part(i) for i in range(1, args.parts + 1)),
        )
        for table in ("users", "vendors", "cars", "parts"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        conn.commit()
    # VACUUM sets the visibility map, as autovacuum would on a live system, so the
    # list's COUNT can be an index-only scan.
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(
        f"loaded {args.users} users, {args.vendors} vendors, {args.cars} cars, {args.parts} parts"
        f" into {args.database} in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
