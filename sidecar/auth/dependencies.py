"""Who is calling, resolved once per request: the dependencies every router uses.

``OptionalPrincipal`` is the caller or None; ``CurrentPrincipal`` requires a signed-in
caller (401); ``require_role(...)`` adds a role check (403); ``AdminPrincipal`` and
``VendorPrincipal`` (an approved vendor) are the common ones. Object-level checks
(owner, the part's vendor...) are the domains' own, in their services.

Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` one in the
thread pool, a hand-off per dependency per request (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sidecar.auth import repository
from sidecar.auth.principal import Principal
from sidecar.core import clock
from sidecar.core.database import SessionDep, read_in_thread
from sidecar.core.errors import Forbidden, Unauthorized
from sidecar.core.security import PasswordHasher, TokenService
from sidecar.core.throttle import FailureThrottle
from sidecar.models import Role

_bearer = HTTPBearer(auto_error=False, description="The access JWT from login or refresh")


async def get_tokens(request: Request) -> TokenService:
    tokens: TokenService = request.app.state.tokens
    return tokens


async def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


async def get_login_throttle(request: Request) -> FailureThrottle:
    throttle: FailureThrottle = request.app.state.login_throttle
    return throttle


TokensDep = Annotated[TokenService, Depends(get_tokens)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
LoginThrottleDep = Annotated[FailureThrottle, Depends(get_login_throttle)]


async def _optional_principal(
    session: SessionDep,
    tokens: TokensDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    if credentials is None:
        return None  # anonymous: no database, no thread
    claims = tokens.decode_access(credentials.credentials)
    principal = await read_in_thread(
        session, repository.principal_in_session, claims.user_id, claims.session_id, clock.utcnow()
    )
    if principal is None or not principal.user.is_active:
        raise Unauthorized(
            "The session behind this token has ended, or the account is disabled; sign in again."
        )
    return principal


async def _current_principal(
    principal: Annotated[Principal | None, Depends(_optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized()
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(_optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(_current_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting only signed-in callers with one of ``roles``."""
    allowed = frozenset(roles)

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise Forbidden()
        return principal

    return check


AdminPrincipal = Annotated[Principal, Depends(require_role(Role.ADMIN))]


async def _approved_vendor(principal: CurrentPrincipal) -> Principal:
    """The caller, if an approved vendor: only they may sell parts."""
    if not principal.is_vendor:
        raise Forbidden("Only vendors may do this.")
    if not principal.is_approved_vendor:
        raise Forbidden("Your vendor account is awaiting approval.")
    return principal


VendorPrincipal = Annotated[Principal, Depends(_approved_vendor)]
