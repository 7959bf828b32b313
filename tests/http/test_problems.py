"""How the database's refusals reach the client."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from sidecar.app import create_app
from sidecar.core.database import SessionDep
from tests.assertions import assert_problem


@pytest.fixture
def client_with_routes(settings, db):
    app = create_app(settings, database=db, job_runner=lambda *args: None)

    def broken_foreign_key(session: SessionDep) -> dict[str, str]:
        session.execute(
            text(
                "INSERT INTO cars (owner_id, title, make, model, year, price) "
                "VALUES (987654321, 'Ghost', 'Toyota', 'Vitz', 2019, 1)"
            )
        )
        return {}

    def duplicate_email(session: SessionDep) -> dict[str, str]:
        for _ in range(2):
            session.execute(
                text(
                    "INSERT INTO users (email, password_hash, role) "
                    "VALUES ('Twice@Example.co.ke', 'x', 'customer')"
                )
            )
        return {}

    app.add_api_route("/test/fk", broken_foreign_key, methods=["POST"])
    app.add_api_route("/test/duplicate", duplicate_email, methods=["POST"])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_foreign_key_violation_is_our_bug_not_a_conflict(client_with_routes):
    response = client_with_routes.post("/test/fk")
    assert_problem(response, 500)


def test_a_declared_unique_constraint_is_a_conflict(client_with_routes):
    response = client_with_routes.post("/test/duplicate")
    assert_problem(response, 409)
    assert response.json()["detail"] == "An account with this email already exists."
