"""Delivery records for their readers, and Twilio's signed delivery callbacks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from twilio.request_validator import RequestValidator

from sidecar.auth.dependencies import CurrentPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.errors import BadRequest, Forbidden, PayloadTooLarge
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.core.settings import Settings
from sidecar.http.routing import TransactionalRoute
from sidecar.models import Channel, NotificationStatus
from sidecar.notifications import service
from sidecar.notifications.schemas import NotificationOut

router = APIRouter(
    route_class=TransactionalRoute, prefix="/v1/notifications", tags=["notifications"]
)
webhook_router = APIRouter(route_class=TransactionalRoute, prefix="/v1/webhooks", tags=["webhooks"])

MAX_CALLBACK_BYTES = 16_384


@router.get("", response_model=Page[NotificationOut])
def list_notifications(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageDep,
    user_id: Annotated[int | None, Query(alias="user", ge=1)] = None,
    channel: Annotated[Channel | None, Query()] = None,
    status: Annotated[NotificationStatus | None, Query()] = None,
) -> dict[str, Any]:
    """The caller's own messages, newest first; admins see all and may filter by user."""
    rows, total = service.list_notifications(
        session, viewer=principal, params=params, user_id=user_id, channel=channel, status=status
    )
    return build_page(rows, params=params, total=total)


async def signed_twilio_params(request: Request) -> dict[str, str]:
    """The callback's form fields, once X-Twilio-Signature checks out (403 otherwise).

    The signature covers the public URL Twilio called, which behind a proxy is not
    the URL this process sees, so it is checked against TWILIO_STATUS_CALLBACK_URL.
    """
    settings: Settings = request.app.state.settings
    if len(await request.body()) > MAX_CALLBACK_BYTES:
        raise PayloadTooLarge("Callback body too large.")
    form = await request.form()
    params = {key: str(value) for key, value in form.items()}
    signature = request.headers.get("x-twilio-signature", "")
    # An unset token or callback URL refuses everything: nothing unsigned gets in.
    if not (settings.twilio_auth_token and settings.twilio_status_callback_url and signature):
        raise Forbidden("Invalid Twilio signature.")
    validator = RequestValidator(settings.twilio_auth_token)
    if not validator.validate(settings.twilio_status_callback_url, params, signature):
        raise Forbidden("Invalid Twilio signature.")
    return params


@webhook_router.post("/twilio/status", status_code=status.HTTP_204_NO_CONTENT)
def twilio_status(
    session: SessionDep, params: Annotated[dict[str, str], Depends(signed_twilio_params)]
) -> Response:
    """Records a WhatsApp delivery status (sent, delivered, read, failed, undelivered)."""
    sid, message_status = params.get("MessageSid"), params.get("MessageStatus")
    if not sid or not message_status:
        raise BadRequest("MessageSid and MessageStatus are required.")
    service.apply_twilio_status(
        session, message_sid=sid, status=message_status, error_code=params.get("ErrorCode")
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
