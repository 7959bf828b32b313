"""The content mirror: published Strapi documents in ``cms_entries``, and what reads it.

Writes (from the sync jobs in ``tasks.py``): ``upsert_document`` keeps only newer
versions (Strapi's ``updatedAt``), ``remove_document`` drops what is no longer
published, ``vanished`` and ``remove_vanished`` find and drop what a reconciliation
no longer saw published.
Reads: the public content lists, the make/model catalogue (``normalise_vehicle``)
and the articles tagged with a car's make or model (``related_articles``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Select, and_, case, cast, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar.content.schemas import RelatedArticle
from sidecar.content.strapi_client import (
    ARTICLE,
    BANNER,
    BY_NAME,
    DEFAULT_LOCALE,
    FAQ,
    PAGE,
    VEHICLE_MAKE,
    VEHICLE_MODEL,
    ContentType,
)
from sidecar.errors import NotFound
from sidecar.log import get_logger
from sidecar.models import CmsEntry, WebhookEvent
from sidecar.pagination import PageParams, paginate

log = get_logger(__name__)

# Where each content type's reconciliation stopped: one webhook_events row per uid
# (source "reconcile", dedupe_key the uid) holding the newest Strapi updatedAt seen.
# Not max(cms_entries.updated_at): a webhook applied after a missed one would push
# that past the missed document, and the next pass would skip it.
RECONCILE_SOURCE = "reconcile"
# Strapi fields that are about its admin users, never content.
_PRIVATE_KEYS = frozenset({"createdBy", "updatedBy"})


class ContentTypeNotFound(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(f"No content type named {name!r}.")


class ContentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such published content.")


@dataclass(frozen=True)
class MirrorChange:
    """What one write did to the mirror: upserted, deleted, stale or ignored."""

    outcome: str
    uid: str
    document_id: str
    locale: str
    updated_at: datetime | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def changed(self) -> bool:
        return self.outcome in ("upserted", "deleted")


@dataclass(frozen=True)
class VehicleMatch:
    make: str
    model: str
    known: bool


def mirror_locale(content_type: ContentType, locale: str | None) -> str:
    """The mirror's locale: Strapi's for translated types, the default for the others."""
    return locale if content_type.localized and locale else DEFAULT_LOCALE


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _public_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _public_fields(v) for k, v in value.items() if k not in _PRIVATE_KEYS}
    if isinstance(value, list):
        return [_public_fields(item) for item in value]
    return value


def article_tags(value: Any) -> list[str]:
    """An article's tags as a list: Strapi stores one comma-separated line
    ("import guide, japan", strapi-config/src/utils/tags.js); older documents had a
    JSON list. Trimmed, lower-cased, without repeats, in order."""
    if isinstance(value, str):
        pieces = value.split(",")
    elif isinstance(value, list):
        pieces = [piece for item in value if isinstance(item, str) for piece in item.split(",")]
    else:
        return []
    tags = (" ".join(piece.split()).casefold() for piece in pieces)
    return list(dict.fromkeys(tag for tag in tags if tag))


def _mirrored_data(content_type: ContentType, document: dict[str, Any]) -> dict[str, Any]:
    """What the mirror keeps of a document: no admin users; article tags as a list."""
    data: dict[str, Any] = _public_fields(document)
    if content_type is ARTICLE:
        data["tags"] = article_tags(data.get("tags"))
    return data


def _entry_key(uid: str, document_id: str, locale: str) -> tuple[ColumnElement[bool], ...]:
    return (CmsEntry.uid == uid, CmsEntry.document_id == document_id, CmsEntry.locale == locale)


def upsert_document(
    session: Session, *, content_type: ContentType, document: dict[str, Any]
) -> MirrorChange:
    """Stores a published document unless the mirror already holds this or a newer version."""
    document_id = str(document["documentId"])
    locale = mirror_locale(content_type, document.get("locale"))
    updated_at = _parse_time(document.get("updatedAt"))
    if updated_at is None:
        log.warning("content.bad_updated_at", uid=content_type.uid, document_id=document_id)
        return MirrorChange("ignored", content_type.uid, document_id, locale)
    key = _entry_key(content_type.uid, document_id, locale)
    before = session.scalar(select(CmsEntry.data).where(*key))
    data = _mirrored_data(content_type, document)
    statement = insert(CmsEntry).values(
        uid=content_type.uid,
        document_id=document_id,
        locale=locale,
        published_at=_parse_time(document.get("publishedAt")),
        updated_at=updated_at,
        synced_at=datetime.now(UTC),
        data=data,
    )
    # The WHERE makes "only if newer" atomic against a concurrent job for the same document.
    statement = statement.on_conflict_do_update(
        index_elements=["uid", "document_id", "locale"],
        set_={
            "published_at": statement.excluded.published_at,
            "updated_at": statement.excluded.updated_at,
            "synced_at": statement.excluded.synced_at,
            "data": statement.excluded.data,
        },
        where=CmsEntry.updated_at < statement.excluded.updated_at,
    )
    written = session.scalar(statement.returning(CmsEntry.id))
    if written is None:
        return MirrorChange("stale", content_type.uid, document_id, locale, updated_at)
    return MirrorChange(
        "upserted", content_type.uid, document_id, locale, updated_at, before=before, after=data
    )


def remove_document(
    session: Session, *, content_type: ContentType, document_id: str, locale: str | None
) -> MirrorChange:
    """Drops a document+locale that is no longer published (``ignored`` if we never had it)."""
    mirrored = mirror_locale(content_type, locale)
    before = session.scalar(
        delete(CmsEntry)
        .where(*_entry_key(content_type.uid, document_id, mirrored))
        .returning(CmsEntry.data)
    )
    outcome = "deleted" if before is not None else "ignored"
    return MirrorChange(outcome, content_type.uid, document_id, mirrored, before=before)


def apply_published_state(
    session: Session,
    *,
    content_type: ContentType,
    document_id: str,
    locale: str | None,
    document: dict[str, Any] | None,
) -> MirrorChange:
    """Makes the mirror match Strapi's answer: the published document, or none."""
    if document is None:
        return remove_document(
            session, content_type=content_type, document_id=document_id, locale=locale
        )
    return upsert_document(session, content_type=content_type, document=document)


def vanished(
    session: Session,
    *,
    content_type: ContentType,
    seen: set[tuple[str, str]],
    synced_before: datetime,
) -> list[tuple[str, str]]:
    """Mirrored (documentId, locale) pairs a pass did not see published; rows synced
    after the pass began (by a webhook meanwhile) are not candidates."""
    rows = session.execute(
        select(CmsEntry.document_id, CmsEntry.locale)
        .where(CmsEntry.uid == content_type.uid)
        .where(CmsEntry.synced_at < synced_before)
        .order_by(CmsEntry.id)
    ).all()
    return [
        (row.document_id, row.locale) for row in rows if (row.document_id, row.locale) not in seen
    ]


def remove_vanished(
    session: Session,
    *,
    content_type: ContentType,
    gone: list[tuple[str, str]],
    synced_before: datetime,
) -> list[MirrorChange]:
    """Drops these (documentId, locale) pairs unless a webhook synced them again after
    the pass began."""
    if not gone:
        return []
    pairs = [and_(CmsEntry.document_id == d, CmsEntry.locale == loc) for d, loc in gone]
    deleted = session.execute(
        delete(CmsEntry)
        .where(CmsEntry.uid == content_type.uid)
        .where(CmsEntry.synced_at < synced_before)
        .where(or_(*pairs))
        .returning(CmsEntry.document_id, CmsEntry.locale, CmsEntry.data)
    ).all()
    return [
        MirrorChange("deleted", content_type.uid, row.document_id, row.locale, before=row.data)
        for row in deleted
    ]


def get_watermark(session: Session, *, uid: str) -> datetime | None:
    """The newest Strapi updatedAt the last reconciliation of ``uid`` saw."""
    payload = session.scalar(
        select(WebhookEvent.payload)
        .where(WebhookEvent.source == RECONCILE_SOURCE)
        .where(WebhookEvent.dedupe_key == uid)
    )
    return _parse_time(payload.get("updated_after")) if payload else None


def set_watermark(session: Session, *, uid: str, updated_at: datetime, full: bool) -> None:
    """Records where the reconciliation of ``uid`` may resume."""
    now = datetime.now(UTC)
    payload = {"updated_after": updated_at.isoformat(), "full": full, "at": now.isoformat()}
    statement = insert(WebhookEvent).values(
        source=RECONCILE_SOURCE,
        dedupe_key=uid,
        event="reconcile.watermark",
        payload=payload,
        processed_at=now,
        outcome="ok",
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["source", "dedupe_key"],
            set_={"payload": statement.excluded.payload, "processed_at": now},
        )
    )


# ---- the public content API


def content_type_named(name: str) -> ContentType:
    """The content type for a REST name, plural or singular (404 otherwise)."""
    content_type = BY_NAME.get(name.lower())
    if content_type is None:
        raise ContentTypeNotFound(name)
    return content_type


def _listing_order(content_type: ContentType) -> tuple[Any, ...]:
    data = CmsEntry.data
    if content_type in (VEHICLE_MAKE, VEHICLE_MODEL):
        return (func.lower(data["name"].astext), CmsEntry.id)
    if content_type is PAGE:
        return (func.lower(data["title"].astext), CmsEntry.id)
    if content_type is FAQ:  # grouped by category, then the editors' order (0 first)
        return (data["category"].astext, data["order"], CmsEntry.id)
    return (CmsEntry.published_at.desc().nulls_last(), CmsEntry.id.desc())


def _showing_now(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """A banner shows while active and between starts_at and ends_at (docs/CONTENT.md)."""
    starts, ends = CmsEntry.data["starts_at"].astext, CmsEntry.data["ends_at"].astext
    return (
        CmsEntry.data.contains({"active": True}),
        or_(starts.is_(None), cast(starts, DateTime(timezone=True)) <= now),
        or_(ends.is_(None), cast(ends, DateTime(timezone=True)) > now),
    )


def _content_out(content_type: ContentType, entry: CmsEntry) -> dict[str, Any]:
    return {
        "type": content_type.plural,
        "document_id": entry.document_id,
        "locale": entry.locale,
        "published_at": entry.published_at,
        "updated_at": entry.updated_at,
        "data": entry.data,
    }


def _published(content_type: ContentType, locale: str) -> Select[Any]:
    query = select(CmsEntry).where(CmsEntry.uid == content_type.uid)
    if content_type.localized:  # the catalogue is not translated: one version for all
        query = query.where(CmsEntry.locale == locale)
    return query


def list_content(
    session: Session, *, type_name: str, locale: str, slug: str | None, params: PageParams
) -> tuple[list[dict[str, Any]], int]:
    """Published content of one type in one locale, optionally the one with ``slug``."""
    content_type = content_type_named(type_name)
    query = _published(content_type, locale)
    if slug is not None:
        query = query.where(CmsEntry.data["slug"].astext == slug)
    if content_type is BANNER:
        query = query.where(*_showing_now(datetime.now(UTC)))
    rows, total = paginate(session, query.order_by(*_listing_order(content_type)), params=params)
    return [_content_out(content_type, row) for row in rows], total


def get_content(
    session: Session, *, type_name: str, document_id: str, locale: str
) -> dict[str, Any]:
    """One published document in one locale (404 if not mirrored)."""
    content_type = content_type_named(type_name)
    entry = session.scalar(
        _published(content_type, locale).where(CmsEntry.document_id == document_id)
    )
    if entry is None:
        raise ContentNotFound()
    return _content_out(content_type, entry)


# ---- the make/model catalogue


def match_key(value: str) -> str:
    """Case-, space- and punctuation-insensitive: "Mercedes Benz" == "mercedes-benz"."""
    return re.sub(r"[\W_]+", "", value.casefold())


def slugify(value: str) -> str:
    """The slug Strapi derives from a name ("Land Cruiser" -> "land-cruiser")."""
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")


@dataclass(frozen=True)
class _CatalogueEntry:
    document_id: str
    name: str | None
    slug: str | None


def _catalogue(session: Session, query: Select[Any]) -> list[_CatalogueEntry]:
    return [_CatalogueEntry(*row) for row in session.execute(query)]


def _find(entries: list[_CatalogueEntry], value: str) -> _CatalogueEntry | None:
    key = match_key(value)
    if not key:
        return None
    for entry in entries:
        if key in (match_key(entry.name or ""), match_key(entry.slug or "")):
            return entry
    return None


def _catalogue_select(content_type: ContentType) -> Select[Any]:
    return select(
        CmsEntry.document_id, CmsEntry.data["name"].astext, CmsEntry.data["slug"].astext
    ).where(CmsEntry.uid == content_type.uid)


def _find_make(session: Session, make: str) -> tuple[_CatalogueEntry | None, bool]:
    """The catalogue's make for ``make`` and whether the catalogue has any makes."""
    makes = _catalogue(session, _catalogue_select(VEHICLE_MAKE))
    return _find(makes, make), bool(makes)


def _find_model(session: Session, make: _CatalogueEntry, model: str) -> _CatalogueEntry | None:
    listed = session.scalar(
        select(CmsEntry.data["models"]).where(
            *_entry_key(VEHICLE_MAKE.uid, make.document_id, DEFAULT_LOCALE)
        )
    )
    listed_ids = [
        m["documentId"] for m in listed or [] if isinstance(m, dict) and "documentId" in m
    ]
    models = _catalogue(
        session,
        _catalogue_select(VEHICLE_MODEL).where(
            or_(
                CmsEntry.data[("make", "documentId")].astext == make.document_id,
                CmsEntry.document_id.in_(listed_ids),
            )
        ),
    )
    return _find(models, model)


def _clean(value: str) -> str:
    return " ".join(value.split())


def normalise_vehicle(session: Session, make: str, model: str) -> VehicleMatch:
    """The catalogue's spelling of a make and model; unknown ones are kept and flagged.

    Until the catalogue has been synced at all, everything is accepted as known.
    """
    found_make, catalogue_synced = _find_make(session, make)
    if not catalogue_synced:
        return VehicleMatch(make=make, model=model, known=True)
    if found_make is None:
        return VehicleMatch(make=_clean(make), model=_clean(model), known=False)
    canonical_make = found_make.name or _clean(make)
    found_model = _find_model(session, found_make, model)
    if found_model is None:
        return VehicleMatch(make=canonical_make, model=_clean(model), known=False)
    return VehicleMatch(make=canonical_make, model=found_model.name or _clean(model), known=True)


def _tagged(field: str, entry: _CatalogueEntry | None, name: str) -> ColumnElement[bool]:
    """Articles whose ``field`` relation links the catalogue entry (or its likely slug)."""
    refs: list[dict[str, str]] = [{"slug": slugify(name)}]
    if entry is not None:
        refs.append({"documentId": entry.document_id})
        if entry.slug:
            refs.append({"slug": entry.slug})
    return or_(*(CmsEntry.data[field].contains([ref]) for ref in refs))


def related_articles(
    session: Session, make: str, model: str, limit: int = 5, *, locale: str = DEFAULT_LOCALE
) -> list[RelatedArticle]:
    """Published articles tagged with the car's model first, then with its make."""
    found_make, _ = _find_make(session, make)
    found_model = _find_model(session, found_make, model) if found_make else None
    about_model = _tagged("vehicle_models", found_model, model)
    about_make = _tagged("vehicle_makes", found_make, make)
    rows = session.scalars(
        select(CmsEntry)
        .where(CmsEntry.uid == ARTICLE.uid, CmsEntry.locale == locale)
        .where(or_(about_model, about_make))
        .order_by(
            case((about_model, 0), else_=1),
            CmsEntry.published_at.desc().nulls_last(),
            CmsEntry.id.desc(),
        )
        .limit(max(1, min(limit, 20)))
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
