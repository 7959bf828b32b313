"""Pure pieces: client address resolution, phone numbers, password hashing, tokens."""

from __future__ import annotations

import ipaddress
import threading

import pytest

from sidecar.auth.phone import normalize_phone
from sidecar.client_ip import resolve_client_ip
from sidecar.config import Settings
from sidecar.errors import TooManyRequests, Unauthorized
from sidecar.security import PasswordHasher, TokenService, hash_refresh_token, new_refresh_token

PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


class TestResolveClientIp:
    @pytest.mark.parametrize(
        ("peer", "forwarded", "expected"),
        [
            ("203.0.113.9", None, "203.0.113.9"),
            ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # untrusted peer: header ignored
            ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
            ("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),  # spoofed left part
            ("10.0.0.2", "10.0.0.5, 10.0.0.3", "10.0.0.5"),  # all hops trusted
            ("10.0.0.2", "garbage", "10.0.0.2"),
            (None, None, "unknown"),
        ],
    )
    def test_walks_from_the_right(self, peer, forwarded, expected):
        assert resolve_client_ip(peer, forwarded, PROXIES) == expected


class TestNormalizePhone:
    @pytest.mark.parametrize(
        "raw",
        ["0712 345 678", "712345678", "254712345678", "+254 712-345-678", "00254712345678"],
    )
    def test_kenyan_forms(self, raw):
        assert normalize_phone(raw) == "+254712345678"

    def test_safaricom_01_prefix(self):
        assert normalize_phone("0110 123 456") == "+254110123456"

    def test_other_countries_stay_e164(self):
        assert normalize_phone("+44 20 7946 0958") == "+442079460958"

    @pytest.mark.parametrize("raw", ["12", "+2547123456", "+254812345678", "phone", "+0123456789"])
    def test_invalid(self, raw):
        with pytest.raises(ValueError, match=r"phone|Kenyan"):
            normalize_phone(raw)


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
        claims = tokens.decode_access(tokens.issue_access(user_id=7, role="vendor"))
        assert (claims.user_id, claims.role) == (7, "vendor")
        assert len(claims.jti) == 32

    def test_other_secret_is_refused(self):
        issued = TokenService(Settings(jwt_secret="a" * 40)).issue_access(user_id=1, role="admin")
        with pytest.raises(Unauthorized):
            TokenService(Settings(jwt_secret="b" * 40)).decode_access(issued)

    def test_refresh_tokens_are_random_and_hashed(self):
        first, second = new_refresh_token(), new_refresh_token()
        assert first != second
        assert len(hash_refresh_token(first)) == 64
        assert hash_refresh_token(first) != first


def test_served_processes_collect_garbage_less_often():
    import gc

    from sidecar import app as app_module

    before = gc.get_threshold()
    try:
        app_module.tune_gc()
        assert gc.get_threshold() == app_module.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0  # start-up objects left out of collections
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
