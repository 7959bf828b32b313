"""Health, metrics, request ids, error shapes, body limits and CORS."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from sidecar.app import create_app
from sidecar.core.database import Database
from tests.assertions import assert_problem
from tests.conftest import make_settings


class TestHealth:
    def test_healthz(self, client):
        assert client.get("/healthz").json() == {"status": "ok"}

    def test_readyz_checks_database_and_redis(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"database": "ok", "redis": "ok"}

    def test_readyz_503_when_database_and_redis_are_down(self, database_url):
        dead_db = Database("postgresql+psycopg://postgres@127.0.0.1:1/none")
        settings = make_settings(database_url, redis_url="redis://127.0.0.1:1/0")
        with TestClient(create_app(settings, database=dead_db)) as client:
            response = client.get("/readyz")
            # the process itself is alive
            assert client.get("/healthz").status_code == 200
        assert response.status_code == 503
        assert response.json()["checks"]["database"].startswith("down")
        assert response.json()["checks"]["redis"].startswith("down")

    def test_database_down_is_a_clean_503(self, database_url, create_user, tokens):
        dead_db = Database("postgresql+psycopg://postgres@127.0.0.1:1/none")
        settings = make_settings(database_url)
        token = tokens.issue_access(user_id=1, role="admin", session_id=uuid.uuid4())
        with TestClient(create_app(settings, database=dead_db)) as client:
            response = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        body = assert_problem(response, 503)
        assert "database" in body["detail"]


class TestMetrics:
    def test_latency_histogram_by_route_template(self, client, create_user, auth_headers):
        client.get("/v1/auth/me", headers=auth_headers(create_user()))
        client.get("/v1/vendors/123/nothing")

        text = client.get("/metrics").text

        assert "http_request_duration_seconds_bucket" in text
        assert 'route="/v1/auth/me",status="200"' in text
        assert 'route="unmatched",status="404"' in text


class TestRequestId:
    def test_generated_when_absent(self, client):
        assert len(client.get("/healthz").headers["x-request-id"]) == 32

    def test_echoed_when_sane(self, client):
        response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
        assert response.headers["x-request-id"] == "abc-123"

    def test_replaced_when_it_could_inject_into_logs(self, client):
        response = client.get("/healthz", headers={"X-Request-ID": "a b\tc" + "x" * 100})
        assert response.headers["x-request-id"] != "a b\tc" + "x" * 100


class TestErrors:
    def test_unknown_route_is_problem_404(self, client):
        body = assert_problem(client.get("/v1/no-such-thing"), 404)
        assert body["detail"] == "No resource at /v1/no-such-thing."

    def test_wrong_method_is_problem_405(self, client):
        assert_problem(client.delete("/v1/auth/me"), 405)

    def test_malformed_json_is_400(self, client):
        response = client.post(
            "/v1/auth/login", content=b'{"email": ', headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 400)

    def test_wrong_json_type_is_422(self, client):
        assert_problem(client.post("/v1/auth/login", json=["a", "list"]), 422)

    def test_deeply_nested_json_is_a_4xx(self, client):
        nested = "[" * 5000 + "]" * 5000
        response = client.post(
            "/v1/auth/login", content=nested, headers={"Content-Type": "application/json"}
        )
        assert 400 <= response.status_code < 500

    def test_validation_errors_list_fields(self, client):
        body = assert_problem(client.post("/v1/auth/register", json={"password": 1}), 422)
        fields = {error["field"] for error in body["errors"]}
        assert {"email", "password"} <= fields

    def test_unexpected_errors_are_a_problem_500_without_trace(self, settings, db):
        app = create_app(settings, database=db)

        @app.get("/boom")
        def boom() -> None:
            raise RuntimeError("secret internals")

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/boom")
        body = assert_problem(response, 500)
        assert "secret internals" not in response.text
        assert body["detail"] == "Something went wrong on our side."


class TestBodyLimit:
    def test_declared_length_over_limit_is_413(self, client):
        response = client.post(
            "/v1/auth/login",
            content=b"x" * (1_048_576 + 1),
            headers={"Content-Type": "application/json"},
        )
        assert_problem(response, 413)

    def test_streamed_body_over_limit_is_413(self, client):
        def chunks():
            for _ in range(20):
                yield b"x" * 65_536

        response = client.post(
            "/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 413)

    def test_bad_content_length_is_400(self, client):
        response = client.post("/v1/auth/login", content=b"{}", headers={"Content-Length": "abc"})
        assert response.status_code == 400


class TestCors:
    @pytest.mark.parametrize(
        ("origin", "allowed"),
        [("https://app.gurumisha.test", True), ("https://evil.example", False)],
    )
    def test_preflight_only_for_configured_origins(self, client, origin, allowed):
        response = client.options(
            "/v1/auth/login",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert (response.headers.get("access-control-allow-origin") == origin) is allowed


class TestOpenApi:
    def test_docs_and_schema_are_served(self, client):
        assert client.get("/docs").status_code == 200
        schema = client.get("/openapi.json").json()
        assert "/v1/auth/login" in schema["paths"]

    def test_errors_are_documented_as_problems(self, client):
        schema = client.get("/openapi.json").json()
        register = schema["paths"]["/v1/auth/register"]["post"]["responses"]
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        assert register["422"]["content"] == problem
        assert all(
            operation["responses"]["default"]["content"] == problem
            for item in schema["paths"].values()
            for operation in item.values()
        )
        assert "HTTPValidationError" not in schema["components"]["schemas"]
        assert schema["components"]["schemas"]["Problem"]["required"] == [
            "type",
            "title",
            "status",
            "detail",
        ]
