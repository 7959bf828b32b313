"""Twilio's delivery callbacks (StatusCallback): signed, then applied to notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from twilio.request_validator import RequestValidator

from sidecar.config import Settings
from sidecar.db import SessionDep
from sidecar.errors import BadRequest, Forbidden, PayloadTooLarge
from sidecar.notifications import service

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

MAX_CALLBACK_BYTES = 16_384


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


@router.post("/twilio/status", status_code=status.HTTP_204_NO_CONTENT)
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
