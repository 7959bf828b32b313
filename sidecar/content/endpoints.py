"""The public content API: what the site shows from Strapi, served from the mirror."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from sidecar.content import service
from sidecar.content.schemas import ContentOut
from sidecar.db import SessionDep
from sidecar.pagination import Page, PageDep, build_page

router = APIRouter(prefix="/v1/content", tags=["content"])

ContentTypeName = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        description="articles, pages, vehicle-makes, vehicle-models, faqs, banners "
        "(or the singular)",
    ),
]
DocumentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Locale = Annotated[
    str,
    Query(
        max_length=15,
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$",
        description="en or sw; the make/model catalogue is the same in every locale",
    ),
]


@router.get("/{content_type}", response_model=Page[ContentOut])
def list_content(
    session: SessionDep,
    params: PageDep,
    content_type: ContentTypeName,
    locale: Locale = "en",
    slug: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> dict[str, Any]:
    """Published content of one type (banners: only those showing now)."""
    rows, total = service.list_content(
        session, type_name=content_type, locale=locale, slug=slug, params=params
    )
    return build_page(rows, params=params, total=total)


@router.get("/{content_type}/{document_id}", response_model=ContentOut)
def get_content(
    session: SessionDep,
    content_type: ContentTypeName,
    document_id: DocumentId,
    locale: Locale = "en",
) -> dict[str, Any]:
    """One published document by its Strapi documentId."""
    return service.get_content(
        session, type_name=content_type, document_id=document_id, locale=locale
    )
