"""Schemathesis against the app's own OpenAPI schema: every operation, as every role.

One test per (role, operation): anonymous, the customer, the approved vendor and the
admin of the hardening world (tokens from TokenService, as the app issues them).
Each draws a bounded number of cases from three generators: valid requests
(positive), requests that break the schema (negative) and valid requests aimed at
the world's real objects (the path ids pinned), so the 200 paths of object routes
are reached too, not only their 404s.

Every response must pass schemathesis' ``not_a_server_error``,
``response_schema_conformance``, ``content_type_conformance`` and
``status_code_conformance`` checks, and every
error must be RFC 9457 problem+json (our documented convention, checked here). All
distinct failures of an operation are collected and reported together, each with a
curl command that reproduces it. Every operation documents its errors as a
``default`` problem response (sidecar/http/openapi.py), so ``status_code_conformance``
holds too; the problem check below makes sure errors really are problem documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sidecar.app import create_app
from tests.conftest import make_settings
from tests.hardening.world import ARTICLE_ID, World, build_world

EXAMPLES_PER_OPERATION = 15
ROLES = ("anonymous", "customer", "vendor", "admin")
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]
PROBLEM_KEYS = {"type", "title", "status", "detail"}


def _discard(name: str, args: tuple[Any, ...]) -> None:
    return None


def _operations() -> list[tuple[str, str]]:
    # The schema does not depend on settings; this app never connects to anything.
    settings_ = make_settings("postgresql+psycopg://unused@127.0.0.1:1/unused")
    spec = create_app(settings_, job_runner=_discard).openapi()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


OPERATIONS = _operations()


@dataclass(frozen=True)
class Target:
    app: FastAPI
    schema: Any
    media_dir: Path


@pytest.fixture(scope="module")
def target(
    database_url: str, db: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    data_dir = tmp_path_factory.mktemp("fuzz-data")
    # Simulated payments: without a provider, starting one is a (deliberate) 503.
    app_settings = make_settings(database_url, gurumisha_data_dir=data_dir, payments_simulated=True)
    app = create_app(app_settings, database=db, job_runner=_discard)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    yield Target(app=app, schema=schema, media_dir=app_settings.media_dir)
    asgi.shutdown_lifespans()  # stops our app's lifespan (schemathesis keeps it running)


@pytest.fixture
def world(target: Target, db: Any, create_user: Any) -> World:
    return build_world(db, create_user, target.media_dir)


def _pinned(world: World) -> list[dict[str, Any]]:
    """Path parameters naming the world's real objects."""
    common = {
        "import_id": world.import_id,
        "part_id": world.part_id,
        "inquiry_id": world.inquiry_id,
        "order_id": world.order_id,
        "vendor_id": world.unapproved_vendor_id,
        "key": world.media_key,
        "content_type": "articles",
        "document_id": ARTICLE_ID,
        "label": world.crsp_draft,
    }
    return [common | {"car_id": world.car_pending}, common | {"car_id": world.car_active}]


def _can_negate(operation: Any) -> bool:
    integer_path = any(
        parameter.definition.get("schema", {}).get("type") == "integer"
        for parameter in operation.path_parameters
    )
    return bool(len(operation.body) or len(operation.query) or integer_path)


def _strategy(operation: Any, world: World) -> st.SearchStrategy[Any]:
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    if _can_negate(operation):
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    names = {parameter.name for parameter in operation.path_parameters}
    if names:
        strategies += [
            operation.as_strategy(
                path_parameters={name: value for name, value in pins.items() if name in names}
            )
            for pins in _pinned(world)
        ]
    return st.one_of(strategies)


@dataclass
class Findings:
    """Distinct failures of one operation, each with one reproduction."""

    failures: dict[tuple[str, int], str] = field(default_factory=dict)

    def add(self, title: str, status: int, detail: str, case: Any, headers: dict[str, str]) -> None:
        if (title, status) not in self.failures:
            curl = case.as_curl_command(headers=headers)
            self.failures[(title, status)] = f"{title} [{status}]: {detail[:400]}\n    {curl}"

    def report(self) -> str:
        return "\n".join(self.failures.values())


def _problem_failure(response: Any) -> str | None:
    """Our convention: every 4xx/5xx is problem+json with type, title, status, detail."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    if not content_type.startswith("application/problem+json"):
        return f"error answered as {content_type!r}, not application/problem+json"
    body = response.json()
    if not isinstance(body, dict) or not body.keys() >= PROBLEM_KEYS:
        return f"problem document without {sorted(PROBLEM_KEYS)}: {response.text[:200]}"
    if body["status"] != response.status_code:
        return f"problem status {body['status']} on a {response.status_code} response"
    return None


def exercise(case: Any, session: Any, headers: dict[str, str], found: Findings) -> None:
    """Sends one case and records what it broke."""
    try:
        response = case.call(session=session, headers=headers)
    except Exception as exc:  # an exception escaping the app is a server error too
        found.add("Unhandled exception", 500, repr(exc), case, headers)
        return
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        for failure in group.exceptions:
            message = getattr(failure, "message", str(failure)).replace("\n", " ")
            found.add(failure.title, response.status_code, message, case, headers)
    problem = _problem_failure(response)
    if problem:
        found.add("Not problem+json", response.status_code, problem, case, headers)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
@pytest.mark.parametrize("role", ROLES)
def test_generated_requests_get_documented_answers(
    target: Target, world: World, auth_headers: Any, role: str, method: str, path: str
) -> None:
    operation = target.schema[path][method]
    user = world.user(role)
    headers = auth_headers(user) if user is not None else {}
    found = Findings()

    with asgi.get_client(target.app) as session:

        @given(case=_strategy(operation, world))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            exercise(case, session, headers, found)

        run()

    if found.failures:
        pytest.fail(f"{method} {path} as {role}:\n{found.report()}", pytrace=False)


def test_every_route_is_in_the_schema() -> None:
    # A route left out of the OpenAPI document would escape the fuzzing.
    assert len(OPERATIONS) >= 43
    assert ("GET", "/v1/cars/{car_id}") in OPERATIONS
    assert ("GET", "/media/{key}") in OPERATIONS
