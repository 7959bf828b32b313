"""The public content API (what the site shows from Strapi, served from the mirror),
and the receiver of Strapi's webhooks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, status

from sidecar.content import service
from sidecar.content.schemas import (
    DOCUMENT_ID_PATTERN,
    LOCALE_PATTERN,
    ContentOut,
    WebhookAccepted,
)
from sidecar.core.database import SessionDep
from sidecar.core.errors import PayloadTooLarge, Unauthorized
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.core.security import constant_time_equals
from sidecar.core.settings import Settings
from sidecar.http.routing import TransactionalRoute
from sidecar.models import CmsEntry

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/content", tags=["content"])
webhook_router = APIRouter(route_class=TransactionalRoute, prefix="/v1/webhooks", tags=["webhooks"])

SECRET_HEADER = "X-Gurumisha-Webhook-Secret"  # noqa: S105 (a header name)

ContentTypeName = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        description="articles, pages, vehicle-makes, vehicle-models, faqs, banners "
        "(or the singular)",
    ),
]
DocumentId = Annotated[str, Path(min_length=1, max_length=64, pattern=DOCUMENT_ID_PATTERN)]
Locale = Annotated[
    str,
    Query(
        max_length=15,
        pattern=LOCALE_PATTERN,
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
) -> CmsEntry:
    """One published document by its Strapi documentId."""
    return service.get_content(
        session, type_name=content_type, document_id=document_id, locale=locale
    )


async def _capped_body(request: Request, limit: int) -> bytes:
    too_large = PayloadTooLarge(f"The webhook body may be at most {limit} bytes.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


async def verified_strapi_delivery(request: Request) -> service.ParsedDelivery:
    """The delivery, once the shared secret checks out (401) and the body fits (413).

    An unset STRAPI_WEBHOOK_SECRET refuses everything: nothing unauthenticated gets in.
    """
    settings: Settings = request.app.state.settings
    expected = settings.strapi_webhook_secret
    supplied = request.headers.get(SECRET_HEADER)
    if not expected or supplied is None or not constant_time_equals(supplied, expected):
        raise Unauthorized("Invalid webhook secret.")
    body = await _capped_body(request, service.MAX_DELIVERY_BYTES)
    return service.parse_delivery(body)


VerifiedDelivery = Annotated[service.ParsedDelivery, Depends(verified_strapi_delivery)]


@webhook_router.post(
    "/strapi", status_code=status.HTTP_202_ACCEPTED, response_model=WebhookAccepted
)
def receive_strapi_webhook(delivery: VerifiedDelivery, session: SessionDep) -> WebhookAccepted:
    """Records a Strapi delivery; processing (re-reading the document) happens in a job."""
    return service.record_delivery(session, parsed=delivery)
