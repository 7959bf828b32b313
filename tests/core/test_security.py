"""Password hashing and tokens."""

from __future__ import annotations

import threading
import uuid

import pytest

from sidecar.core.errors import TooManyRequests, Unauthorized
from sidecar.core.security import (
    PasswordHasher,
    TokenService,
    hash_refresh_token,
    new_refresh_token,
)
from sidecar.core.settings import Settings


class TestPasswordHasher:
    def test_cost_below_12_is_refused(self):
        with pytest.raises(ValueError, match="at least 12"):
            PasswordHasher(rounds=11, max_concurrent=1)

    def test_hash_and_verify(self):
        hasher = PasswordHasher(rounds=12, max_concurrent=2)
        digest = hasher.hash("s3cret-pass")
        assert digest.startswith("$2b$12$")
        assert hasher.verify("s3cret-pass", digest)
        assert not hasher.verify("other-pass", digest)
        assert not hasher.verify("s3cret-pass", None)  # unknown user still costs a hash

    def test_busy_hasher_answers_429_instead_of_queueing(self, monkeypatch):
        hasher = PasswordHasher(rounds=12, max_concurrent=1)
        held = hasher._slot()  # one slot, taken
        monkeypatch.setattr(threading.BoundedSemaphore, "acquire", lambda self, timeout: False)
        with pytest.raises(TooManyRequests) as excinfo:
            hasher.hash("s3cret-pass")
        held.release()
        assert excinfo.value.headers == {"Retry-After": "1"}


class TestTokens:
    def test_round_trip(self):
        tokens = TokenService(Settings(jwt_secret="k" * 40))
        session_id = uuid.uuid4()
        claims = tokens.decode_access(
            tokens.issue_access(user_id=7, role="vendor", session_id=session_id)
        )
        assert (claims.user_id, claims.role, claims.session_id) == (7, "vendor", session_id)
        assert len(claims.jti) == 32

    def test_other_secret_is_refused(self):
        issued = TokenService(Settings(jwt_secret="a" * 40)).issue_access(
            user_id=1, role="admin", session_id=uuid.uuid4()
        )
        with pytest.raises(Unauthorized):
            TokenService(Settings(jwt_secret="b" * 40)).decode_access(issued)

    def test_refresh_tokens_are_random_and_hashed(self):
        first, second = new_refresh_token(), new_refresh_token()
        assert first != second
        assert len(hash_refresh_token(first)) == 64
        assert hash_refresh_token(first) != first
