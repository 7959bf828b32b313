"""Password hashing and tokens.

bcrypt is deliberately slow (~270 ms of a core at cost 12). Routes that hash are
plain ``def`` functions, so FastAPI runs them in its thread pool, off the event
loop; a semaphore caps concurrent hashes and refuses (429) beyond the cap instead
of letting requests queue into timeouts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import bcrypt
import jwt

from sidecar.core import clock
from sidecar.core.errors import TooManyRequests, Unauthorized
from sidecar.core.settings import Settings

JWT_ALGORITHM = "HS256"  # pinned: decode accepts nothing else ("none" included)
# bcrypt reads at most 72 bytes and the library refuses longer input; a longer
# password can never be one of ours (registration refuses it), so it just fails.
_BCRYPT_MAX_BYTES = 72
# Far beyond any token we issue (15 minutes): a bigger exp or iat is a forgery.
_MAX_TIMESTAMP = 2**33  # the year 2242
# Clocks of the processes that issue and check tokens may differ a little.
_LEEWAY_SECONDS = 5
# bcrypt only reads the first 72 bytes; longer passwords are refused at the schema.
BCRYPT_MAX_BYTES = 72


class SlotGauges(Protocol):
    """Where the hasher reports its slots (sidecar.http.metrics.Metrics)."""

    def slots_taken(self, delta: int) -> None: ...

    def slot_refused(self) -> None: ...


class PasswordHasher:
    def __init__(
        self, *, rounds: int, max_concurrent: int, gauges: SlotGauges | None = None
    ) -> None:
        if rounds < 12:
            raise ValueError("bcrypt cost must be at least 12")
        self.rounds = rounds
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._gauges = gauges
        self._dummy_hash: bytes | None = None

    @property
    def dummy_hash(self) -> bytes:
        """A real hash to check when the email is unknown, so a login for a missing
        account costs the same time as one with a wrong password (made on first use)."""
        if self._dummy_hash is None:
            self._dummy_hash = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(self.rounds))
        return self._dummy_hash

    def _slot(self) -> threading.BoundedSemaphore:
        if not self._slots.acquire(timeout=2.0):
            if self._gauges is not None:
                self._gauges.slot_refused()
            raise TooManyRequests(
                "The server is busy checking passwords; try again in a moment.",
                headers={"Retry-After": "1"},
            )
        if self._gauges is not None:
            self._gauges.slots_taken(1)
        return self._slots

    def _release(self) -> None:
        self._slots.release()
        if self._gauges is not None:
            self._gauges.slots_taken(-1)

    def hash(self, password: str) -> str:
        self._slot()
        try:
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt(self.rounds)).decode()
        finally:
            self._release()

    def verify(self, password: str, password_hash: str | None) -> bool:
        """Whether ``password`` matches; always pays for one hash, known account or not."""
        secret = password.encode()
        too_long = len(secret) > _BCRYPT_MAX_BYTES
        self._slot()
        try:
            target = password_hash.encode() if password_hash and not too_long else self.dummy_hash
            ok = bcrypt.checkpw(secret[:_BCRYPT_MAX_BYTES], target)
            return ok and password_hash is not None and not too_long
        finally:
            self._release()


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str
    jti: str
    expires_at: datetime
    # The login the token belongs to (its refresh-token family): revoking the session
    # (logout, refresh-token reuse) refuses its access tokens at once.
    session_id: uuid.UUID


class TokenService:
    def __init__(self, settings: Settings) -> None:
        self._secret = settings.jwt_secret
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self.access_ttl = timedelta(seconds=settings.access_token_ttl_seconds)
        self.refresh_ttl = timedelta(days=settings.refresh_token_ttl_days)
        self.reuse_grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)

    def code_digest(self, code: str, *, salt: str) -> str:
        """The stored form of a one-time code (keyed with the signing secret)."""
        return digest_code(self._secret, code=code, salt=salt)

    def issue_access(
        self, *, user_id: int, role: str, session_id: uuid.UUID, now: datetime | None = None
    ) -> str:
        now = now or clock.utcnow()
        claims: dict[str, Any] = {
            "sub": str(user_id),
            "sid": str(session_id),
            "role": role,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": now,
            "nbf": now,
            "exp": now + self.access_ttl,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm=JWT_ALGORITHM)

    def decode_access(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                issuer=self._issuer,
                audience=self._audience,
                # The times are checked below against the process clock (core.clock),
                # so they follow the same time as everything else.
                options={
                    "require": ["exp", "iat", "sub", "sid", "iss", "aud", "jti"],
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
            expires = _timestamp(claims["exp"])
            now = clock.time()
            if now > expires + _LEEWAY_SECONDS:
                raise jwt.ExpiredSignatureError("expired")
            not_before = claims.get("nbf", claims["iat"])
            if now + _LEEWAY_SECONDS < _timestamp(not_before):
                raise jwt.ImmatureSignatureError("not yet valid")
            return AccessClaims(
                user_id=int(claims["sub"]),
                role=str(claims["role"]),
                jti=str(claims["jti"]),
                expires_at=datetime.fromtimestamp(expires, UTC),
                session_id=uuid.UUID(str(claims["sid"])),
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The access token has expired.") from exc
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError, OverflowError) as exc:
            # Any claim we cannot read (an absurd exp, a sub that is no id...) is a bad token.
            raise Unauthorized("The access token is invalid.") from exc


def _timestamp(value: object) -> float:
    """A NumericDate claim as seconds; anything else (a string, 2**62) is a ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a time claim must be a number")
    if not 0 < value < _MAX_TIMESTAMP:
        raise ValueError("a time claim is out of range")
    return float(value)


def new_code(digits: int = 6) -> str:
    """A one-time numeric code, uniformly random."""
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def digest_code(secret: str, *, code: str, salt: str) -> str:
    """A keyed hash of a short code: a million possible codes are no match for a plain
    hash, so only a holder of ``secret`` could test them."""
    return hmac.new(secret.encode(), f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def new_refresh_token() -> str:
    """An opaque, unguessable refresh token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    """Refresh tokens are stored only as SHA-256: they are random, so no salt is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())
