from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Request, Response, status

from sidecar.auth import service
from sidecar.auth.dependencies import CurrentPrincipal, HasherDep, LoginThrottleDep, TokensDep
from sidecar.auth.schemas import (
    LoginIn,
    MeOut,
    PhoneCodeSentOut,
    PhoneConfirmIn,
    RegisterIn,
    SessionOut,
    TokenOut,
    UpdateMeIn,
    UserOut,
)
from sidecar.core.database import DatabaseDep, SessionDep
from sidecar.core.errors import Forbidden
from sidecar.core.settings import Settings
from sidecar.http.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/auth", tags=["auth"])

REFRESH_COOKIE = "gm_refresh"
COOKIE_PATH = "/v1/auth"

RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _set_refresh_cookie(response: Response, token: str, settings: Settings) -> None:
    # Tokens are in this response: no browser, proxy or CDN may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        REFRESH_COOKIE,
        token,
        max_age=settings.refresh_token_ttl_days * 86400,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
    )


def _clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        REFRESH_COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
    )


async def trusted_origin(request: Request) -> None:
    """CSRF defence beside SameSite=Strict: a browser's Origin must be one we serve."""
    origin = request.headers.get("origin")
    if origin is not None and origin not in _settings(request).cors_origins:
        raise Forbidden("This origin may not use the session cookie.")


def _session_out(issued: service.IssuedSession, tokens: TokensDep) -> SessionOut:
    return SessionOut(
        user=UserOut.of(issued.principal),
        token=issued.access_token,
        expires_in=int(tokens.access_ttl.total_seconds()),
    )


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=SessionOut)
def register(
    data: RegisterIn,
    request: Request,
    response: Response,
    db: DatabaseDep,
    hasher: HasherDep,
    tokens: TokensDep,
) -> SessionOut:
    """Creates a customer or vendor account and signs it in."""
    issued = service.register(db, data=data, hasher=hasher, tokens=tokens)
    _set_refresh_cookie(response, issued.refresh_token, _settings(request))
    return _session_out(issued, tokens)


@router.post("/login", response_model=SessionOut)
def login(
    data: LoginIn,
    request: Request,
    response: Response,
    db: DatabaseDep,
    hasher: HasherDep,
    tokens: TokensDep,
    throttle: LoginThrottleDep,
) -> SessionOut:
    """Signs in with email and password."""
    issued = service.login(
        db,
        email=data.email,
        password=data.password,
        hasher=hasher,
        tokens=tokens,
        throttle=throttle,
    )
    _set_refresh_cookie(response, issued.refresh_token, _settings(request))
    return _session_out(issued, tokens)


@router.post("/refresh", response_model=TokenOut, dependencies=[Depends(trusted_origin)])
def refresh(
    request: Request,
    response: Response,
    db: DatabaseDep,
    tokens: TokensDep,
    refresh_token: RefreshCookie = None,
) -> TokenOut:
    """Swaps the refresh cookie for a new access token and a rotated cookie."""
    if not refresh_token:
        raise service.InvalidRefreshToken("No refresh cookie was sent; sign in again.")
    issued = service.rotate_refresh_token(db, presented=refresh_token, tokens=tokens)
    _set_refresh_cookie(response, issued.refresh_token, _settings(request))
    return TokenOut(token=issued.access_token, expires_in=int(tokens.access_ttl.total_seconds()))


@router.post(
    "/logout", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Depends(trusted_origin)]
)
def logout(
    request: Request, response: Response, session: SessionDep, refresh_token: RefreshCookie = None
) -> Response:
    """Revokes the session behind the refresh cookie and clears it."""
    service.logout(session, presented=refresh_token)
    response.status_code = status.HTTP_204_NO_CONTENT
    _clear_refresh_cookie(response, _settings(request))
    return response


@router.get("/me", response_model=MeOut)
async def me(principal: CurrentPrincipal) -> MeOut:
    """The signed-in user."""
    return MeOut(user=UserOut.of(principal))


@router.post("/phone/verify", status_code=status.HTTP_202_ACCEPTED, response_model=PhoneCodeSentOut)
def verify_phone(
    session: SessionDep, principal: CurrentPrincipal, tokens: TokensDep
) -> PhoneCodeSentOut:
    """Sends a 6-digit code to the profile's phone by WhatsApp (valid 10 minutes)."""
    issued = service.request_phone_code(session, principal=principal, tokens=tokens)
    return PhoneCodeSentOut(expires_at=issued.expires_at)


@router.post("/phone/confirm", response_model=MeOut)
def confirm_phone(
    db: DatabaseDep, principal: CurrentPrincipal, tokens: TokensDep, data: PhoneConfirmIn
) -> MeOut:
    """Confirms the phone with the code (5 tries); WhatsApp messages may then go to it."""
    confirmed = service.confirm_phone(db, principal=principal, code=data.code, tokens=tokens)
    return MeOut(user=UserOut.of(confirmed))


@router.patch("/me", response_model=MeOut)
def update_me(session: SessionDep, principal: CurrentPrincipal, data: UpdateMeIn) -> MeOut:
    """Updates the caller's name, phone, WhatsApp opt-in and language."""
    updated = service.update_me(session, principal=principal, data=data)
    return MeOut(user=UserOut.of(updated))
