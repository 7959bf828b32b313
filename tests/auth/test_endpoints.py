from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import func, select

from sidecar.models import AuditLog, RefreshToken, User, Vendor
from tests.assertions import assert_problem
from tests.conftest import PASSWORD

REGISTER = "/v1/auth/register"
LOGIN = "/v1/auth/login"
REFRESH = "/v1/auth/refresh"
LOGOUT = "/v1/auth/logout"
ME = "/v1/auth/me"


def present(client, token):
    """Makes the client hold exactly this refresh cookie, as a thief's browser would."""
    client.cookies.clear()
    client.cookies.set("gm_refresh", token)


def register(client, **fields):
    body = {"email": "wanjiku@example.co.ke", "password": "s3cret-pass", "role": "customer"}
    body.update(fields)
    return client.post(REGISTER, json=body)


class TestRegister:
    def test_customer_gets_user_token_and_refresh_cookie(self, client, db):
        response = register(client, full_name="Wanjiku Kamau", phone="0712 345 678")

        assert response.status_code == 201, response.text
        body = response.json()
        assert body["user"]["email"] == "wanjiku@example.co.ke"
        assert body["user"]["role"] == "customer"
        assert body["user"]["phone"] == "+254712345678"
        assert body["user"]["vendor"] is None
        assert body["token_type"] == "Bearer"
        assert body["expires_in"] == 900
        cookie = response.headers["set-cookie"]
        for attribute in ("gm_refresh=", "HttpOnly", "Secure", "SameSite=strict", "Path=/v1/auth"):
            assert attribute.lower() in cookie.lower()
        with db.transaction() as session:
            user = session.scalar(select(User))
            assert user.password_hash.startswith("$2b$12$")
            token = session.scalar(select(RefreshToken))
            # only the hash is stored, never the token itself
            assert client.cookies["gm_refresh"] not in token.token_hash
            actions = session.scalars(select(AuditLog.action)).all()
            assert "user.register" in actions

    def test_vendor_needs_company_name(self, client):
        body = assert_problem(register(client, role="vendor"), 422)
        assert "company_name" in body["errors"][0]["message"]

    def test_vendor_starts_unapproved(self, client, db):
        response = register(client, role="vendor", companyName="Mombasa Spares")

        assert response.status_code == 201
        assert response.json()["user"]["vendor"]["approved"] is False
        assert response.json()["user"]["vendor"]["company_name"] == "Mombasa Spares"
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Vendor)) == 1

    def test_admin_self_registration_is_refused(self, client, db):
        body = assert_problem(register(client, role="admin"), 422)
        assert "admin" in body["errors"][0]["message"]
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 0

    def test_duplicate_email_ignores_case(self, client):
        assert register(client).status_code == 201
        assert_problem(register(client, email="WANJIKU@Example.co.ke"), 409)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("email", "not-an-email"),
            ("password", "short"),
            ("password", "ñ" * 40),  # 80 bytes: bcrypt would silently truncate
            ("phone", "12ab"),
            ("phone", "+2547123"),
            ("role", "superuser"),
            ("language", "fr"),
            ("unexpected", "field"),
        ],
    )
    def test_invalid_fields_are_422_with_field_errors(self, client, field, value):
        body = assert_problem(register(client, **{field: value}), 422)
        assert body["errors"]
        assert all({"field", "message"} <= error.keys() for error in body["errors"])

    def test_whatsapp_opt_in_needs_phone(self, client):
        assert_problem(register(client, whatsapp_opt_in=True), 422)


class TestLogin:
    def test_valid_credentials(self, client, create_user):
        user = create_user(email="otieno@example.co.ke")

        response = client.post(LOGIN, json={"email": "Otieno@Example.co.ke", "password": PASSWORD})

        assert response.status_code == 200, response.text
        assert response.json()["user"]["id"] == user.id
        assert "gm_refresh" in client.cookies

    def test_unknown_email_and_wrong_password_look_the_same(self, client, create_user):
        create_user(email="otieno@example.co.ke")

        wrong = client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": "nope-nope"})
        unknown = client.post(LOGIN, json={"email": "ghost@example.co.ke", "password": "nope-nope"})

        assert_problem(wrong, 401)
        assert_problem(unknown, 401)
        assert wrong.json()["detail"] == unknown.json()["detail"]

    def test_disabled_account_cannot_log_in(self, client, create_user):
        create_user(email="gone@example.co.ke", is_active=False)
        response = client.post(LOGIN, json={"email": "gone@example.co.ke", "password": PASSWORD})
        assert_problem(response, 401)

    def test_missing_fields_are_422(self, client):
        assert_problem(client.post(LOGIN, json={"email": "a@b.co"}), 422)


class TestMe:
    def test_returns_the_signed_in_user(self, client, create_user, auth_headers):
        user = create_user(role="vendor", company_name="Kisumu Motors", approved=False)

        response = client.get(ME, headers=auth_headers(user))

        assert response.status_code == 200
        assert response.json()["user"]["vendor"]["company_name"] == "Kisumu Motors"

    def test_anonymous_401(self, client):
        response = client.get(ME)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"

    def test_tampered_token_401(self, client, create_user, auth_headers):
        token = auth_headers(create_user())["Authorization"]
        header, payload, signature = token.split(".")
        tampered = f"{header}.{payload}.{signature[::-1]}"
        assert_problem(client.get(ME, headers={"Authorization": tampered}), 401)

    def test_alg_none_401(self, client, create_user, settings, live_session):
        user = create_user()
        now = datetime.now(UTC)
        claims = {
            "sub": str(user.id),
            "sid": str(live_session(user)),
            "role": "admin",
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "iat": now,
            "exp": now + timedelta(minutes=5),
            "jti": "x",
        }
        forged = jwt.encode(claims, key=None, algorithm="none")
        assert_problem(client.get(ME, headers={"Authorization": f"Bearer {forged}"}), 401)

    @pytest.mark.parametrize(
        "change",
        [
            {"aud": "someone-else"},
            {"iss": "evil"},
            {"exp": datetime(2020, 1, 1, tzinfo=UTC)},
        ],
    )
    def test_wrong_audience_issuer_or_expired_401(
        self, client, create_user, settings, change, live_session
    ):
        user = create_user()
        now = datetime.now(UTC)
        claims = {
            "sub": str(user.id),
            "sid": str(live_session(user)),
            "role": user.role,
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "iat": now - timedelta(hours=1),
            "exp": now + timedelta(minutes=5),
            "jti": "x",
        } | change
        token = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
        assert_problem(client.get(ME, headers={"Authorization": f"Bearer {token}"}), 401)

    def test_token_signed_with_another_secret_401(
        self, client, create_user, settings, live_session
    ):
        user = create_user()
        now = datetime.now(UTC)
        claims = {
            "sub": str(user.id),
            "sid": str(live_session(user)),
            "role": "admin",
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "iat": now,
            "exp": now + timedelta(minutes=5),
            "jti": "x",
        }
        token = jwt.encode(claims, "guessed-secret-" + "y" * 30, algorithm="HS256")
        assert_problem(client.get(ME, headers={"Authorization": f"Bearer {token}"}), 401)

    def test_garbage_bearer_401(self, client):
        assert_problem(client.get(ME, headers={"Authorization": "Bearer abc.def"}), 401)

    def test_deleted_user_401(self, client, create_user, auth_headers, db):
        user = create_user()
        headers = auth_headers(user)
        with db.transaction() as session:
            session.delete(session.get(User, user.id))
        assert_problem(client.get(ME, headers=headers), 401)


class TestUpdateMe:
    def test_updates_profile_and_normalises_phone(self, client, create_user, auth_headers):
        user = create_user()

        response = client.patch(
            ME,
            headers=auth_headers(user),
            json={"phone": "0722 000 111", "whatsapp_opt_in": True, "language": "sw"},
        )

        assert response.status_code == 200, response.text
        body = response.json()["user"]
        assert body["phone"] == "+254722000111"
        assert body["whatsapp_opt_in"] is True
        assert body["language"] == "sw"

    def test_opt_in_without_phone_422(self, client, create_user, auth_headers):
        response = client.patch(
            ME, headers=auth_headers(create_user()), json={"whatsappOptIn": True}
        )
        assert_problem(response, 422)

    def test_role_cannot_be_changed(self, client, create_user, auth_headers):
        response = client.patch(ME, headers=auth_headers(create_user()), json={"role": "admin"})
        assert_problem(response, 422)

    @pytest.mark.parametrize("field", ["language", "whatsapp_opt_in"])
    def test_fields_that_cannot_be_empty_refuse_null_422(
        self, client, create_user, auth_headers, field
    ):
        # Found by the fuzzing: a null used to reach the NOT NULL column (a 409, then 500).
        response = client.patch(ME, headers=auth_headers(create_user()), json={field: None})
        body = assert_problem(response, 422)
        assert f"{field} cannot be null" in body["errors"][0]["message"]

    def test_name_and_phone_may_be_cleared(self, client, create_user, auth_headers):
        user = create_user(phone="+254712345678")
        response = client.patch(
            ME, headers=auth_headers(user), json={"full_name": None, "phone": None}
        )
        assert response.status_code == 200, response.text
        assert response.json()["user"]["phone"] is None


class TestRefresh:
    def test_rotates_the_cookie_and_issues_a_new_access_token(self, client, create_user):
        create_user(email="otieno@example.co.ke")
        client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        first = client.cookies["gm_refresh"]

        response = client.post(REFRESH)

        assert response.status_code == 200, response.text
        assert response.json()["token"]
        assert client.cookies["gm_refresh"] != first
        me = client.get(ME, headers={"Authorization": f"Bearer {response.json()['token']}"})
        assert me.status_code == 200

    def test_reusing_a_rotated_token_revokes_the_family(
        self, client, create_user, db, frozen_clock
    ):
        create_user(email="otieno@example.co.ke")
        signed_in = client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        stolen = client.cookies["gm_refresh"]
        assert client.post(REFRESH).status_code == 200
        legitimate = client.cookies["gm_refresh"]
        access = {"Authorization": f"Bearer {signed_in.json()['token']}"}
        assert client.get(ME, headers=access).status_code == 200

        frozen_clock.advance(11)  # past REFRESH_REUSE_GRACE_SECONDS (10)
        present(client, stolen)
        reuse = client.post(REFRESH)

        assert_problem(reuse, 401)
        # the session's access tokens die with it, not 15 minutes later
        assert_problem(client.get(ME, headers=access), 401)
        # the legitimate holder's newer token is dead too: the family is revoked
        present(client, legitimate)
        assert_problem(client.post(REFRESH), 401)
        with db.transaction() as session:
            live = session.scalar(
                select(func.count())
                .select_from(RefreshToken)
                .where(RefreshToken.revoked_at.is_(None))
            )
            assert live == 0
            assert "auth.refresh_reuse" in session.scalars(select(AuditLog.action)).all()

    def test_two_refreshes_at_once_keep_the_session(self, client, create_user, db, frozen_clock):
        """Two tabs (or a retry) present the same token within the grace window."""
        create_user(email="otieno@example.co.ke")
        client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        shared = client.cookies["gm_refresh"]
        first = client.post(REFRESH)
        frozen_clock.advance(9)
        present(client, shared)
        second = client.post(REFRESH)

        assert first.status_code == second.status_code == 200, second.text
        for response in (first, second):
            access = {"Authorization": f"Bearer {response.json()['token']}"}
            assert client.get(ME, headers=access).status_code == 200
        # both tabs' new cookies go on working
        assert client.post(REFRESH).status_code == 200
        with db.transaction() as session:
            actions = session.scalars(select(AuditLog.action)).all()
        assert "auth.refresh_grace" in actions
        assert "auth.refresh_reuse" not in actions

    def test_grace_is_only_for_the_token_rotated_last(self, client, create_user, frozen_clock):
        create_user(email="otieno@example.co.ke")
        client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        oldest = client.cookies["gm_refresh"]
        assert client.post(REFRESH).status_code == 200
        assert client.post(REFRESH).status_code == 200  # the chain has moved on twice
        present(client, oldest)
        assert_problem(client.post(REFRESH), 401)

    def test_no_cookie_401(self, client):
        assert_problem(client.post(REFRESH), 401)

    def test_unknown_cookie_401(self, client):
        present(client, "made-up")
        assert_problem(client.post(REFRESH), 401)

    def test_expired_refresh_token_401(self, client, create_user, db):
        create_user(email="otieno@example.co.ke")
        client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        with db.transaction() as session:
            token = session.scalar(select(RefreshToken))
            token.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        assert_problem(client.post(REFRESH), 401)

    def test_foreign_origin_403(self, client, create_user):
        create_user(email="otieno@example.co.ke")
        client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        response = client.post(REFRESH, headers={"Origin": "https://evil.example"})
        assert_problem(response, 403)

    def test_configured_origin_allowed(self, client, create_user):
        create_user(email="otieno@example.co.ke")
        client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        response = client.post(REFRESH, headers={"Origin": "https://app.gurumisha.test"})
        assert response.status_code == 200


class TestLogout:
    def test_revokes_the_session_and_clears_the_cookie(self, client, create_user):
        create_user(email="otieno@example.co.ke")
        signed_in = client.post(LOGIN, json={"email": "otieno@example.co.ke", "password": PASSWORD})
        token = client.cookies["gm_refresh"]
        access = {"Authorization": f"Bearer {signed_in.json()['token']}"}

        response = client.post(LOGOUT)

        # the access token is refused at once, not when it expires
        assert_problem(client.get(ME, headers=access), 401)

        assert response.status_code == 204
        assert (
            'gm_refresh=""' in response.headers["set-cookie"]
            or "Max-Age=0" in response.headers["set-cookie"]
        )
        present(client, token)
        assert_problem(client.post(REFRESH), 401)

    def test_without_a_cookie_is_still_204(self, client):
        assert client.post(LOGOUT).status_code == 204

    def test_foreign_origin_403(self, client):
        assert_problem(client.post(LOGOUT, headers={"Origin": "https://evil.example"}), 403)
