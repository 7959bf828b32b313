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
from sidecar.core import audit, clock, outbox
from sidecar.core.database import Database
from sidecar.core.errors import Conflict, TooManyRequests, Unauthorized, Unprocessable
from sidecar.core.events import PhoneVerificationRequested
from sidecar.core.security import (
    PasswordHasher,
    TokenService,
    constant_time_equals,
    hash_refresh_token,
    new_code,
    new_refresh_token,
)
from sidecar.core.throttle import FailureThrottle
from sidecar.models import (
    EventKind,
    PhoneVerification,
    RefreshToken,
    Role,
    User,
    Vendor,
    VendorKind,
)


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
        kinds = sorted(set(data.vendor_kinds or [VendorKind.PARTS]))
        vendor = Vendor(
            user_id=user.id,
            company_name=data.company_name,
            approved=False,
            kinds=[str(kind) for kind in kinds],
        )
        session.add(vendor)
        session.flush()
        audit.record(
            session,
            actor_id=user.id,
            action="vendor.create",
            resource_type="vendor",
            resource_id=vendor.id,
            changes={"company_name": vendor.company_name, "approved": False, "kinds": vendor.kinds},
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
    phone_changed = "phone" in changes and changes["phone"] != user.phone
    for field, value in changes.items():
        setattr(user, field, value)
    if phone_changed:
        user.phone_verified_at = None  # a new number must be verified again
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


# Phone verification: a 6-digit code by WhatsApp, good for 10 minutes and 5 tries.
CODE_TTL = timedelta(minutes=10)
CODE_TRIES = 5
RESEND_AFTER = timedelta(seconds=60)


class NoPhone(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "Add a phone number to your profile first.",
            errors=[{"field": "phone", "message": "no phone number on the profile"}],
        )


class PhoneAlreadyVerified(Conflict):
    def __init__(self) -> None:
        super().__init__("This phone number is already verified.")


class CodeSentRecently(TooManyRequests):
    def __init__(self, wait: int) -> None:
        super().__init__(
            f"A code was sent moments ago; you can ask for another in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )


class WrongCode(Unprocessable):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, errors=[{"field": "code", "message": detail}])


class TooManyCodeTries(TooManyRequests):
    def __init__(self) -> None:
        super().__init__("Too many wrong codes; ask for a new one.", headers={"Retry-After": "60"})


@dataclass(frozen=True)
class IssuedCode:
    verification_id: int
    code: str  # for the message only: the API never returns it
    expires_at: datetime


def request_phone_code(
    session: Session, *, principal: Principal, tokens: TokenService
) -> IssuedCode:
    """Sends a fresh code to the caller's phone by WhatsApp (through the outbox)."""
    user = principal.user
    if not user.phone:
        raise NoPhone()
    if user.phone_verified_at is not None:
        raise PhoneAlreadyVerified()
    now = clock.utcnow()
    last = repository.latest_phone_verification(session, user.id)
    if last is not None and last.confirmed_at is None and now - last.created_at < RESEND_AFTER:
        raise CodeSentRecently(int((RESEND_AFTER - (now - last.created_at)).total_seconds()) + 1)
    code = new_code()
    verification = PhoneVerification(
        user_id=user.id,
        phone=user.phone,
        code_hash="",
        # The service's clock, not the database's: the resend wait is measured with it.
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    session.add(verification)
    session.flush()
    verification.code_hash = tokens.code_digest(code, salt=str(verification.id))
    outbox.emit(
        session,
        kind=EventKind.PHONE_VERIFICATION,
        payload=PhoneVerificationRequested(verification_id=verification.id, code=code),
        dedupe_key=f"phone.verification:{verification.id}",
    )
    audit.record(
        session,
        actor_id=user.id,
        action="user.phone_code_sent",
        resource_type="user",
        resource_id=user.id,
        changes={"phone": user.phone},
    )
    return IssuedCode(verification.id, code, verification.expires_at)


@dataclass(frozen=True)
class CodeCheck:
    right: bool
    tries_left: int


def check_phone_code(
    session: Session, *, principal: Principal, code: str, tokens: TokenService
) -> CodeCheck:
    """Checks ``code`` against the caller's latest one in ``session``; a right code
    verifies the phone, a wrong one uses up a try."""
    now = clock.utcnow()
    user = session.get(User, principal.id, with_for_update=True)
    if user is None:
        raise InvalidCredentials()
    if user.phone_verified_at is not None:
        raise PhoneAlreadyVerified()
    verification = repository.latest_phone_verification(session, user.id, for_update=True)
    if verification is None or verification.phone != user.phone:
        raise WrongCode("Ask for a code first.")
    if verification.expires_at <= now:
        raise WrongCode("This code has expired; ask for a new one.")
    if verification.attempts >= CODE_TRIES:
        raise TooManyCodeTries()
    given = tokens.code_digest(code, salt=str(verification.id))
    if not constant_time_equals(verification.code_hash, given):
        verification.attempts += 1
        return CodeCheck(right=False, tries_left=CODE_TRIES - verification.attempts)
    verification.confirmed_at = now
    user.phone_verified_at = now
    audit.record(
        session,
        actor_id=user.id,
        action="user.phone_verified",
        resource_type="user",
        resource_id=user.id,
        changes={"phone": user.phone},
    )
    return CodeCheck(right=True, tries_left=CODE_TRIES - verification.attempts)


def confirm_phone(
    db: Database, *, principal: Principal, code: str, tokens: TokenService
) -> Principal:
    """Checks a code in its own transaction: a wrong try is counted (committed) even
    though the caller gets a 422."""
    with db.transaction() as session:
        check = check_phone_code(session, principal=principal, code=code, tokens=tokens)
        confirmed = repository.principal_for(session, principal.id)
    if not check.right:
        if check.tries_left:
            raise WrongCode(f"That code is not right; {check.tries_left} tries left.")
        raise TooManyCodeTries()
    if confirmed is None:  # pragma: no cover - the row was locked above
        raise InvalidCredentials()
    return confirmed
