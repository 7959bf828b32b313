"""The content API's shapes, and the Strapi webhook's: the mirror is served as Strapi wrote it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sidecar.content.strapi_client import BY_UID
from sidecar.models import CmsEntry

# BCP 47 as Strapi writes locales: "en", "sw", "pt-BR", "zh-Hant-TW".
LOCALE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$"
DOCUMENT_ID_PATTERN = r"^[A-Za-z0-9_-]+$"


class ContentOut(BaseModel):
    type: str  # the REST plural name: articles, pages, vehicle-makes...
    document_id: str
    locale: str
    published_at: datetime | None
    updated_at: datetime
    data: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _from_entry(cls, value: Any) -> Any:
        if isinstance(value, CmsEntry):
            return {
                "type": BY_UID[value.uid].plural,
                "document_id": value.document_id,
                "locale": value.locale,
                "published_at": value.published_at,
                "updated_at": value.updated_at,
                "data": value.data,
            }
        return value


class RelatedArticle(BaseModel):
    document_id: str
    locale: str
    slug: str | None
    title: str | None
    excerpt: str | None
    cover_url: str | None
    published_at: datetime | None


class StrapiEntryRef(BaseModel):
    """What a delivery must say about the entry for us to re-read it."""

    # Strapi's entry carries every field of the content type: allow them all.
    model_config = ConfigDict(extra="allow")

    id: int | str | None = None
    document_id: str = Field(
        alias="documentId", min_length=1, max_length=64, pattern=DOCUMENT_ID_PATTERN
    )
    locale: str | None = Field(default=None, max_length=10, pattern=LOCALE_PATTERN)
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
