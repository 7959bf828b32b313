from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import respx

from sidecar.content.strapi_client import (
    ARTICLE,
    CONTENT_TYPES,
    VEHICLE_MAKE,
    StrapiClient,
    StrapiRejected,
    StrapiUnavailable,
)
from sidecar.core.settings import Settings
from tests.content.factories import STRAPI_TOKEN, STRAPI_URL

SCHEMAS = Path(__file__).resolve().parents[2] / "strapi-config" / "src" / "api"


def test_content_types_match_the_strapi_schemas() -> None:
    found = {}
    for schema_file in SCHEMAS.glob("*/content-types/*/schema.json"):
        schema = json.loads(schema_file.read_text())
        name = schema_file.parent.name
        uid = f"api::{schema_file.parents[2].name}.{name}"
        localized = schema.get("pluginOptions", {}).get("i18n", {}).get("localized", False)
        found[uid] = (schema["info"]["singularName"], schema["info"]["pluralName"], localized)
    assert found == {ct.uid: (ct.singular, ct.plural, ct.localized) for ct in CONTENT_TYPES}


@pytest.fixture
def strapi() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=STRAPI_URL, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def settings_client() -> StrapiClient:
    return StrapiClient.from_settings(
        Settings(strapi_url=STRAPI_URL + "/", strapi_api_token=STRAPI_TOKEN)
    )


class TestListPublished:
    def test_query_and_parsing(
        self, strapi: respx.MockRouter, settings_client: StrapiClient
    ) -> None:
        route = strapi.get("/api/articles").mock(
            return_value=httpx.Response(
                200,
                json={
                    "data": [
                        {"id": 1, "documentId": "a", "updatedAt": "2026-11-01T00:00:00.000Z"},
                        {"id": 2, "title": "no documentId: skipped"},
                    ],
                    "meta": {
                        "pagination": {"page": 2, "pageSize": 100, "pageCount": 3, "total": 201}
                    },
                },
            )
        )
        since = datetime(2026, 11, 1, 3, 0, 0, 123456, tzinfo=UTC)
        page = settings_client.list_published(ARTICLE, page=2, updated_after=since)
        assert [d["documentId"] for d in page.documents] == ["a"]
        assert (page.page, page.page_count, page.total) == (2, 3, 201)
        request = route.calls.last.request
        assert request.headers["Authorization"] == f"Bearer {STRAPI_TOKEN}"
        assert dict(request.url.params) == {
            "status": "published",
            "populate": "*",
            "pagination[page]": "2",
            "pagination[pageSize]": "100",
            "sort[0]": "updatedAt:asc",
            "sort[1]": "id:asc",
            "locale": "*",
            "filters[updatedAt][$gt]": "2026-11-01T03:00:00.123Z",
        }

    def test_untranslated_types_send_no_locale(
        self, strapi: respx.MockRouter, settings_client: StrapiClient
    ) -> None:
        route = strapi.get("/api/vehicle-makes").mock(
            return_value=httpx.Response(200, json={"data": [], "meta": {}})
        )
        page = settings_client.list_published(VEHICLE_MAKE, page=1)
        assert "locale" not in route.calls.last.request.url.params
        assert (page.documents, page.page_count, page.total) == ([], 1, 0)


class TestErrors:
    @pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
    def test_server_trouble_is_transient(
        self, strapi: respx.MockRouter, settings_client: StrapiClient, status: int
    ) -> None:
        strapi.get("/api/articles").mock(return_value=httpx.Response(status))
        with pytest.raises(StrapiUnavailable):
            settings_client.fetch_published(ARTICLE, document_id="a", locale="en")

    @pytest.mark.parametrize("status", [400, 401, 403, 404])
    def test_refusals_are_not_transient(
        self, strapi: respx.MockRouter, settings_client: StrapiClient, status: int
    ) -> None:
        strapi.get("/api/articles").mock(return_value=httpx.Response(status))
        with pytest.raises(StrapiRejected):
            settings_client.fetch_published(ARTICLE, document_id="a", locale="en")

    def test_timeout_is_transient(
        self, strapi: respx.MockRouter, settings_client: StrapiClient
    ) -> None:
        strapi.get("/api/articles").mock(side_effect=httpx.ConnectTimeout("slow"))
        with pytest.raises(StrapiUnavailable):
            settings_client.fetch_published(ARTICLE, document_id="a", locale="en")

    def test_html_error_page_is_transient(
        self, strapi: respx.MockRouter, settings_client: StrapiClient
    ) -> None:
        strapi.get("/api/articles").mock(return_value=httpx.Response(200, text="<html>"))
        with pytest.raises(StrapiUnavailable):
            settings_client.fetch_published(ARTICLE, document_id="a", locale="en")

    def test_unexpected_json_is_rejected(
        self, strapi: respx.MockRouter, settings_client: StrapiClient
    ) -> None:
        strapi.get("/api/articles").mock(return_value=httpx.Response(200, json={"data": {}}))
        with pytest.raises(StrapiRejected):
            settings_client.fetch_published(ARTICLE, document_id="a", locale="en")

    def test_unconfigured_is_rejected_without_a_request(self) -> None:
        with StrapiClient(base_url=None) as client, pytest.raises(StrapiRejected):
            client.fetch_published(ARTICLE, document_id="a", locale=None)
