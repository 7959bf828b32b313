"""Paying for an order, its payment attempts, and the providers' callbacks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response, status

from sidecar.auth.dependencies import CurrentPrincipal
from sidecar.core.database import Database, SessionDep, get_db
from sidecar.core.errors import BadRequest, NotFound, PayloadTooLarge
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.core.security import constant_time_equals
from sidecar.http.routing import TransactionalRoute
from sidecar.payments import service
from sidecar.payments.gateways import Gateways
from sidecar.payments.schemas import (
    CardPaymentStarted,
    MpesaAck,
    MpesaPaymentStarted,
    PaymentCreate,
    PaymentOut,
    StripeAck,
)
from sidecar.payments.stripe_gateway import BadSignature, verify_event

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/orders", tags=["payments"])
webhook_router = APIRouter(route_class=TransactionalRoute, prefix="/v1/webhooks", tags=["webhooks"])

OrderId = Annotated[int, Path(ge=1, le=2**62)]


async def get_gateways(request: Request) -> Gateways:
    gateways: Gateways = request.app.state.payments
    return gateways


GatewaysDep = Annotated[Gateways, Depends(get_gateways)]
DbDep = Annotated[Database, Depends(get_db)]


@router.post(
    "/{order_id}/payments",
    response_model=MpesaPaymentStarted | CardPaymentStarted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={201: {"model": CardPaymentStarted, "description": "a card payment started"}},
)
def start_payment(
    response: Response,
    db: DbDep,
    principal: CurrentPrincipal,
    gateways: GatewaysDep,
    order_id: OrderId,
    data: PaymentCreate,
) -> MpesaPaymentStarted | CardPaymentStarted:
    """The buyer pays: M-Pesa sends a PIN prompt to the phone (202); card returns the
    PaymentIntent's client secret for Stripe Elements (201). The order is paid once the
    provider confirms."""
    started = service.start_payment(
        db, payer=principal, order_id=order_id, data=data, gateways=gateways
    )
    if data.method == "card":
        response.status_code = status.HTTP_201_CREATED
        return CardPaymentStarted.model_validate(started)
    return MpesaPaymentStarted.model_validate(started)


@router.get("/{order_id}/payments", response_model=Page[PaymentOut])
def list_payments(
    session: SessionDep, principal: CurrentPrincipal, params: PageDep, order_id: OrderId
) -> dict[str, Any]:
    """The order's payment attempts, newest first (the buyer and admins)."""
    rows, total = service.list_payments(session, viewer=principal, order_id=order_id, params=params)
    return build_page(rows, params=params, total=total)


async def _capped_body(request: Request) -> bytes:
    limit = service.MAX_CALLBACK_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("Callback body too large.")
    body = await request.body()
    if len(body) > limit:
        raise PayloadTooLarge("Callback body too large.")
    return body


async def mpesa_callback_body(request: Request, token: str) -> bytes:
    """The body of a callback to the secret path; any other token is a 404.

    Daraja does not sign its callbacks: the path's token keeps strangers out, and
    nothing a callback says counts until the STK query confirms it.
    """
    gateways: Gateways = request.app.state.payments
    expected = gateways.callback_token
    if not expected or not constant_time_equals(token, expected):
        raise NotFound("Not Found")
    return await _capped_body(request)


async def stripe_event(request: Request) -> dict[str, Any]:
    """The event, once its Stripe-Signature checks out (400 otherwise)."""
    gateways: Gateways = request.app.state.payments
    body = await _capped_body(request)
    try:
        return verify_event(
            body, request.headers.get("stripe-signature"), gateways.stripe_webhook_secret
        )
    except BadSignature as exc:
        raise BadRequest("Invalid Stripe signature.") from exc


@webhook_router.post("/mpesa/{token}", response_model=MpesaAck)
def mpesa_callback(
    session: SessionDep, body: Annotated[bytes, Depends(mpesa_callback_body)]
) -> MpesaAck:
    """Daraja's STK push callback (and B2C refund results): recorded once, then checked
    with the STK query in a job."""
    service.record_mpesa_callback(session, body=body)
    return MpesaAck()


@webhook_router.post("/stripe", response_model=StripeAck)
def stripe_webhook(
    session: SessionDep, event: Annotated[dict[str, Any], Depends(stripe_event)]
) -> StripeAck:
    """Stripe's signed events: recorded once by event id, processed in a job."""
    service.record_stripe_event(session, event=event)
    return StripeAck()
