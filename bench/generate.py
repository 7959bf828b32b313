"""Loads the benchmark database: 100,000 cars, 20,000 parts, 50,000 users, with COPY.

    .venv/bin/python bench/generate.py [--database gm_bench] [--cars 100000] ...

Drops and recreates the database, migrates it with Alembic (``sidecar.core.migrate.upgrade``,
what ``gurumisha migrate`` runs), and streams rows in with COPY (no row-by-row
inserts). Generated columns (cars.search, parts.search) are left to PostgreSQL.

Every user shares ONE bcrypt cost-12 hash, computed once here, of BENCH_PASSWORD
("bench-password-1"), so the login benchmark can sign in as anyone. Known accounts:
user1@bench.gurumisha.co.ke is an admin; user2..user501@ are approved vendors
(a vendors row each, approved); every other userN@ (N up to 50,000) is a customer.

Distributions: makes weighted like Kenya's used-car market (Toyota about 45%), each
with its common models; years 2012-2025 peaking around 2017-2018; prices log-normal
around KES 1.8 million; mileage; 85% of cars active, 10% pending, 5% sold; created
over the past year (distinct timestamps); 3-8 image keys per car; parts with 1-3
compatibility entries in the stored shape of sidecar.parts.compatibility.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bcrypt
import psycopg
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DB, BENCH_PASSWORD, dsn

from sidecar.core.migrate import upgrade
from sidecar.parts.compatibility import Fitment, to_stored

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
YEARS = range(2012, 2026)
YEAR_WEIGHTS = [1, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1]
PART_NAMES = [
    "Brake pads, front",
    "Brake pads, rear",
    "Oil filter",
    "Air filter",
    "Spark plugs (set)",
    "Shock absorber, front",
    "Timing belt kit",
    "Headlamp assembly",
    "Radiator",
    "CV joint",
    "Wiper blades",
    "Alternator",
    "Fuel pump",
    "Clutch kit",
    "Side mirror",
]
TOWNS = ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika", "Machakos"]
NOTES = [
    "Accident free, full service history.",
    "Freshly imported, KRA duty paid.",
    "Locally used, one owner.",
    "New tyres, leather seats.",
    "Reverse camera, push start.",
    "Fuel efficient, well maintained.",
    "Finance available, trade-in welcome.",
]


def weighted_make(rng: random.Random) -> tuple[str, str]:
    make = rng.choices(list(MAKES), weights=[w for w, _ in MAKES.values()])[0]
    return make, rng.choice(MAKES[make][1])


def copy_rows(conn: psycopg.Connection, sql: str, rows: object) -> None:
    with conn.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:  # type: ignore[attr-defined]
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--cars", type=int, default=100_000)
    parser.add_argument("--parts", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--vendors", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(2026)
    started = time.monotonic()

    with psycopg.connect(dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.database}"')
    url = dsn(args.database)
    upgrade(url.replace("postgresql://", "postgresql+psycopg://"))
    migrated = time.monotonic()
    # The one bcrypt hash every user shares (cost 12: about 0.27 s, paid once).
    password_hash = bcrypt.hashpw(BENCH_PASSWORD.encode(), bcrypt.gensalt(12)).decode()
    now = datetime.now(UTC)
    vendors = args.vendors
    first_customer = vendors + 2

    with psycopg.connect(url) as conn:
        copy_rows(
            conn,
            "COPY users (id, email, password_hash, role, full_name, phone, whatsapp_opt_in,"
            " created_at, updated_at) FROM STDIN",
            (
                (
                    i,
                    f"user{i}@bench.gurumisha.co.ke",
                    password_hash,
                    "admin" if i == 1 else "vendor" if i < first_customer else "customer",
                    f"Bench User {i}",
                    f"+2547{rng.randrange(10**8):08d}",
                    rng.random() < 0.6,
                    now - timedelta(days=rng.randrange(1, 900)),
                    now,
                )
                for i in range(1, args.users + 1)
            ),
        )
        copy_rows(
            conn,
            "COPY vendors (id, user_id, company_name, approved, approved_at) FROM STDIN",
            ((v, v + 1, f"Bench Spares {v} Ltd", True, now) for v in range(1, vendors + 1)),
        )

        def car(i: int) -> tuple[object, ...]:
            make, model = weighted_make(rng)
            year = rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]
            price = max(round(rng.lognormvariate(14.4, 0.45), -3), 250_000)  # median ~KES 1.8m
            status = rng.choices(["active", "pending", "sold"], weights=[85, 10, 5])[0]
            # Distinct instants (microseconds), so "newest first" has one order everywhere.
            created = now - timedelta(seconds=rng.random() * 365 * 86400)
            owner = rng.randrange(first_customer, args.users + 1)
            images = [
                f"cars/{owner}/{uuid.UUID(int=rng.getrandbits(128)).hex}.jpg"
                for _ in range(rng.randint(3, 8))
            ]
            description = (
                f"{year} {make} {model}, {rng.choice(['automatic', 'manual'])}, "
                f"{rng.choice([1300, 1500, 1800, 2000, 2500])} cc. {rng.choice(NOTES)} "
                f"Viewing in {rng.choice(TOWNS)}."
            )
            return (
                i,
                owner,
                f"{make} {model} {year}",
                make,
                model,
                year,
                price,
                rng.randrange(5_000, 220_000),
                description,
                images,
                status,
                created,
                created,
            )

        copy_rows(
            conn,
            "COPY cars (id, owner_id, title, make, model, year, price, mileage_km, description,"
            " images, status, created_at, updated_at) FROM STDIN",
            (car(i) for i in range(1, args.cars + 1)),
        )

        def part(i: int) -> tuple[object, ...]:
            fits = []
            for _ in range(rng.randint(1, 3)):
                make, model = weighted_make(rng)
                start = rng.randrange(2008, 2020)
                if rng.random() < 0.1:  # fits every model of the make, every year
                    fits.append(Fitment(make=make))
                else:
                    years = tuple(range(start, start + rng.randint(2, 8)))
                    fits.append(Fitment(make=make, model=model, years=years))
            return (
                i,
                rng.randrange(1, vendors + 1),
                rng.choice(PART_NAMES),
                f"SKU-{i:06d}",
                Jsonb(to_stored(fits)),
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
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
        conn.commit()
    loaded = time.monotonic()
    # VACUUM sets the visibility map, as autovacuum would on a live system, so the
    # list's COUNT can be an index-only scan; ANALYZE gives the planner statistics.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(
        f"loaded {args.users:,} users ({vendors} approved vendors), {args.cars:,} cars,"
        f" {args.parts:,} parts into {args.database} in {time.monotonic() - started:.1f} s"
        f" (migrate {migrated - started:.1f} s, COPY {loaded - migrated:.1f} s,"
        f" VACUUM ANALYZE {time.monotonic() - loaded:.1f} s)"
    )
    print(f"every user's password: {BENCH_PASSWORD}; admin: user1@bench.gurumisha.co.ke")


if __name__ == "__main__":
    main()
