"""Test fixtures: a fresh PostgreSQL database per run, real Redis, no mocks of our own.

Each run (and each xdist worker) creates its own database, named after the process
and a random suffix, migrates it with Alembic and drops it at the end, so concurrent
runs never meet. Every test starts from empty tables: the rows are deleted after each
test (a DELETE of a few rows costs ~3 ms where a TRUNCATE of every table cost ~80),
which lets tests use real commits, several connections and other processes.
"""

from __future__ import annotations

import os
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import bcrypt
import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from sidecar.app import create_app
from sidecar.auth import repository as auth_repository
from sidecar.auth.principal import Principal
from sidecar.core import clock
from sidecar.core.clock import FrozenClock
from sidecar.core.database import Database
from sidecar.core.migrate import upgrade
from sidecar.core.security import TokenService
from sidecar.core.settings import Settings
from sidecar.imports.crsp import shipped as shipped_crsp
from sidecar.models import Base, RefreshToken, Role, User, Vendor

ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "correct-horse-battery"
# One real cost-12 hash for every fixture user: tests that are not about
# passwords should not pay ~270 ms per user.
_PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(12)).decode()


def _with_db(dsn: str, name: str) -> str:
    base, _, _ = dsn.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    name = f"gm_test_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = _with_db(ADMIN_DSN, name).replace("postgresql://", "postgresql+psycopg://", 1)
    upgrade(url)
    yield url
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url, pool_size=5, max_overflow=20)
    yield database
    database.dispose()


# The CRSP list every database gets from its migrations stays, live, between tests;
# releases a test loads are deleted.
_KEEP_SHIPPED_CRSP = {
    "crsp_rows": (
        "DELETE FROM crsp_rows WHERE release_id NOT IN"  # noqa: S608 (our constant)
        f" (SELECT id FROM crsp_releases WHERE label = '{shipped_crsp.LABEL}')"
    ),
    "crsp_releases": (
        f"DELETE FROM crsp_releases WHERE label <> '{shipped_crsp.LABEL}';"  # noqa: S608
        " UPDATE crsp_releases SET status = 'live', archived_at = NULL"
        f" WHERE label = '{shipped_crsp.LABEL}' AND status <> 'live'"
    ),
}
# Children before parents, so no foreign key is ever left dangling mid-statement.
_DELETE_ALL = "; ".join(
    _KEEP_SHIPPED_CRSP.get(table.name, f"DELETE FROM {table.name}")  # noqa: S608 (our own tables)
    for table in reversed(Base.metadata.sorted_tables)
)


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "db" not in request.fixturenames:
        return
    database: Database = request.getfixturevalue("db")
    with database.engine.begin() as connection:
        connection.exec_driver_sql(_DELETE_ALL)


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """The process clock, stopped mid-minute (rate-limit windows cannot roll over by
    chance); move it with ``advance``."""
    now = time.time()
    with clock.use(FrozenClock(now - now % 60 + 30)) as frozen:
        yield frozen


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "redis_url": REDIS_URL,
        "jwt_secret": "test-secret-" + "x" * 40,
        "cors_origins": ["https://app.gurumisha.test"],
        # Tests share one client address; the rate-limit tests set their own limits.
        "rate_limit_per_minute": 1_000_000,
        "auth_rate_limit_per_minute": 1_000_000,
        # Totals always counted; tests/test_pagination.py covers the cache.
        "list_total_cache_seconds": 0,
        # Each app its own Redis keys: no test (or concurrent run) counts against another.
        "redis_key_prefix": f"t{secrets.token_hex(4)}:",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
def published_jobs() -> list[tuple[str, tuple[Any, ...]]]:
    """Jobs the app published after commit, in order (the app's job runner in tests)."""
    return []


@pytest.fixture
def app(settings: Settings, db: Database, published_jobs: list[Any]) -> FastAPI:
    return create_app(
        settings, database=db, job_runner=lambda name, args: published_jobs.append((name, args))
    )


def random_ip() -> str:
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # https so the Secure refresh cookie is sent back, as a browser would.
    with TestClient(app, base_url="https://testserver", client=(random_ip(), 50000)) as test_client:
        yield test_client


@pytest.fixture
def tokens(settings: Settings) -> TokenService:
    return TokenService(settings)


UserFactory = Callable[..., User]


def principal_of(session: Session, user: User) -> Principal:
    """``user`` as the services see a caller: with their vendor profile, if any."""
    principal = auth_repository.principal_for(session, user.id)
    if principal is None:
        raise LookupError(f"user {user.id} is not in the database")
    return principal


@pytest.fixture
def create_user(db: Database) -> UserFactory:
    def factory(
        *,
        role: str = Role.CUSTOMER,
        email: str | None = None,
        approved: bool = True,
        company_name: str = "Test Motors Ltd",
        phone: str | None = None,
        phone_verified: bool = True,
        is_active: bool = True,
    ) -> User:
        with db.transaction() as session:
            user = User(
                email=email or f"{role}-{uuid.uuid4().hex[:10]}@example.co.ke",
                password_hash=_PASSWORD_HASH,
                role=role,
                full_name=f"Test {role.title()}",
                phone=phone,
                # A phone in a fixture is taken as verified unless the test says not.
                phone_verified_at=clock.utcnow() if phone and phone_verified else None,
                is_active=is_active,
            )
            session.add(user)
            session.flush()
            if role == Role.VENDOR:
                session.add(Vendor(user_id=user.id, company_name=company_name, approved=approved))
        return user

    return factory


def start_session(db: Database, user: User) -> uuid.UUID:
    """A live login for ``user`` (a refresh-token family), as signing in would make;
    the user's live one if there is one already (so tokens cost no new rows)."""
    with db.transaction() as session:
        existing = session.scalar(
            select(RefreshToken.family_id)
            .where(
                RefreshToken.user_id == user.id,
                RefreshToken.revoked_at.is_(None),
                RefreshToken.expires_at > clock.utcnow(),
            )
            .limit(1)
        )
        if existing is not None:
            return existing
        family = uuid.uuid4()
        session.add(
            RefreshToken(
                user_id=user.id,
                family_id=family,
                token_hash=secrets.token_hex(32),
                expires_at=clock.utcnow() + timedelta(days=1),
            )
        )
    return family


@pytest.fixture
def live_session(db: Database) -> Callable[[User], uuid.UUID]:
    return lambda user: start_session(db, user)


@pytest.fixture
def auth_headers(tokens: TokenService, db: Database) -> Callable[[User], dict[str, str]]:
    def headers(user: User) -> dict[str, str]:
        token = tokens.issue_access(
            user_id=user.id, role=user.role, session_id=start_session(db, user)
        )
        return {"Authorization": f"Bearer {token}"}

    return headers


# The kinds of caller every endpoint must tell apart, as the authorization matrix
# names them (tests/e2e/test_authorization_matrix.py); "anonymous" is no user at all.
ROLES = (
    "anonymous",
    "customer",
    "other_customer",
    "unapproved_vendor",
    "vendor",
    "other_vendor",
    "admin",
)


@dataclass(frozen=True)
class Cast:
    """One user per kind of caller; ``customer`` owns what a test is about."""

    customer: User
    other_customer: User
    unapproved_vendor: User
    vendor: User
    other_vendor: User
    admin: User
    auth: Callable[[User], dict[str, str]]

    def by_role(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)

    def headers(self, role: str) -> dict[str, str]:
        user = self.by_role(role)
        return {} if user is None else self.auth(user)


@pytest.fixture
def cast(create_user: UserFactory, auth_headers: Callable[[User], dict[str, str]]) -> Cast:
    return Cast(
        customer=create_user(role=Role.CUSTOMER),
        other_customer=create_user(role=Role.CUSTOMER),
        unapproved_vendor=create_user(
            role=Role.VENDOR, approved=False, company_name="Kisumu Motors"
        ),
        vendor=create_user(role=Role.VENDOR, company_name="Mombasa Auto Spares"),
        other_vendor=create_user(role=Role.VENDOR, company_name="Nairobi Imports Ltd"),
        admin=create_user(role=Role.ADMIN),
        auth=auth_headers,
    )


@contextmanager
def captured_statements(
    engine: Engine, *, containing: str | None = None
) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement the engine sends while the block runs, with its parameters
    (only those ``containing`` a text, case-insensitive, when given)."""
    statements: list[tuple[str, Any]] = []
    wanted = containing.lower() if containing is not None else None

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:
        if wanted is None or wanted in statement.lower():
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", capture)
