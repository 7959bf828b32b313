"""Authentication and role dependencies, shared by every router.

``CurrentUser`` is the signed-in user (401 otherwise); ``require_role(...)`` adds a
role check (403). Object-level checks live in each domain's dependencies or service.

Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` one in the
thread pool, a hand-off per dependency per request (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from sidecar.db import SessionDep
from sidecar.errors import Forbidden, Unauthorized
from sidecar.models import Role, User, Vendor
from sidecar.security import PasswordHasher, TokenService

_bearer = HTTPBearer(auto_error=False, description="The access JWT from login or refresh")


async def get_tokens(request: Request) -> TokenService:
    tokens: TokenService = request.app.state.tokens
    return tokens


async def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


TokensDep = Annotated[TokenService, Depends(get_tokens)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]


async def _optional_user(
    session: SessionDep,
    tokens: TokensDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User | None:
    if credentials is None:
        return None  # anonymous: no database, no thread
    claims = tokens.decode_access(credentials.credentials)
    user = await run_in_threadpool(session.get, User, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The account behind this token no longer exists or is disabled.")
    return user


async def _current_user(user: Annotated[User | None, Depends(_optional_user)]) -> User:
    if user is None:
        raise Unauthorized()
    return user


OptionalUser = Annotated[User | None, Depends(_optional_user)]
CurrentUser = Annotated[User, Depends(_current_user)]


def require_role(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency admitting only signed-in users with one of ``roles``."""
    allowed = frozenset(roles)

    async def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden()
        return user

    return check


AdminUser = Annotated[User, Depends(require_role(Role.ADMIN))]


def client_ip(request: Request) -> str | None:
    ip: str | None = request.scope.get("state", {}).get("client_ip")
    return ip


def _approved_vendor(session: SessionDep, user: CurrentUser) -> Vendor:
    """The caller's vendor profile; only approved vendors may sell."""
    if user.role != Role.VENDOR:
        raise Forbidden("Only vendors may do this.")
    vendor = session.scalar(select(Vendor).where(Vendor.user_id == user.id))
    if vendor is None or not vendor.approved:
        raise Forbidden("Your vendor account is awaiting approval.")
    return vendor


ApprovedVendor = Annotated[Vendor, Depends(_approved_vendor)]
