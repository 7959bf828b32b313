from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sidecar.content import repository
from sidecar.content.strapi_client import ARTICLE, BANNER, FAQ, VEHICLE_MAKE, ContentType
from sidecar.core.database import Database
from tests.assertions import assert_problem
from tests.content.factories import article, vehicle_make


def _mirror(db: Database, content_type: ContentType, *documents: dict[str, Any]) -> None:
    with db.transaction() as session:
        for document in documents:
            repository.upsert_document(session, content_type=content_type, document=document)


def _banner(document_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": 1,
        "documentId": document_id,
        "locale": "en",
        "updatedAt": "2026-11-20T10:00:00.000Z",
        "publishedAt": "2026-11-20T10:00:00.000Z",
        "title": document_id,
        "image": {"url": "/uploads/b.jpg"},
        "link": "/imports",
        "active": True,
        "starts_at": None,
        "ends_at": None,
        **fields,
    }


@pytest.fixture
def articles(db: Database) -> list[dict[str, Any]]:
    documents = [
        article(
            document_id=f"art{n:020d}",
            title=f"Import guide part {n}",
            updated_at=f"2026-11-{10 + n}T08:00:00.000Z",
        )
        for n in range(3)
    ]
    documents.append(article(document_id="art00000000000000000000", locale="sw", title="Mwongozo"))
    _mirror(db, ARTICLE, *documents)
    return documents


class TestListContent:
    def test_paginates_like_every_list(self, client: TestClient, articles: Any) -> None:
        first = client.get("/v1/content/articles", params={"limit": 2})
        assert first.status_code == 200
        body = first.json()
        assert body["pagination"] == {"page": 1, "limit": 2, "total": 3, "pages": 2}
        # Newest first.
        assert [item["data"]["title"] for item in body["data"]] == [
            "Import guide part 2",
            "Import guide part 1",
        ]
        second = client.get("/v1/content/articles", params={"limit": 2, "page": 2}).json()
        assert [item["document_id"] for item in second["data"]] == [articles[0]["documentId"]]

    def test_item_shape(self, client: TestClient, articles: Any) -> None:
        item = client.get("/v1/content/article", params={"slug": "import-guide-part-0"}).json()[
            "data"
        ][0]
        assert item["type"] == "articles"
        assert item["locale"] == "en"
        assert item["document_id"] == articles[0]["documentId"]
        assert item["updated_at"] == "2026-11-10T08:00:00Z"
        assert item["data"]["body"] == articles[0]["body"]
        assert "createdBy" not in item["data"]

    def test_locale_filter(self, client: TestClient, articles: Any) -> None:
        body = client.get("/v1/content/articles", params={"locale": "sw"}).json()
        assert [item["data"]["title"] for item in body["data"]] == ["Mwongozo"]

    def test_slug_without_match_is_an_empty_page(self, client: TestClient, articles: Any) -> None:
        body = client.get("/v1/content/articles", params={"slug": "nope"}).json()
        assert body == {"data": [], "pagination": {"page": 1, "limit": 20, "total": 0, "pages": 0}}

    def test_catalogue_is_the_same_in_every_locale(self, client: TestClient, db: Database) -> None:
        _mirror(
            db,
            VEHICLE_MAKE,
            vehicle_make(document_id="mk-t", name="Toyota"),
            vehicle_make(document_id="mk-m", name="mazda"),
        )
        for locale in ("en", "sw"):
            body = client.get("/v1/content/vehicle-makes", params={"locale": locale}).json()
            assert [item["data"]["name"] for item in body["data"]] == ["mazda", "Toyota"]

    def test_faqs_by_category_then_order(self, client: TestClient, db: Database) -> None:
        def faq(doc: str, category: str, order: int) -> dict[str, Any]:
            return {
                **_banner(doc),
                "question": doc,
                "answer": "...",
                "category": category,
                "order": order,
            }

        _mirror(db, FAQ, faq("b2", "buying", 2), faq("i0", "importing", 0), faq("b0", "buying", 0))
        body = client.get("/v1/content/faqs").json()
        assert [item["document_id"] for item in body["data"]] == ["b0", "b2", "i0"]

    def test_banners_only_while_showing(self, client: TestClient, db: Database) -> None:
        now = datetime.now(UTC)
        _mirror(
            db,
            BANNER,
            _banner("open-ended"),
            _banner("inactive", active=False),
            _banner("running", starts_at=(now - timedelta(days=1)).isoformat()),
            _banner("future", starts_at=(now + timedelta(days=1)).isoformat()),
            _banner("expired", ends_at=(now - timedelta(hours=1)).isoformat()),
        )
        body = client.get("/v1/content/banners").json()
        assert sorted(item["document_id"] for item in body["data"]) == ["open-ended", "running"]

    def test_unknown_type_404(self, client: TestClient) -> None:
        assert_problem(client.get("/v1/content/users"), 404)

    @pytest.mark.parametrize("params", [{"locale": "en'; drop"}, {"limit": 101}, {"slug": ""}])
    def test_bad_query_422(self, client: TestClient, params: dict[str, Any]) -> None:
        assert_problem(client.get("/v1/content/articles", params=params), 422)


class TestGetContent:
    def test_found(self, client: TestClient, articles: Any) -> None:
        document_id = articles[0]["documentId"]
        response = client.get(f"/v1/content/articles/{document_id}")
        assert response.status_code == 200
        assert response.json()["data"]["title"] == "Import guide part 0"
        swahili = client.get(f"/v1/content/articles/{document_id}", params={"locale": "sw"})
        assert swahili.json()["data"]["title"] == "Mwongozo"

    def test_missing_document_404(self, client: TestClient, articles: Any) -> None:
        assert_problem(client.get("/v1/content/articles/doesnotexist"), 404)
        assert_problem(client.get("/v1/content/pages/" + articles[0]["documentId"]), 404)

    def test_unknown_type_404(self, client: TestClient) -> None:
        assert_problem(client.get("/v1/content/secrets/abc"), 404)
