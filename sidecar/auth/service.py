"""Accounts and sessions: registration, login, refresh rotation, logout, profile."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sidecar.auth import repository
from sidecar.auth.principal import Principal
from sidecar.auth.schemas import RegisterIn, UpdateMeIn
from sidecar.core import audit, clock
from sidecar.core.database import Database
from sidecar.core.errors import Conflict, TooManyRequests, Unauthorized, Unprocessable
from sidecar.core.security import (
    PasswordHasher,
    TokenService,
    hash_refresh_token,
    new_refresh_token,
)
from sidecar.core.throttle import FailureThrottle
from sidecar.models import RefreshToken, Role, User, Vendor


class EmailTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("An account with this email already exists.")


class InvalidCredentials(Unauthorized):
    def __init__(self) -> None:
        # One message for unknown email, wrong password and disabled account.
        super().__init__("Invalid email or password.")


class TooManyFailedSignIns(TooManyRequests):
    def __init__(self, wait: int) -> None:
        # The same words whether the account exists or not.
        super().__init__(
            f"Too many failed sign-ins for this email; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )


class InvalidRefreshToken(Unauthorized):
    def __init__(self, detail: str = "The session has expired; sign in again.") -> None:
        super().__init__(detail)


@dataclass(frozen=True)
class IssuedSession:
    principal: Principal
    access_token: str
    refresh_token: str


def _start_session(session: Session, principal: Principal, tokens: TokenService) -> IssuedSession:
    """Issues an access token and the first refresh token of a new family."""
    refresh = new_refresh_token()
    family_id = uuid.uuid4()
    session.add(
        RefreshToken(
            user_id=principal.id,
            family_id=family_id,
            token_hash=hash_refresh_token(refresh),
            expires_at=clock.utcnow() + tokens.refresh_ttl,
        )
    )
    access = tokens.issue_access(user_id=principal.id, role=principal.role, session_id=family_id)
    return IssuedSession(principal=principal, access_token=access, refresh_token=refresh)


def register(
    db: Database, *, data: RegisterIn, hasher: PasswordHasher, tokens: TokenService
) -> IssuedSession:
    """Creates a customer or an (unapproved) vendor account and signs it in.

    The hash is made before any connection is taken: a burst of sign-ups waiting for
    hashing slots must not hold the pool that every other request needs. (A taken
    email costs the same hash, so timing tells nothing either.)
    """
    password_hash = hasher.hash(data.password)
    with db.transaction() as session:
        principal = create_account(session, data=data, password_hash=password_hash)
        return _start_session(session, principal, tokens)


def create_account(session: Session, *, data: RegisterIn, password_hash: str) -> Principal:
    """Creates a customer or an (unapproved) vendor account, audited."""
    email = data.email.lower()
    user = User(
        email=email,
        password_hash=password_hash,
        role=data.role,
        full_name=data.full_name,
        phone=data.phone,
        whatsapp_opt_in=data.whatsapp_opt_in,
        language=data.language,
        is_active=True,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # the email is taken (a concurrent registration won)
        raise EmailTaken() from exc
    vendor = None
    if data.role is Role.VENDOR and data.company_name:  # RegisterIn requires it for vendors
        vendor = Vendor(user_id=user.id, company_name=data.company_name, approved=False)
        session.add(vendor)
        session.flush()
        audit.record(
            session,
            actor_id=user.id,
            action="vendor.create",
            resource_type="vendor",
            resource_id=vendor.id,
            changes={"company_name": vendor.company_name, "approved": False},
        )
    audit.record(
        session,
        actor_id=user.id,
        action="user.register",
        resource_type="user",
        resource_id=user.id,
        changes={"email": email, "role": data.role},
    )
    return Principal(user, vendor)


def throttle_key(email: str) -> str:
    """The per-account throttle's key: the normalised email, hashed (no emails in Redis)."""
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def login(
    db: Database,
    *,
    email: str,
    password: str,
    hasher: PasswordHasher,
    tokens: TokenService,
    throttle: FailureThrottle,
) -> IssuedSession:
    """Checks credentials and starts a session; never says which part was wrong.

    Three steps, and no connection is held during the slow middle one: read the
    account, check the password (~270 ms of bcrypt, maybe waiting for a slot), then
    record the login. Failures are counted per email, known or not: after five in 15
    minutes the email must wait (429), longer with each further failure.
    """
    key = throttle_key(email)
    if wait := throttle.wait_seconds(key):
        raise TooManyFailedSignIns(wait)
    with db.transaction() as session:
        user = repository.find_by_email(session, email)
        account = (user.id, user.password_hash, user.is_active) if user else None
    # Verify even when the user is unknown, so timing does not reveal accounts.
    valid = hasher.verify(password, account[1] if account else None)
    if account is None or not valid or not account[2]:
        throttle.failed(key)
        raise InvalidCredentials()
    throttle.succeeded(key)
    with db.transaction() as session:
        principal = repository.principal_for(session, account[0])
        if principal is None or not principal.user.is_active:  # changed meanwhile
            raise InvalidCredentials()
        audit.record(
            session,
            actor_id=principal.id,
            action="auth.login",
            resource_type="user",
            resource_id=principal.id,
        )
        return _start_session(session, principal, tokens)


def rotate_refresh_token(db: Database, *, presented: str, tokens: TokenService) -> IssuedSession:
    """Swaps a refresh token for a new one; a rotated token seen again revokes its family.

    Except within the grace window: the token rotated moments ago (its successor still
    live) presented again — two tabs, a client's retry — gets another token of the
    same session. Runs its own transaction: on reuse the revocation must be committed
    even though the caller gets a 401.
    """
    now = clock.utcnow()
    reused = False
    with db.transaction() as session:
        current = repository.refresh_token_for_update(session, hash_refresh_token(presented))
        if current is None:
            raise InvalidRefreshToken()
        rotated = current.revoked_at is not None or current.replaced_by is not None
        if rotated and not _within_grace(session, current, now=now, grace=tokens.reuse_grace):
            reused = True
            repository.revoke_family(session, current.family_id, now)
            audit.record(
                session,
                actor_id=current.user_id,
                action="auth.refresh_reuse",
                resource_type="refresh_token_family",
                resource_id=str(current.family_id),
            )
        else:
            if current.expires_at <= now:
                raise InvalidRefreshToken()
            principal = repository.principal_for(session, current.user_id)
            if principal is None or not principal.user.is_active:
                raise InvalidRefreshToken()
            refresh = new_refresh_token()
            successor = RefreshToken(
                user_id=principal.id,
                family_id=current.family_id,
                token_hash=hash_refresh_token(refresh),
                # Rotation does not extend the login: the family keeps its deadline.
                expires_at=current.expires_at,
            )
            session.add(successor)
            session.flush()
            if not rotated:
                current.revoked_at = now
                current.replaced_by = successor.id
            audit.record(
                session,
                actor_id=principal.id,
                action="auth.refresh_grace" if rotated else "auth.refresh",
                resource_type="refresh_token_family",
                resource_id=str(current.family_id),
            )
            issued = IssuedSession(
                principal=principal,
                access_token=tokens.issue_access(
                    user_id=principal.id, role=principal.role, session_id=current.family_id
                ),
                refresh_token=refresh,
            )
    if reused:
        raise InvalidRefreshToken("This session was revoked because a refresh token was reused.")
    return issued


def _within_grace(
    session: Session, token: RefreshToken, *, now: datetime, grace: timedelta
) -> bool:
    """Whether ``token`` was rotated within ``grace`` and its successor is still live."""
    if token.revoked_at is None or token.replaced_by is None or now - token.revoked_at > grace:
        return False
    successor = session.get(RefreshToken, token.replaced_by)
    return successor is not None and successor.revoked_at is None


def logout(session: Session, *, presented: str | None) -> None:
    """Revokes the whole family of the presented refresh token, if it is one of ours."""
    if not presented:
        return
    token = repository.refresh_token(session, hash_refresh_token(presented))
    if token is None:
        return
    repository.revoke_family(session, token.family_id, clock.utcnow())
    audit.record(
        session,
        actor_id=token.user_id,
        action="auth.logout",
        resource_type="refresh_token_family",
        resource_id=str(token.family_id),
    )


def update_me(session: Session, *, principal: Principal, data: UpdateMeIn) -> Principal:
    """Updates the caller's own profile fields."""
    user = principal.user
    changes = data.model_dump(exclude_unset=True)
    phone = changes.get("phone", user.phone)
    if changes.get("whatsapp_opt_in") and not phone:
        raise Unprocessable("whatsapp_opt_in needs a phone number.")
    for field, value in changes.items():
        setattr(user, field, value)
    if "phone" in changes and not phone:
        user.whatsapp_opt_in = False
    session.flush()
    audit.record(
        session,
        actor_id=user.id,
        action="user.update",
        resource_type="user",
        resource_id=user.id,
        changes=changes,
    )
    return principal


def create_or_promote_admin(
    session: Session, *, email: str, password: str, hasher: PasswordHasher
) -> tuple[User, bool]:
    """Creates an admin, or makes an existing account admin; returns (user, created)."""
    user = repository.find_by_email(session, email)
    created = user is None
    if user is None:
        user = User(email=email.strip().lower(), role=Role.ADMIN, is_active=True)
        session.add(user)
    user.role = Role.ADMIN
    user.password_hash = hasher.hash(password)
    user.is_active = True
    session.flush()
    audit.record(
        session,
        actor_id=None,
        action="user.create_admin" if created else "user.promote_admin",
        resource_type="user",
        resource_id=user.id,
        changes={"email": user.email, "role": Role.ADMIN.value},
    )
    return user, created
