"""A fake Strapi REST API (behind respx), Strapi documents and webhook deliveries."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime
from typing import Any

import httpx

STRAPI_URL = "https://cms.gurumisha.test"
STRAPI_TOKEN = "strapi-api-token-for-tests"
REVALIDATE_URL = "https://www.gurumisha.test/api/revalidate"
REVALIDATE_SECRET = "revalidate-secret-for-tests"

_ids = itertools.count(1)


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


class FakeStrapi:
    """Answers GET /api/{plural} as Strapi 5 does for the parameters the sidecar sends."""

    def __init__(self) -> None:
        self.published: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.down = False
        self.failing_page: int | None = None
        # Documents a key listing leaves out although published (rows shifting between pages).
        self.missing_from_key_listing: set[str] = set()
        self.requests: list[httpx.Request] = []

    def publish(self, plural: str, document: dict[str, Any]) -> dict[str, Any]:
        self.unpublish(plural, document["documentId"], document.get("locale"))
        self.published[plural].append(document)
        return document

    def unpublish(self, plural: str, document_id: str, locale: str | None = None) -> None:
        self.published[plural] = [
            d
            for d in self.published[plural]
            if not (d["documentId"] == document_id and d.get("locale") == locale)
        ]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            return httpx.Response(503, json={"error": {"status": 503}})
        plural = request.url.path.removeprefix("/api/")
        params = request.url.params
        documents = list(self.published[plural])
        if document_id := params.get("filters[documentId][$eq]"):
            documents = [d for d in documents if d["documentId"] == document_id]
        locale = params.get("locale")
        if locale and locale != "*":
            documents = [d for d in documents if d.get("locale", locale) == locale]
        if after := params.get("filters[updatedAt][$gt]"):
            documents = [d for d in documents if _time(d["updatedAt"]) > _time(after)]
        if params.get("sort[0]") == "documentId:asc":
            documents.sort(key=lambda d: (d["documentId"], d.get("locale") or ""))
        else:
            documents.sort(key=lambda d: (_time(d["updatedAt"]), d["id"]))
        fields = [value for key, value in params.multi_items() if key.startswith("fields[")]
        if fields:  # a key listing; Strapi always adds id and documentId
            documents = [
                d for d in documents if d["documentId"] not in self.missing_from_key_listing
            ]
            keep = {"id", "documentId", *fields}
            documents = [{k: v for k, v in d.items() if k in keep} for d in documents]
        page = int(params.get("pagination[page]", "1"))
        if page == self.failing_page:
            return httpx.Response(500, json={"error": {"status": 500}})
        size = int(params.get("pagination[pageSize]", "25"))
        total = len(documents)
        return httpx.Response(
            200,
            json={
                "data": documents[(page - 1) * size : page * size],
                "meta": {
                    "pagination": {
                        "page": page,
                        "pageSize": size,
                        "pageCount": -(-total // size),
                        "total": total,
                    }
                },
            },
        )


def _base(document_id: str, locale: str | None, updated_at: str) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": next(_ids),
        "documentId": document_id,
        "createdAt": "2026-11-01T08:00:00.000Z",
        "updatedAt": updated_at,
        "publishedAt": updated_at,
    }
    if locale is not None:
        base["locale"] = locale
    return base


def article(
    *,
    document_id: str = "art0toyotaguide00000001",
    locale: str = "en",
    updated_at: str = "2026-11-25T06:26:20.618Z",
    title: str = "Buying a used Toyota in Nairobi",
    slug: str | None = None,
    makes: list[dict[str, Any]] | None = None,
    models: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        **_base(document_id, locale, updated_at),
        "title": title,
        "slug": slug or title.lower().replace(" ", "-"),
        "excerpt": f"{title}: what to check before you pay.",
        "body": "Check the logbook at NTSA before paying any deposit.",
        "tags": "buying guide",
        "cover": {"id": 7, "url": "/uploads/cover.jpg"},
        "vehicle_makes": makes or [],
        "vehicle_models": models or [],
        "seo": {"metaTitle": title, "metaDescription": "Guide", "noIndex": False},
        "createdBy": {"id": 1, "email": "editor@gurumisha.co.ke"},
    }


def vehicle_make(
    *,
    document_id: str,
    name: str,
    slug: str | None = None,
    models: list[dict[str, Any]] | None = None,
    updated_at: str = "2026-11-20T10:00:00.000Z",
) -> dict[str, Any]:
    return {
        **_base(document_id, None, updated_at),
        "name": name,
        "slug": slug or name.lower().replace(" ", "-"),
        "country": "Japan",
        "models": models or [],
    }


def vehicle_model(
    *,
    document_id: str,
    name: str,
    make: dict[str, Any] | None,
    slug: str | None = None,
    updated_at: str = "2026-11-20T10:00:00.000Z",
) -> dict[str, Any]:
    return {
        **_base(document_id, None, updated_at),
        "name": name,
        "slug": slug or name.lower().replace(" ", "-"),
        "body_type": "sedan",
        "year_from": 2000,
        "year_to": None,
        "make": ref(make) if make else None,
    }


def ref(document: dict[str, Any]) -> dict[str, Any]:
    """A relation as Strapi populates it: id, documentId, name, slug."""
    return {key: document[key] for key in ("id", "documentId", "name", "slug") if key in document}


def delivery(event: str, uid: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": event,
        "createdAt": "2026-11-25T06:26:21.000Z",
        "model": uid.rpartition(".")[2],
        "uid": uid,
        "entry": entry,
    }
