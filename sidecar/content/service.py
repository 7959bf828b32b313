"""Content: the Strapi webhook inbox, the public content API, the make/model catalogue.

Strapi neither signs nor retries webhooks, so a delivery is only a hint that a
document changed: it is recorded once in the inbox (exact repeats insert nothing),
and a job re-reads the document from Strapi's REST API (``tasks.py``). Deliveries
with nothing to mirror (``media.*``, unknown content types, the admin's "trigger"
test) are recorded as already processed with outcome ``ignored``.

Reads serve the mirror: the public content lists, the catalogue that spells makes
and models (``normalise_vehicle``), and the articles about a car (``related_articles``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy.orm import Session

from sidecar.content import catalogue, repository
from sidecar.content.catalogue import CatalogueEntry, VehicleMatch
from sidecar.content.schemas import RelatedArticle, StrapiDelivery, WebhookAccepted
from sidecar.content.strapi_client import BY_NAME, BY_UID, DEFAULT_LOCALE, ContentType
from sidecar.core import clock, inbox, jobs
from sidecar.core.cache import remembered
from sidecar.core.errors import BadRequest, NotFound, Unprocessable, field_errors
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import CmsEntry

SOURCE = "strapi"
# Entries carry one level of relations; a long article is ~50 KB. The edge caps
# every body at MAX_BODY_BYTES (1 MiB); this endpoint needs far less.
MAX_DELIVERY_BYTES = 256 * 1024


class ContentTypeNotFound(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(f"No content type named {name!r}.")


class ContentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such published content.")


# ---- the Strapi inbox


@dataclass(frozen=True)
class Target:
    """The document (in one locale) a delivery is about."""

    content_type: ContentType
    document_id: str
    locale: str | None


@dataclass(frozen=True)
class ParsedDelivery:
    """A delivery's validated view and its raw JSON document, which the inbox stores."""

    delivery: StrapiDelivery
    payload: dict[str, Any]


def parse_delivery(body: bytes) -> ParsedDelivery:
    """The validated delivery and its raw JSON; 400 for non-JSON, 422 for a bad shape."""
    try:
        raw = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("The request body is not valid JSON.") from exc
    if not isinstance(raw, dict):
        raise Unprocessable("The webhook body must be a JSON object.")
    if b"\\u0000" in body:  # PostgreSQL's jsonb cannot store NUL characters
        raise Unprocessable("The webhook body contains NUL characters.")
    try:
        delivery = StrapiDelivery.model_validate(raw)
    except ValidationError as exc:
        raise Unprocessable(
            "The webhook body is not a Strapi event.", errors=field_errors(exc.errors(), skip=())
        ) from exc
    return ParsedDelivery(delivery, raw)


def dedupe_key(delivery: StrapiDelivery) -> str:
    """Equal for exact repeats of a delivery: event, uid, documentId, updatedAt, locale, id."""
    if delivery.entry is not None:
        entry = delivery.entry
        parts = [entry.document_id, entry.updated_at, entry.locale, entry.id]
    else:
        media = delivery.media or {}
        parts = [
            media.get("documentId"),
            media.get("updatedAt"),
            media.get("locale"),
            media.get("id"),
        ]
    material = json.dumps([delivery.event, delivery.uid, *parts], default=str)
    return hashlib.sha256(material.encode()).hexdigest()


def target_of(payload: dict[str, Any]) -> Target | None:
    """The mirrored document a recorded payload is about; None when nothing is mirrored."""
    event, uid, entry = payload.get("event"), payload.get("uid"), payload.get("entry")
    if not (isinstance(event, str) and event.startswith("entry.")):
        return None
    content_type = BY_UID.get(uid) if isinstance(uid, str) else None
    if content_type is None or not isinstance(entry, dict):
        return None
    document_id, locale = entry.get("documentId"), entry.get("locale")
    if not isinstance(document_id, str) or not document_id:
        return None
    return Target(content_type, document_id, locale if isinstance(locale, str) else None)


def record_delivery(session: Session, *, parsed: ParsedDelivery) -> WebhookAccepted:
    """Inserts the delivery once (repeats change nothing) and queues its processing."""
    delivery, payload = parsed.delivery, parsed.payload
    needs_processing = target_of(payload) is not None
    event_id = inbox.record(
        session,
        source=SOURCE,
        dedupe_key=dedupe_key(delivery),
        event=delivery.event,
        payload=payload,
        outcome=None if needs_processing else "ignored",
    )
    if event_id is not None and needs_processing:
        jobs.enqueue(session, jobs.Job.PROCESS_STRAPI_EVENT, event_id)
    return WebhookAccepted(accepted=True, duplicate=event_id is None)


# ---- the public content API


def content_type_named(name: str) -> ContentType:
    """The content type for a REST name, plural or singular (404 otherwise)."""
    content_type = BY_NAME.get(name.lower())
    if content_type is None:
        raise ContentTypeNotFound(name)
    return content_type


def list_content(
    session: Session, *, type_name: str, locale: str, slug: str | None, params: PageParams
) -> tuple[list[CmsEntry], int]:
    """Published content of one type in one locale, optionally the one with ``slug``."""
    content_type = content_type_named(type_name)
    query = repository.list_query(content_type, locale=locale, slug=slug, now=clock.utcnow())
    return paginate(session, query, params=params)


def get_content(session: Session, *, type_name: str, document_id: str, locale: str) -> CmsEntry:
    """One published document in one locale (404 if not mirrored)."""
    content_type = content_type_named(type_name)
    entry = repository.get_published(session, content_type, document_id=document_id, locale=locale)
    if entry is None:
        raise ContentNotFound()
    return entry


# ---- the make/model catalogue


# The mirror's table: what the catalogue and the related articles are read from.
_MIRROR = ("cms_entries",)


def _find_make(session: Session, make: str) -> tuple[CatalogueEntry | None, bool]:
    """The catalogue's make for ``make`` and whether the catalogue has any makes."""
    makes = remembered(session, _MIRROR, "makes", lambda: tuple(repository.makes(session)))
    return catalogue.find(list(makes), make), bool(makes)


def _find_model(session: Session, make: CatalogueEntry, model: str) -> CatalogueEntry | None:
    models = remembered(
        session,
        _MIRROR,
        ("models", make.document_id),
        lambda: tuple(repository.models_of(session, make)),
    )
    return catalogue.find(list(models), model)


def normalise_vehicle(session: Session, make: str, model: str) -> VehicleMatch:
    """The catalogue's spelling of a make and model; unknown ones are kept and flagged.

    Until the catalogue has been synced at all, everything is accepted as known.
    """
    found_make, catalogue_synced = _find_make(session, make)
    if not catalogue_synced:
        return VehicleMatch(make=make, model=model, known=True)
    if found_make is None:
        return VehicleMatch(make=catalogue.clean(make), model=catalogue.clean(model), known=False)
    canonical_make = found_make.name or catalogue.clean(make)
    found_model = _find_model(session, found_make, model)
    if found_model is None:
        return VehicleMatch(make=canonical_make, model=catalogue.clean(model), known=False)
    return VehicleMatch(
        make=canonical_make, model=found_model.name or catalogue.clean(model), known=True
    )


def canonical_make(session: Session, make: str) -> str:
    """The catalogue's spelling of a make, or the make as given when it is not there."""
    found, _ = _find_make(session, make)
    return (found.name if found is not None else None) or catalogue.clean(make)


def related_articles(
    session: Session, make: str, model: str, limit: int = 5, *, locale: str = DEFAULT_LOCALE
) -> list[RelatedArticle]:
    """Published articles tagged with the car's model first, then with its make (every
    car page asks: remembered until the mirror changes)."""
    articles = remembered(
        session,
        _MIRROR,
        ("related_articles", make, model, limit, locale),
        lambda: tuple(_related_articles(session, make, model, limit, locale)),
    )
    return list(articles)


def _related_articles(
    session: Session, make: str, model: str, limit: int, locale: str
) -> list[RelatedArticle]:
    found_make, _ = _find_make(session, make)
    found_model = _find_model(session, found_make, model) if found_make else None
    rows = repository.articles_about(
        session,
        # An article may name a model or make not (yet) in the catalogue by its slug.
        about_model=repository.tagged(
            "vehicle_models", found_model, [{"slug": catalogue.slugify(model)}]
        ),
        about_make=repository.tagged(
            "vehicle_makes", found_make, [{"slug": catalogue.slugify(make)}]
        ),
        locale=locale,
        limit=max(1, min(limit, 20)),
    )
    return [_related(row) for row in rows]


def _related(entry: CmsEntry) -> RelatedArticle:
    data = entry.data
    cover = data.get("cover")

    def text(name: str) -> str | None:
        value = data.get(name)
        return value if isinstance(value, str) else None

    return RelatedArticle(
        document_id=entry.document_id,
        locale=entry.locale,
        slug=text("slug"),
        title=text("title"),
        excerpt=text("excerpt"),
        cover_url=cover.get("url") if isinstance(cover, dict) else None,
        published_at=entry.published_at,
    )
