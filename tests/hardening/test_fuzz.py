"""Schemathesis against our own OpenAPI schema: generated requests to every operation.

Runs as an anonymous caller and as an admin (who reaches the most code), with a
bounded number of examples per operation, so it stays in CI. What it proves: no
request the schema describes, valid or not, makes the API answer 5xx.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from sidecar.app import create_app
from sidecar.models import Role

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def api_schema(settings, db):
    app = create_app(settings, database=db, job_runner=lambda name, args: None)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def fuzz(schema, headers):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40  # every route of the API is in the schema
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        run()


@pytest.mark.parametrize("role", ["anonymous", Role.ADMIN, Role.CUSTOMER, Role.VENDOR])
def test_no_request_makes_a_server_error(api_schema, role, create_user, auth_headers):
    headers = {} if role == "anonymous" else auth_headers(create_user(role=role))
    fuzz(api_schema, headers)
