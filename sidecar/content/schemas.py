"""Responses of the content API; the mirrored document is served as Strapi wrote it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class ContentOut(BaseModel):
    type: str  # the REST plural name: articles, pages, vehicle-makes...
    document_id: str
    locale: str
    published_at: datetime | None
    updated_at: datetime
    data: dict[str, Any]


class RelatedArticle(BaseModel):
    document_id: str
    locale: str
    slug: str | None
    title: str | None
    excerpt: str | None
    cover_url: str | None
    published_at: datetime | None
