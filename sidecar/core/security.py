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
from typing import Any

import bcrypt
import jwt

from sidecar.core import clock
from sidecar.core.errors import TooManyRequests, Unauthorized
from sidecar.core.settings import Settings

JWT_ALGORITHM = "HS256"  # pinned: decode accepts nothing else ("none" included)
# bcrypt only reads the first 72 bytes; longer passwords are refused at the schema.
BCRYPT_MAX_BYTES = 72


class PasswordHasher:
    def __init__(self, *, rounds: int, max_concurrent: int) -> None:
        if rounds < 12:
            raise ValueError("bcrypt cost must be at least 12")
        self.rounds = rounds
        self._slots = threading.BoundedSemaphore(max_concurrent)
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
            raise TooManyRequests(
                "The server is busy checking passwords; try again in a moment.",
                headers={"Retry-After": "1"},
            )
        return self._slots

    def hash(self, password: str) -> str:
        slots = self._slot()
        try:
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt(self.rounds)).decode()
        finally:
            slots.release()

    def verify(self, password: str, password_hash: str | None) -> bool:
        slots = self._slot()
        try:
            target = password_hash.encode() if password_hash else self.dummy_hash
            ok = bcrypt.checkpw(password.encode(), target)
            return ok and password_hash is not None
        finally:
            slots.release()


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str
    jti: str
    expires_at: datetime


class TokenService:
    def __init__(self, settings: Settings) -> None:
        self._secret = settings.jwt_secret
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self.access_ttl = timedelta(seconds=settings.access_token_ttl_seconds)
        self.refresh_ttl = timedelta(days=settings.refresh_token_ttl_days)

    def issue_access(self, *, user_id: int, role: str, now: datetime | None = None) -> str:
        now = now or clock.utcnow()
        claims: dict[str, Any] = {
            "sub": str(user_id),
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
                options={"require": ["exp", "iat", "sub", "iss", "aud", "jti"]},
                leeway=5,
            )
            return AccessClaims(
                user_id=int(claims["sub"]),
                role=str(claims["role"]),
                jti=str(claims["jti"]),
                expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The access token has expired.") from exc
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as exc:
            raise Unauthorized("The access token is invalid.") from exc


def new_refresh_token() -> str:
    """An opaque, unguessable refresh token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    """Refresh tokens are stored only as SHA-256: they are random, so no salt is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())
