"""The embedded default's stand-in for S3's signed POST policy.

When no bucket is configured, ``POST /v1/media/uploads`` hands out the same kind of
form S3 would (fields + file, posted as multipart); the fields carry an HMAC over
the key, the content type and the expiry, so the local receiver can trust them
without a session, exactly as S3 trusts its policy signature.
"""

from __future__ import annotations

import hashlib
import hmac


def _signing_key(secret: str) -> bytes:
    # A key of its own, derived from the JWT secret, so an upload signature can
    # never be confused with any other MAC made with that secret.
    return hmac.new(secret.encode(), b"gurumisha-media-upload-v1", hashlib.sha256).digest()


def sign_upload(*, secret: str, key: str, content_type: str, expires: int) -> str:
    """The signature of one upload form."""
    message = f"{key}\n{content_type}\n{expires}".encode()
    return hmac.new(_signing_key(secret), message, hashlib.sha256).hexdigest()


def signature_matches(
    *, secret: str, key: str, content_type: str, expires: int, signature: str
) -> bool:
    """True when ``signature`` was made by ``sign_upload`` for exactly these fields."""
    expected = sign_upload(secret=secret, key=key, content_type=content_type, expires=expires)
    return hmac.compare_digest(expected.encode(), signature.encode())
