"""Strapi's REST API, read with an API token: the source of truth the mirror copies.

Webhooks are only hints (Strapi does not sign or retry them), so every change is
re-read from here. The content types are those of
``strapi-config/src/api/*/content-types/*/schema.json`` (a test checks that the two
agree). Strapi 5 REST responses are flat: ``{"data": [{"id", "documentId",
"locale", "updatedAt", "publishedAt", ...fields}], "meta": {"pagination": {...}}}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import httpx

from sidecar.core.log import get_logger
from sidecar.core.settings import Settings

log = get_logger(__name__)

DEFAULT_LOCALE = "en"  # CMS_DEFAULT_LOCALE in strapi-config (docs/CONTENT.md, section 1)
# strapi-config/config/api.js sets rest.maxLimit to 100.
PAGE_SIZE = 100
# Strapi 5.54 passes locale "*" through to documents().findMany(), which then applies
# no locale lookup (@strapi/core document-service/internationalization.js,
# multiLocaleToLookup). The v4 spelling `locale=all` no longer works in Strapi 5.
ALL_LOCALES = "*"


@dataclass(frozen=True)
class ContentType:
    uid: str
    singular: str
    plural: str
    localized: bool


ARTICLE = ContentType("api::article.article", "article", "articles", localized=True)
PAGE = ContentType("api::page.page", "page", "pages", localized=True)
VEHICLE_MAKE = ContentType(
    "api::vehicle-make.vehicle-make", "vehicle-make", "vehicle-makes", localized=False
)
VEHICLE_MODEL = ContentType(
    "api::vehicle-model.vehicle-model", "vehicle-model", "vehicle-models", localized=False
)
FAQ = ContentType("api::faq.faq", "faq", "faqs", localized=True)
BANNER = ContentType("api::banner.banner", "banner", "banners", localized=True)

# Makes before models, so a reconciliation repairs the catalogue in a usable order.
CONTENT_TYPES: tuple[ContentType, ...] = (VEHICLE_MAKE, VEHICLE_MODEL, ARTICLE, PAGE, FAQ, BANNER)
BY_UID: dict[str, ContentType] = {ct.uid: ct for ct in CONTENT_TYPES}
BY_NAME: dict[str, ContentType] = {
    name: ct for ct in CONTENT_TYPES for name in (ct.plural, ct.singular)
}


class StrapiError(Exception):
    """Strapi could not give us what we asked for."""


class StrapiUnavailable(StrapiError):
    """Transient (timeout, connection refused, 5xx, 429): retry later."""


class StrapiRejected(StrapiError):
    """Strapi refused the request (bad token, unknown type, not configured): retrying
    will not help until someone fixes the configuration; the inbox row waits."""


@dataclass(frozen=True)
class StrapiPage:
    documents: list[dict[str, Any]]
    page: int
    page_count: int
    total: int


def strapi_timestamp(value: datetime) -> str:
    """The ISO form Strapi writes (``2026-11-25T06:26:20.618Z``), for filters."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StrapiClient:
    """Reads published documents; one instance per worker process (it pools connections)."""

    def __init__(
        self,
        *,
        base_url: str | None,
        token: str | None = None,
        http: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url.rstrip("/") if base_url else None
        self._owns_http = http is None
        self._http = http or httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0))
        self._headers = {"Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def from_settings(cls, settings: Settings, *, http: httpx.Client | None = None) -> StrapiClient:
        return cls(base_url=settings.strapi_url, token=settings.strapi_api_token, http=http)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> StrapiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def fetch_published(
        self, content_type: ContentType, *, document_id: str, locale: str | None
    ) -> dict[str, Any] | None:
        """The published version of one document in one locale, or None if there is none."""
        params = {
            "filters[documentId][$eq]": document_id,
            "status": "published",
            "populate": "*",
        }
        if content_type.localized:
            params["locale"] = locale or DEFAULT_LOCALE
        documents = self._get(content_type, params).documents
        return documents[0] if documents else None

    def list_published(
        self,
        content_type: ContentType,
        *,
        page: int,
        updated_after: datetime | None = None,
        page_size: int = PAGE_SIZE,
    ) -> StrapiPage:
        """One page of published documents in every locale, oldest change first."""
        params = {
            "status": "published",
            "populate": "*",
            "pagination[page]": str(page),
            "pagination[pageSize]": str(page_size),
            # A stable order, so pages do not overlap while nothing changes.
            "sort[0]": "updatedAt:asc",
            "sort[1]": "id:asc",
        }
        if content_type.localized:
            params["locale"] = ALL_LOCALES
        if updated_after is not None:
            params["filters[updatedAt][$gt]"] = strapi_timestamp(updated_after)
        return self._get(content_type, params)

    def _get(self, content_type: ContentType, params: dict[str, str]) -> StrapiPage:
        if not self.base_url:
            raise StrapiRejected("STRAPI_URL is not set")
        url = f"{self.base_url}/api/{content_type.plural}"
        try:
            response = self._http.get(url, params=params, headers=self._headers)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise StrapiRejected(f"bad STRAPI_URL: {exc}") from exc
        except httpx.TransportError as exc:
            raise StrapiUnavailable(f"{type(exc).__name__} calling Strapi: {exc}") from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise StrapiUnavailable(f"Strapi answered {status} for {content_type.plural}")
        if not 200 <= status < 300:
            log.warning("strapi.rejected", status=status, type=content_type.plural)
            raise StrapiRejected(f"Strapi answered {status} for {content_type.plural}")
        try:
            body = response.json()
        except ValueError as exc:  # a proxy's HTML error page, a truncated body
            raise StrapiUnavailable("Strapi answered something that is not JSON") from exc
        return _parse_page(body, content_type)


def _parse_page(body: Any, content_type: ContentType) -> StrapiPage:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        raise StrapiRejected(f"unexpected response shape for {content_type.plural}")
    documents = []
    for document in data:
        if (
            isinstance(document, dict)
            and isinstance(document.get("documentId"), str)
            and isinstance(document.get("updatedAt"), str)
        ):
            documents.append(document)
        else:
            log.warning("strapi.document_skipped", type=content_type.plural)
    meta = body.get("meta")
    pagination = meta.get("pagination") if isinstance(meta, dict) else None
    pagination = pagination if isinstance(pagination, dict) else {}
    page = _int(pagination.get("page"), 1)
    return StrapiPage(
        documents=documents,
        page=page,
        page_count=_int(pagination.get("pageCount"), page),
        total=_int(pagination.get("total"), len(documents)),
    )


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
