"""The outside audit's findings (issue 12), each reproduced as the attacker tried it.

docs/RELIABILITY.md maps every finding to the test here that keeps it fixed. Each of
these failed on the code the audit saw.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.assertions import assert_problem
from tests.conftest import PASSWORD

LOGIN = "/v1/auth/login"
ME = "/v1/auth/me"


class TestFinding2LongPasswordsOnLogin:
    """A password over 72 bytes answered 500 (bcrypt raises)."""

    @pytest.mark.parametrize("known", [True, False])
    def test_is_a_plain_401_for_known_and_unknown_emails(self, client, create_user, known):
        email = "wanjiku@example.co.ke" if known else "nobody@example.co.ke"
        if known:
            create_user(email=email)
        for password in ("x" * 73, "ñ" * 40, PASSWORD + "!" * 100):
            response = client.post(LOGIN, json={"email": email, "password": password})
            body = assert_problem(response, 401)
            assert body["detail"] == "Invalid email or password."

    def test_the_right_password_still_works(self, client, create_user):
        create_user(email="wanjiku@example.co.ke")
        response = client.post(LOGIN, json={"email": "wanjiku@example.co.ke", "password": PASSWORD})
        assert response.status_code == 200


class TestFinding3MalformedClaims:
    """A JWT with exp = 2**62 answered 500; any malformed claim must be 401."""

    @pytest.mark.parametrize(
        "change",
        [
            {"exp": 2**62},
            {"exp": -1},
            {"exp": "tomorrow"},
            {"exp": True},
            {"iat": 2**62},
            {"nbf": "now"},
            {"sub": "not-a-number"},
            {"sub": "1e400"},
            {"sid": "not-a-uuid"},
            {"sid": 12},
        ],
    )
    def test_is_401(self, client, create_user, settings, live_session, change):
        user = create_user()
        now = datetime.now(UTC)
        claims = {
            "sub": str(user.id),
            "sid": str(live_session(user)),
            "role": user.role,
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=5)).timestamp()),
            "jti": uuid.uuid4().hex,
        } | change
        token = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
        assert_problem(client.get(ME, headers={"Authorization": f"Bearer {token}"}), 401)
