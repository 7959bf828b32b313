from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sidecar.app import create_app
from sidecar.content.service import MAX_DELIVERY_BYTES
from sidecar.core.database import Database
from sidecar.core.jobs import Job
from sidecar.core.settings import Settings
from sidecar.models import WebhookEvent
from tests.assertions import assert_problem
from tests.conftest import make_settings
from tests.content.factories import article, delivery

URL = "/v1/webhooks/strapi"
ARTICLE_UID = "api::article.article"
WEBHOOK_SECRET = "strapi-webhook-secret-for-tests"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, strapi_webhook_secret=WEBHOOK_SECRET)


def _headers(secret: str | None = WEBHOOK_SECRET, event: str = "entry.publish") -> dict[str, str]:
    headers = {"Content-Type": "application/json", "X-Strapi-Event": event}
    if secret is not None:
        headers["X-Gurumisha-Webhook-Secret"] = secret
    return headers


def _rows(db: Database) -> list[WebhookEvent]:
    with db.transaction() as session:
        return list(session.scalars(select(WebhookEvent).order_by(WebhookEvent.id)))


def _publish_body(**overrides: Any) -> dict[str, Any]:
    return delivery("entry.publish", ARTICLE_UID, article(**overrides))


class TestSecret:
    def test_missing_secret_401(self, client: TestClient, db: Database) -> None:
        response = client.post(URL, json=_publish_body(), headers=_headers(secret=None))
        assert_problem(response, 401)
        assert _rows(db) == []

    def test_wrong_secret_401(self, client: TestClient, db: Database) -> None:
        response = client.post(URL, json=_publish_body(), headers=_headers("not-the-secret"))
        assert_problem(response, 401)
        assert _rows(db) == []

    def test_wrong_secret_checked_before_body(self, client: TestClient) -> None:
        # An unauthenticated caller learns nothing about size or format rules.
        response = client.post(URL, content=b"x" * 10, headers=_headers("nope"))
        assert_problem(response, 401)

    def test_unset_secret_refuses_everything(
        self, database_url: str, db: Database, published_jobs: list[Any]
    ) -> None:
        app = create_app(make_settings(database_url), database=db)
        with TestClient(app, base_url="https://testserver") as unset:
            for secret in (None, "", WEBHOOK_SECRET):
                response = unset.post(URL, json=_publish_body(), headers=_headers(secret))
                assert_problem(response, 401)
        assert _rows(db) == []


class TestBodyLimits:
    def test_oversized_body_413(self, client: TestClient, db: Database) -> None:
        body = _publish_body()
        body["entry"]["body"] = "a" * MAX_DELIVERY_BYTES
        response = client.post(URL, content=orjson.dumps(body), headers=_headers())
        assert_problem(response, 413)
        assert _rows(db) == []

    def test_oversized_chunked_body_413(self, client: TestClient, db: Database) -> None:
        # No Content-Length: the limit is enforced while reading the stream.
        def chunks() -> Iterator[bytes]:
            for _ in range(40):
                yield b" " * 8192

        response = client.post(URL, content=chunks(), headers=_headers())
        assert_problem(response, 413)
        assert _rows(db) == []

    def test_body_under_the_cap_is_accepted(self, client: TestClient) -> None:
        body = _publish_body()
        body["entry"]["body"] = "a" * (MAX_DELIVERY_BYTES - 4096)
        response = client.post(URL, content=orjson.dumps(body), headers=_headers())
        assert response.status_code == 202, response.text


class TestMalformed:
    def test_not_json_400(self, client: TestClient, db: Database) -> None:
        response = client.post(URL, content=b"{not json", headers=_headers())
        assert_problem(response, 400)
        assert _rows(db) == []

    def test_bad_shape_422(self, client: TestClient, db: Database) -> None:
        # Every rule of the shape is covered in test_strapi.py; here, that it is a 422.
        bodies: list[Any] = [[], {"event": "entry.publish", "uid": ARTICLE_UID, "entry": {}}]
        for body in bodies:
            response = client.post(URL, content=orjson.dumps(body), headers=_headers())
            assert_problem(response, 422)
        assert _rows(db) == []

    def test_field_errors_are_listed(self, client: TestClient) -> None:
        body = {"event": "entry.publish", "uid": ARTICLE_UID, "entry": {"id": 3}}
        response = client.post(URL, json=body, headers=_headers())
        problem = assert_problem(response, 422)
        assert {"field": "entry.documentId", "message": "Field required"} in problem["errors"]

    def test_nul_character_422(self, client: TestClient, db: Database) -> None:
        body = _publish_body(title="Toyota\u0000Corolla")
        response = client.post(URL, content=orjson.dumps(body), headers=_headers())
        assert_problem(response, 422)
        assert _rows(db) == []


class TestDelivery:
    def test_new_delivery_recorded_and_queued(
        self, client: TestClient, db: Database, published_jobs: list[Any]
    ) -> None:
        body = _publish_body()
        response = client.post(URL, json=body, headers=_headers())
        assert response.status_code == 202
        assert response.json() == {"accepted": True, "duplicate": False}
        [row] = _rows(db)
        assert (row.source, row.event, row.payload) == ("strapi", "entry.publish", body)
        assert row.processed_at is None
        assert row.outcome is None
        assert published_jobs == [(Job.PROCESS_STRAPI_EVENT, (row.id,))]

    def test_duplicate_delivery_one_row_one_job(
        self, client: TestClient, db: Database, published_jobs: list[Any]
    ) -> None:
        body = _publish_body()
        first = client.post(URL, json=body, headers=_headers())
        second = client.post(URL, json=body, headers=_headers())
        assert first.json() == {"accepted": True, "duplicate": False}
        assert second.status_code == 202
        assert second.json() == {"accepted": True, "duplicate": True}
        assert len(_rows(db)) == 1
        assert len(published_jobs) == 1

    def test_create_then_publish_are_two_deliveries(
        self, client: TestClient, db: Database, published_jobs: list[Any]
    ) -> None:
        draft = article()
        published = {**draft, "id": draft["id"] + 1}
        draft["publishedAt"] = None
        for event, entry in (("entry.create", draft), ("entry.publish", published)):
            response = client.post(
                URL, json=delivery(event, ARTICLE_UID, entry), headers=_headers(event=event)
            )
            assert response.json()["duplicate"] is False
        assert [row.event for row in _rows(db)] == ["entry.create", "entry.publish"]
        assert len(published_jobs) == 2

    def test_a_newer_update_is_not_a_duplicate(
        self, client: TestClient, db: Database, published_jobs: list[Any]
    ) -> None:
        client.post(URL, json=_publish_body(), headers=_headers())
        newer = _publish_body(updated_at="2026-11-25T07:00:00.000Z")
        response = client.post(URL, json=newer, headers=_headers())
        assert response.json()["duplicate"] is False
        assert len(_rows(db)) == 2

    def test_media_event_recorded_as_ignored_without_job(
        self, client: TestClient, db: Database, published_jobs: list[Any]
    ) -> None:
        body = {
            "event": "media.create",
            "createdAt": "2026-11-25T06:26:21.000Z",
            "media": {"id": 4, "documentId": "m1", "name": "cover.jpg", "url": "/u/c.jpg"},
        }
        response = client.post(URL, json=body, headers=_headers(event="media.create"))
        assert response.json() == {"accepted": True, "duplicate": False}
        [row] = _rows(db)
        assert row.outcome == "ignored"
        assert row.processed_at is not None
        assert published_jobs == []
        again = client.post(URL, json=body, headers=_headers(event="media.create"))
        assert again.json()["duplicate"] is True

    def test_unknown_content_type_recorded_as_ignored(
        self, client: TestClient, db: Database, published_jobs: list[Any]
    ) -> None:
        body = delivery("entry.update", "plugin::users-permissions.user", {"documentId": "u1"})
        response = client.post(URL, json=body, headers=_headers(event="entry.update"))
        assert response.status_code == 202
        [row] = _rows(db)
        assert row.outcome == "ignored"
        assert published_jobs == []

    def test_admin_trigger_test_is_accepted(self, client: TestClient, db: Database) -> None:
        response = client.post(URL, json={"event": "trigger-test"}, headers=_headers())
        assert response.status_code == 202
        assert [row.outcome for row in _rows(db)] == ["ignored"]

    def test_count_is_one_per_distinct_delivery(self, client: TestClient, db: Database) -> None:
        english, swahili = _publish_body(locale="en"), _publish_body(locale="sw")
        for body in (english, swahili, english):
            client.post(URL, json=body, headers=_headers())
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 2
