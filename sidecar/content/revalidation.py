"""Asking the frontend to rebuild the pages a content change affects.

``paths_for`` is the one table of "which pages show this content type"; change it
when the site's routes change. ``Revalidator.revalidate`` POSTs the paths to
FRONTEND_REVALIDATE_URL and raises ``RevalidationFailed`` (transient: the caller
retries) when the frontend does not confirm.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy.orm import Session

from sidecar.content.strapi_client import (
    ARTICLE,
    BANNER,
    DEFAULT_LOCALE,
    FAQ,
    PAGE,
    VEHICLE_MAKE,
    VEHICLE_MODEL,
)
from sidecar.core import jobs
from sidecar.core.log import get_logger
from sidecar.core.settings import Settings

log = get_logger(__name__)

SECRET_HEADER = "x-revalidate-secret"  # noqa: S105 (a header name, not a secret)

# The site's pages per content type; "{slug}" is filled from the entry (its old and
# new slug when it changed). Catalogue changes affect the car lists and filters.
PATHS_BY_UID: dict[str, tuple[str, ...]] = {
    ARTICLE.uid: ("/articles", "/articles/{slug}"),
    PAGE.uid: ("/{slug}",),
    FAQ.uid: ("/help",),
    BANNER.uid: ("/",),
    VEHICLE_MAKE.uid: ("/cars", "/makes/{slug}"),
    VEHICLE_MODEL.uid: ("/cars",),
}


def paths_for(uid: str, locale: str, versions: Iterable[dict[str, Any] | None]) -> list[str]:
    """The site paths showing ``versions`` (before/after) of one entry; other locales
    than the default are prefixed with theirs (``/sw/articles/...``)."""
    prefix = "" if locale == DEFAULT_LOCALE else f"/{quote(locale, safe='')}"
    paths: list[str] = []
    for template in PATHS_BY_UID.get(uid, ()):
        if "{slug}" not in template:
            candidates = [template]
        else:
            slugs = [v.get("slug") for v in versions if v]
            candidates = [
                template.format(slug=quote(slug, safe=""))
                for slug in slugs
                if isinstance(slug, str) and slug
            ]
        for path in candidates:
            full = f"{prefix}{path}" if path != "/" or not prefix else prefix
            if full not in paths:
                paths.append(full)
    return paths


# The pages showing marketplace listings (the sidecar's own data, not CMS content):
# the listing's page and the lists; the home page shows the newest cars.
LISTING_PATHS: dict[str, tuple[str, ...]] = {
    "cars": ("/cars/{id}", "/cars", "/"),
    "parts": ("/parts/{id}", "/parts"),
}
LOCALE_PREFIXES = ("", "/sw")


def listing_paths(*, cars: Iterable[int] = (), parts: Iterable[int] = ()) -> list[str]:
    """The site paths, in every locale, showing these cars and parts."""
    paths: list[str] = []
    for kind, ids in (("cars", cars), ("parts", parts)):
        for item_id in ids:
            for template in LISTING_PATHS[kind]:
                for prefix in LOCALE_PREFIXES:
                    path = template.format(id=int(item_id))
                    paths.append(prefix + path if path != "/" else prefix or "/")
    return merge_paths([paths])


def revalidate_listings(
    session: Session, *, cars: Iterable[int] = (), parts: Iterable[int] = ()
) -> None:
    """Once ``session`` commits, asks the storefront to rebuild the pages showing these
    cars and parts (a car approved, edited, reserved or sold; a part's stock)."""
    paths = listing_paths(cars=cars, parts=parts)
    if paths:
        jobs.enqueue(session, jobs.Job.REVALIDATE_FRONTEND, paths)


def merge_paths(groups: Iterable[Iterable[str]]) -> list[str]:
    """One list without repeats, in first-seen order."""
    return list(dict.fromkeys(path for group in groups for path in group))


class RevalidationFailed(Exception):
    """The frontend did not confirm; retry with ``paths``."""

    def __init__(self, message: str, *, paths: list[str]) -> None:
        super().__init__(message)
        self.paths = paths


class Revalidator:
    """POSTs ``{"paths": [...], "secret": ...}`` (and the secret as a header) to the frontend."""

    def __init__(
        self,
        *,
        url: str | None,
        secret: str | None = None,
        http: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self._secret = secret
        self._owns_http = http is None
        self._http = http or httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0))

    @classmethod
    def from_settings(cls, settings: Settings, *, http: httpx.Client | None = None) -> Revalidator:
        return cls(
            url=settings.frontend_revalidate_url,
            secret=settings.frontend_revalidate_secret,
            http=http,
        )

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Revalidator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def revalidate(self, paths: list[str]) -> None:
        """Asks the frontend to rebuild ``paths``; without FRONTEND_REVALIDATE_URL, only logs."""
        if not paths:
            return
        if not self.url:
            log.info(
                "content.revalidate_skipped", reason="FRONTEND_REVALIDATE_URL unset", paths=paths
            )
            return
        # The secret travels both ways so either common handler style accepts it
        # (Next.js route handlers read a header or the JSON body).
        body: dict[str, Any] = {"paths": paths}
        headers = {}
        if self._secret:
            body["secret"] = self._secret
            headers[SECRET_HEADER] = self._secret
        try:
            response = self._http.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise RevalidationFailed(f"{type(exc).__name__}: {exc}", paths=paths) from exc
        if not response.is_success:
            raise RevalidationFailed(f"frontend answered {response.status_code}", paths=paths)
        log.info("content.revalidated", paths=paths)
