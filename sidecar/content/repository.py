"""Queries of the content domain: the mirror of published Strapi documents.

Writes keep only newer versions (Strapi's ``updatedAt``); every write reports what
it did as a ``MirrorChange`` (upserted, deleted, stale or ignored), which tells the
sync jobs what to revalidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Select, case, cast, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar.content.catalogue import CatalogueEntry
from sidecar.content.strapi_client import (
    ARTICLE,
    BANNER,
    DEFAULT_LOCALE,
    FAQ,
    PAGE,
    VEHICLE_MAKE,
    VEHICLE_MODEL,
    ContentType,
)
from sidecar.core import clock
from sidecar.core.log import get_logger
from sidecar.models import CmsEntry, CmsSyncBookmark

log = get_logger(__name__)

# Strapi fields that are about its admin users, never content.
_PRIVATE_KEYS = frozenset({"createdBy", "updatedBy"})


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


def mirror_locale(content_type: ContentType, locale: str | None) -> str:
    """The mirror's locale: Strapi's for translated types, the default for the others."""
    return locale if content_type.localized and locale else DEFAULT_LOCALE


def parse_time(value: Any) -> datetime | None:
    """A Strapi timestamp as an aware datetime (UTC when it names no zone); None if bad."""
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


def _entry_key(uid: str, document_id: str, locale: str) -> tuple[ColumnElement[bool], ...]:
    return (CmsEntry.uid == uid, CmsEntry.document_id == document_id, CmsEntry.locale == locale)


def upsert_document(
    session: Session, *, content_type: ContentType, document: dict[str, Any]
) -> MirrorChange:
    """Stores a published document unless the mirror already holds this or a newer version."""
    document_id = str(document["documentId"])
    locale = mirror_locale(content_type, document.get("locale"))
    updated_at = parse_time(document.get("updatedAt"))
    if updated_at is None:
        log.warning("content.bad_updated_at", uid=content_type.uid, document_id=document_id)
        return MirrorChange("ignored", content_type.uid, document_id, locale)
    key = _entry_key(content_type.uid, document_id, locale)
    before = session.scalar(select(CmsEntry.data).where(*key))
    data = _public_fields(document)
    statement = insert(CmsEntry).values(
        uid=content_type.uid,
        document_id=document_id,
        locale=locale,
        published_at=parse_time(document.get("publishedAt")),
        updated_at=updated_at,
        synced_at=clock.utcnow(),
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


def remove_vanished(
    session: Session,
    *,
    content_type: ContentType,
    seen: set[tuple[str, str]],
    synced_before: datetime,
) -> list[MirrorChange]:
    """Drops mirrored (documentId, locale) pairs a full pass did not see; rows synced
    after the pass began (by a webhook meanwhile) are kept."""
    rows = session.execute(
        select(CmsEntry.id, CmsEntry.document_id, CmsEntry.locale)
        .where(CmsEntry.uid == content_type.uid)
        .where(CmsEntry.synced_at < synced_before)
    ).all()
    gone = [row.id for row in rows if (row.document_id, row.locale) not in seen]
    if not gone:
        return []
    deleted = session.execute(
        delete(CmsEntry)
        .where(CmsEntry.id.in_(gone))
        .returning(CmsEntry.document_id, CmsEntry.locale, CmsEntry.data)
    ).all()
    return [
        MirrorChange("deleted", content_type.uid, row.document_id, row.locale, before=row.data)
        for row in deleted
    ]


def get_bookmark(session: Session, *, uid: str) -> datetime | None:
    """The newest Strapi updatedAt the last reconciliation of ``uid`` saw."""
    return session.scalar(select(CmsSyncBookmark.updated_after).where(CmsSyncBookmark.uid == uid))


def set_bookmark(session: Session, *, uid: str, updated_at: datetime, full: bool) -> None:
    """Records where the reconciliation of ``uid`` may resume."""
    statement = insert(CmsSyncBookmark).values(
        uid=uid, updated_after=updated_at, full=full, synced_at=clock.utcnow()
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["uid"],
            set_={
                "updated_after": statement.excluded.updated_after,
                "full": statement.excluded.full,
                "synced_at": statement.excluded.synced_at,
            },
        )
    )


# ---- reads for the public content API


def _listing_order(content_type: ContentType) -> tuple[Any, ...]:
    data = CmsEntry.data
    if content_type in (VEHICLE_MAKE, VEHICLE_MODEL):
        return (func.lower(data["name"].astext), CmsEntry.id)
    if content_type is PAGE:
        return (func.lower(data["title"].astext), CmsEntry.id)
    if content_type is FAQ:  # grouped by category, then the editors' order (0 first)
        return (data["category"].astext, data["order"], CmsEntry.id)
    return (CmsEntry.published_at.desc().nulls_last(), CmsEntry.id.desc())


def showing_now(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """A banner shows while active and between starts_at and ends_at (docs/CONTENT.md)."""
    starts, ends = CmsEntry.data["starts_at"].astext, CmsEntry.data["ends_at"].astext
    return (
        CmsEntry.data.contains({"active": True}),
        or_(starts.is_(None), cast(starts, DateTime(timezone=True)) <= now),
        or_(ends.is_(None), cast(ends, DateTime(timezone=True)) > now),
    )


def published(content_type: ContentType, locale: str) -> Select[CmsEntry]:
    """Mirrored documents of one type in one locale (the catalogue has one for all)."""
    query = select(CmsEntry).where(CmsEntry.uid == content_type.uid)
    if content_type.localized:
        query = query.where(CmsEntry.locale == locale)
    return query


def list_query(
    content_type: ContentType, *, locale: str, slug: str | None, now: datetime
) -> Select[CmsEntry]:
    query = published(content_type, locale)
    if slug is not None:
        query = query.where(CmsEntry.data["slug"].astext == slug)
    if content_type is BANNER:
        query = query.where(*showing_now(now))
    return query.order_by(*_listing_order(content_type))


def get_published(
    session: Session, content_type: ContentType, *, document_id: str, locale: str
) -> CmsEntry | None:
    return session.scalar(
        published(content_type, locale).where(CmsEntry.document_id == document_id)
    )


# ---- the make/model catalogue


def _catalogue(session: Session, query: Select[Any]) -> list[CatalogueEntry]:
    return [CatalogueEntry(*row) for row in session.execute(query)]


def _catalogue_select(content_type: ContentType) -> Select[Any]:
    return select(
        CmsEntry.document_id, CmsEntry.data["name"].astext, CmsEntry.data["slug"].astext
    ).where(CmsEntry.uid == content_type.uid)


def makes(session: Session) -> list[CatalogueEntry]:
    return _catalogue(session, _catalogue_select(VEHICLE_MAKE))


def models_of(session: Session, make: CatalogueEntry) -> list[CatalogueEntry]:
    """The models linked to ``make`` (by the model's make, or the make's models)."""
    listed = session.scalar(
        select(CmsEntry.data["models"]).where(
            *_entry_key(VEHICLE_MAKE.uid, make.document_id, DEFAULT_LOCALE)
        )
    )
    listed_ids = [
        m["documentId"] for m in listed or [] if isinstance(m, dict) and "documentId" in m
    ]
    return _catalogue(
        session,
        _catalogue_select(VEHICLE_MODEL).where(
            or_(
                CmsEntry.data[("make", "documentId")].astext == make.document_id,
                CmsEntry.document_id.in_(listed_ids),
            )
        ),
    )


def articles_about(
    session: Session,
    *,
    about_model: ColumnElement[bool],
    about_make: ColumnElement[bool],
    locale: str,
    limit: int,
) -> list[CmsEntry]:
    """Published articles matching either condition, the model's first, newest first."""
    return list(
        session.scalars(
            select(CmsEntry)
            .where(CmsEntry.uid == ARTICLE.uid, CmsEntry.locale == locale)
            .where(or_(about_model, about_make))
            .order_by(
                case((about_model, 0), else_=1),
                CmsEntry.published_at.desc().nulls_last(),
                CmsEntry.id.desc(),
            )
            .limit(limit)
        )
    )


def tagged(
    field: str, entry: CatalogueEntry | None, refs: list[dict[str, str]]
) -> ColumnElement[bool]:
    """Articles whose ``field`` relation holds any of ``refs`` (or ``entry``)."""
    wanted = list(refs)
    if entry is not None:
        wanted.append({"documentId": entry.document_id})
        if entry.slug:
            wanted.append({"slug": entry.slug})
    return or_(*(CmsEntry.data[field].contains([ref]) for ref in wanted))
