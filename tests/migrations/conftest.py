from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest

from tests.conftest import ADMIN_DSN, _with_db


@pytest.fixture
def fresh_url() -> Iterator[str]:
    """An empty database of its own, for migrating step by step."""
    name = f"gm_migrate_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield _with_db(ADMIN_DSN, name).replace("postgresql://", "postgresql+psycopg://", 1)
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
