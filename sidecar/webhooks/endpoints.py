"""Inbound webhooks from Strapi (Twilio's status callbacks live in ``twilio.py``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status

from sidecar.config import Settings
from sidecar.db import SessionDep
from sidecar.errors import PayloadTooLarge, Unauthorized
from sidecar.security import constant_time_equals
from sidecar.webhooks import strapi
from sidecar.webhooks.strapi import StrapiDelivery, WebhookAccepted

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

SECRET_HEADER = "X-Gurumisha-Webhook-Secret"  # noqa: S105 (a header name)


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


async def verified_strapi_delivery(request: Request) -> tuple[StrapiDelivery, dict[str, Any]]:
    """The delivery, once the shared secret checks out (401) and the body fits (413).

    An unset STRAPI_WEBHOOK_SECRET refuses everything: nothing unauthenticated gets in.
    """
    settings: Settings = request.app.state.settings
    expected = settings.strapi_webhook_secret
    supplied = request.headers.get(SECRET_HEADER)
    if not expected or supplied is None or not constant_time_equals(supplied, expected):
        raise Unauthorized("Invalid webhook secret.")
    body = await _capped_body(request, strapi.MAX_DELIVERY_BYTES)
    return strapi.parse_delivery(body)


VerifiedDelivery = Annotated[
    tuple[StrapiDelivery, dict[str, Any]], Depends(verified_strapi_delivery)
]


@router.post("/strapi", status_code=status.HTTP_202_ACCEPTED, response_model=WebhookAccepted)
def receive_strapi_webhook(delivery: VerifiedDelivery, session: SessionDep) -> WebhookAccepted:
    """Records a Strapi delivery; processing (re-reading the document) happens in a job."""
    parsed, payload = delivery
    return strapi.record_delivery(session, delivery=parsed, payload=payload)
