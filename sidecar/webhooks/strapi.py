"""The Strapi inbox: every webhook delivery becomes one ``webhook_events`` row.

Strapi neither signs nor retries webhooks, so a delivery is only a hint that a
document changed: it is recorded (exact repeats insert nothing), and a job
re-reads the document from Strapi's REST API (``sidecar.content.tasks``).
Deliveries with nothing to mirror (``media.*``, unknown content types, the admin's
"trigger" test) are recorded as already processed with outcome ``ignored``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sidecar import jobs
from sidecar.content.strapi_client import BY_UID, ContentType
from sidecar.errors import BadRequest, Unprocessable
from sidecar.models import WebhookEvent

SOURCE = "strapi"
PROCESS_TASK = "workers.tasks.process_strapi_event"
# Entries carry one level of relations; a long article is ~50 KB. The edge caps
# every body at MAX_BODY_BYTES (1 MiB); this endpoint needs far less.
MAX_DELIVERY_BYTES = 256 * 1024

_LOCALE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$"


class StrapiEntryRef(BaseModel):
    """What a delivery must say about the entry for us to re-read it."""

    # Strapi's entry carries every field of the content type: allow them all.
    model_config = ConfigDict(extra="allow")

    id: int | str | None = None
    document_id: str = Field(
        alias="documentId", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$"
    )
    locale: str | None = Field(default=None, max_length=10, pattern=_LOCALE_PATTERN)
    updated_at: str | None = Field(default=None, alias="updatedAt", max_length=40)


class StrapiDelivery(BaseModel):
    """The webhook body: ``{event, createdAt, model, uid, entry}`` (or ``media``)."""

    # Not extra="forbid": this is Strapi's format, which grows between versions.
    model_config = ConfigDict(extra="allow")

    event: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    uid: str | None = Field(default=None, max_length=120)
    entry: StrapiEntryRef | None = None
    media: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _entry_events_name_their_entry(self) -> StrapiDelivery:
        if self.event.startswith("entry.") and (self.uid is None or self.entry is None):
            raise ValueError("entry events need uid and entry.documentId")
        return self


class WebhookAccepted(BaseModel):
    accepted: bool
    duplicate: bool


@dataclass(frozen=True)
class Target:
    """The document (in one locale) a delivery is about."""

    content_type: ContentType
    document_id: str
    locale: str | None


def parse_delivery(body: bytes) -> tuple[StrapiDelivery, dict[str, Any]]:
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
        errors = [
            {
                "field": ".".join(str(part) for part in error["loc"]) or "body",
                "message": str(error["msg"]).removeprefix("Value error, "),
            }
            for error in exc.errors()
        ]
        raise Unprocessable("The webhook body is not a Strapi event.", errors=errors) from exc
    return delivery, raw


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


def record_delivery(
    session: Session, *, delivery: StrapiDelivery, payload: dict[str, Any]
) -> WebhookAccepted:
    """Inserts the delivery once (repeats change nothing) and queues its processing."""
    needs_processing = target_of(payload) is not None
    values: dict[str, Any] = {
        "source": SOURCE,
        "dedupe_key": dedupe_key(delivery),
        "event": delivery.event,
        "payload": payload,
    }
    if not needs_processing:
        values.update(processed_at=datetime.now(UTC), outcome="ignored")
    event_id = session.scalar(
        insert(WebhookEvent)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["source", "dedupe_key"])
        .returning(WebhookEvent.id)
    )
    if event_id is not None and needs_processing:
        jobs.enqueue(session, PROCESS_TASK, event_id)
    return WebhookAccepted(accepted=True, duplicate=event_id is None)


def mark_processed(session: Session, event: WebhookEvent, *, outcome: str) -> None:
    """Closes an inbox row: upserted, deleted, stale or ignored."""
    event.processed_at = datetime.now(UTC)
    event.outcome = outcome
    session.flush()


def pending_webhook_events(
    session: Session, older_than: timedelta, *, limit: int = 500
) -> list[int]:
    """Strapi deliveries still unprocessed after ``older_than`` (for the sweep)."""
    query = (
        select(WebhookEvent.id)
        .where(WebhookEvent.source == SOURCE)
        .where(WebhookEvent.processed_at.is_(None))
        .where(WebhookEvent.received_at < datetime.now(UTC) - older_than)
        .order_by(WebhookEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))
