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


class TestFinding1LoginBurst:
    """60 concurrent wrong-password logins exhausted the pool (500s) and stalled reads:
    each login held its connection while it waited for a hashing slot and hashed."""

    @pytest.mark.parametrize("password", [PASSWORD, "wrong-password"])
    def test_no_connection_is_held_while_a_password_hashes(
        self, client, app, db, create_user, password
    ):
        create_user(email="target@example.co.ke")
        hasher = app.state.hasher
        checked_out: list[int] = []
        verify = hasher.verify

        def watched(*args, **kwargs):
            checked_out.append(db.engine.pool.checkedout())
            return verify(*args, **kwargs)

        hasher.verify = watched
        client.post(LOGIN, json={"email": "target@example.co.ke", "password": password})
        assert checked_out == [0]

    def test_reads_go_on_and_nothing_is_500(self, database_url, create_user):
        from concurrent.futures import ThreadPoolExecutor

        import httpx

        from sidecar.app import create_app
        from sidecar.core.database import Database
        from tests.conftest import make_settings, random_ip
        from tests.hardening.test_fault_drills import served

        create_user(email="target@example.co.ke")
        # A pool of 2 that gives up after 2 s, and 2 hashing slots for 20 logins:
        # ~3 s of hashing, so logins holding connections while they hash starve reads.
        small = Database(database_url, pool_size=2, max_overflow=0, pool_timeout=2)
        settings = make_settings(database_url, max_concurrent_password_hashes=2)
        app = create_app(settings, database=small, job_runner=lambda *args: None)
        try:
            with served(app) as base, ThreadPoolExecutor(max_workers=24) as pool:

                def login(n: int) -> int:
                    with httpx.Client(base_url=base, timeout=30) as http:
                        return http.post(
                            LOGIN,
                            json={"email": "target@example.co.ke", "password": f"wrong-{n}"},
                            headers={"X-Forwarded-For": random_ip()},
                        ).status_code

                def read(_: int) -> int:
                    with httpx.Client(base_url=base, timeout=30) as http:
                        return http.get("/v1/cars").status_code

                logins = [pool.submit(login, n) for n in range(20)]
                reads = [pool.submit(read, n) for n in range(20)]
                login_statuses = [future.result() for future in logins]
                read_statuses = [future.result() for future in reads]
        finally:
            small.dispose()
        assert set(read_statuses) == {200}
        # Beyond the two slots a login may be told to come back (429, or 503 on a
        # machine so busy that a short transaction waits too); never a 500.
        assert set(login_statuses) <= {401, 429, 503}
        assert 401 in login_statuses

    @pytest.mark.parametrize(
        ("method", "path", "signed_in"),
        [
            ("GET", "/v1/cars", False),
            ("GET", ME, True),
            ("POST", LOGIN, False),
            ("POST", "/v1/imports", True),
        ],
    )
    def test_a_pool_timeout_anywhere_is_503_with_retry_after(
        self, database_url, create_user, auth_headers, method, path, signed_in
    ):
        """The burst's 500s were the pool's TimeoutError reaching the generic handler."""
        from fastapi.testclient import TestClient

        from sidecar.app import create_app
        from sidecar.core.database import Database
        from tests.conftest import make_settings

        user = create_user(email="target@example.co.ke")
        headers = auth_headers(user) if signed_in else {}
        # One connection, taken for the whole request: every checkout times out.
        one = Database(database_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
        settings = make_settings(database_url, public_cache_seconds=0)
        app = create_app(settings, database=one, job_runner=lambda *args: None)
        body = {"email": "target@example.co.ke", "password": PASSWORD}
        if path == "/v1/imports":
            body = {"specs": {"make": "Toyota", "model": "Harrier", "year": 2021}}
        try:
            with TestClient(app) as client, one.engine.connect():
                response = client.request(method, path, headers=headers, json=body)
        finally:
            one.dispose()
        problem = assert_problem(response, 503)
        assert problem["type"].endswith("/unavailable")
        assert int(response.headers["retry-after"]) >= 1


class TestFinding5AccessTokensEndWithTheirSession:
    """Access tokens outlived logout and reuse revocation by up to 15 minutes. The rest
    of the finding (refused at once after logout and after reuse) is in
    tests/auth/test_endpoints.py; here: the check costs no extra round trip."""

    def test_the_session_check_rides_on_the_principal_query(
        self, client, db, create_user, auth_headers
    ):
        from tests.conftest import captured_statements

        headers = auth_headers(create_user())
        client.get(ME, headers=headers)  # warm: the first request may load what it caches
        with captured_statements(db.engine) as statements:
            assert client.get(ME, headers=headers).status_code == 200
        sql = [statement for statement, _ in statements]
        assert len(sql) == 1, sql
        assert "refresh_tokens" in sql[0]
        assert "revoked_at IS NULL" in sql[0]


class TestFinding6SlidingLimits:
    """Fixed one-minute windows let one address make twice its limit across a boundary."""

    def test_a_burst_at_the_end_of_a_minute_buys_no_fresh_minute(
        self, database_url, db, frozen_clock
    ):
        from fastapi.testclient import TestClient

        from sidecar.app import create_app
        from tests.conftest import make_settings, random_ip

        settings = make_settings(database_url, rate_limit_per_minute=10)
        app = create_app(settings, database=db, job_runner=lambda *args: None)
        frozen_clock.set(frozen_clock.time() // 60 * 60 + 59)  # one second before a boundary
        with TestClient(app, client=(random_ip(), 50000)) as client:
            first = [client.get("/healthz/nope").status_code for _ in range(10)]
            frozen_clock.advance(2)  # a new minute on the wall clock
            second = [client.get("/healthz/nope").status_code for _ in range(10)]
        assert first == [404] * 10
        # Two seconds earned back a third of a request (6 s each): none yet.
        assert second == [429] * 10


class TestFinding6PerAccountThrottle:
    """40 wrong passwords for one account from 4 addresses, then the right one, got in."""

    def _attempt(self, client, email, password):
        return client.post(
            LOGIN,
            json={"email": email, "password": password},
            headers={"X-Forwarded-For": f"10.4.4.{len(password) % 4}"},
        )

    @pytest.mark.parametrize("known", [True, False])
    def test_five_failures_lock_the_email_with_growing_delays(
        self, database_url, db, create_user, frozen_clock, known
    ):
        from fastapi.testclient import TestClient

        from sidecar.app import create_app
        from tests.conftest import make_settings

        email = "wanjiku@example.co.ke"
        if known:
            create_user(email=email)
        settings = make_settings(database_url)
        app = create_app(settings, database=db, job_runner=lambda *args: None)
        with TestClient(app) as client:
            failures = [self._attempt(client, email, f"wrong-{n}").status_code for n in range(5)]
            locked = self._attempt(client, email, PASSWORD)
            frozen_clock.advance(31)
            after_first_lock = self._attempt(client, email, "wrong-again")
            second_lock = self._attempt(client, email, PASSWORD)
            frozen_clock.advance(61)
            finally_in = self._attempt(client, email, PASSWORD)
            other_email = self._attempt(client, "otieno@example.co.ke", "wrong")

        assert failures == [401] * 5
        assert_problem(locked, 429)
        assert 25 <= int(locked.headers["retry-after"]) <= 30
        assert after_first_lock.status_code == 401
        assert_problem(second_lock, 429)
        assert 55 <= int(second_lock.headers["retry-after"]) <= 60  # the delay doubled
        # Known and unknown emails answer alike: no enumeration through the throttle.
        assert finally_in.status_code == (200 if known else 401)
        assert other_email.status_code == 401

    def test_a_success_clears_the_count(self, database_url, db, create_user):
        from fastapi.testclient import TestClient

        from sidecar.app import create_app
        from tests.conftest import make_settings

        create_user(email="wanjiku@example.co.ke")
        app = create_app(make_settings(database_url), database=db, job_runner=lambda *a: None)
        with TestClient(app) as client:
            for _ in range(2):
                for n in range(4):
                    self._attempt(client, "wanjiku@example.co.ke", f"wrong-{n}")
                assert self._attempt(client, "wanjiku@example.co.ke", PASSWORD).status_code == 200


class TestFinding8RedisOutageAndReadiness:
    """/readyz answered 503 while the API served correctly on its Redis fallback, and the
    readiness probe would have taken every pod out of service."""

    def test_redis_down_is_degraded_not_unready(self, database_url, db):
        from fastapi.testclient import TestClient

        from sidecar.app import create_app
        from tests.conftest import make_settings

        settings = make_settings(database_url, redis_url="redis://127.0.0.1:1/0")
        app = create_app(settings, database=db, job_runner=lambda *args: None)
        with TestClient(app) as client:
            ready = client.get("/readyz")
            served = client.get("/v1/cars")
        assert ready.status_code == 200
        assert ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["database"] == "ok"
        assert served.status_code == 200


class TestFinding9ProbesAndMetrics:
    """/metrics and /readyz were public and unthrottled; a flood of them slowed others."""

    def _app(self, database_url, db, **settings):
        from sidecar.app import create_app
        from tests.conftest import make_settings

        return create_app(
            make_settings(database_url, **settings), database=db, job_runner=lambda *args: None
        )

    def test_metrics_answer_only_internal_addresses(self, database_url, db):
        from fastapi.testclient import TestClient

        app = self._app(database_url, db, metrics_allowed_networks="10.0.0.0/8")
        with TestClient(app, client=("203.0.113.9", 40000)) as outside:
            assert_problem(outside.get("/metrics"), 404)
        with TestClient(app, client=("10.1.2.3", 40000)) as scraper:
            response = scraper.get("/metrics")
        assert response.status_code == 200
        assert "http_request_duration_seconds" in response.text

    def test_a_forwarded_address_does_not_open_metrics(self, database_url, db):
        from fastapi.testclient import TestClient

        # The balancer is trusted and internal, the client behind it is not.
        app = self._app(
            database_url, db, trusted_proxies="10.0.0.5", metrics_allowed_networks="10.0.0.0/8"
        )
        with TestClient(app, client=("10.0.0.5", 40000)) as client:
            response = client.get("/metrics", headers={"X-Forwarded-For": "198.51.100.7"})
        assert_problem(response, 404)

    def test_a_flood_of_readiness_probes_costs_one_check_a_second(
        self, database_url, db, frozen_clock, monkeypatch
    ):
        from fastapi.testclient import TestClient

        from sidecar.health import repository

        checks: list[int] = []
        original = repository.database_status

        def counted(database):
            checks.append(1)
            return original(database)

        monkeypatch.setattr(repository, "database_status", counted)
        with TestClient(self._app(database_url, db)) as client:
            first = [client.get("/readyz").status_code for _ in range(200)]
            frozen_clock.advance(1.5)
            second = [client.get("/readyz").status_code for _ in range(200)]
        assert set(first) == set(second) == {200}
        assert len(checks) == 2


class TestFinding13SmallerDefects:
    def test_the_trailing_slash_redirect_is_gone(self, client):
        response = client.get("/v1/cars/", headers={"Host": "evil.example"}, follow_redirects=False)
        assert_problem(response, 404)
        assert "location" not in response.headers

    @pytest.mark.parametrize("value", [True, "2", 2.0, "1e1"])
    def test_integers_are_integers(self, client, cast, value):
        response = client.post(
            "/v1/orders",
            headers=cast.headers("customer"),
            json={
                "items": [{"item_type": "part", "item_id": 1, "quantity": value}],
                "payment_method": "mpesa",
            },
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "items.0.quantity"

    @pytest.mark.parametrize(
        "title", ["Toyota\u202e oidar\u202c", "Vitz\u200b 2019", "\ufeffDemio", "Note\u2066x"]
    )
    def test_invisible_and_direction_characters_are_refused(self, client, cast, title):
        body = {"title": title, "make": "Toyota", "model": "Vitz", "year": 2019, "price": 1}
        response = client.post("/v1/cars", headers=cast.headers("customer"), json=body)
        problem = assert_problem(response, 422)
        assert problem["errors"][0]["field"] == "title"
        assert "invisible" in problem["errors"][0]["message"]

    def test_a_name_with_a_bidi_override_is_refused(self, client):
        response = client.post(
            "/v1/auth/register",
            json={
                "email": "new@example.co.ke",
                "password": "Tembo-Mlima-Kilima-42",
                "full_name": "Amani\u202eynamA",
            },
        )
        assert_problem(response, 422)

    def test_an_order_past_numeric_14_2_names_the_field_and_the_limit(self, client, db, cast):
        from tests.parts.factories import create_part

        part = create_part(db, vendor=cast.vendor, price="99999999999.00", stock=100)
        response = client.post(
            "/v1/orders",
            headers=cast.headers("customer"),
            json={
                "items": [{"item_type": "part", "item_id": part, "quantity": 50}],
                "payment_method": "mpesa",
            },
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "items"
        assert "999,999,999,999.99" in body["detail"]

    def test_a_vendor_never_sees_the_customers_email(self, db, create_user):
        from sidecar.core import events
        from sidecar.models import Inquiry, OutboxMessage, Part, Vendor
        from sidecar.notifications.service import recipient_for

        customer = create_user(email="quiet@example.co.ke")
        vendor = create_user(role="vendor")
        with db.transaction() as session:
            session.get(type(customer), customer.id).full_name = None
            vendor_id = session.query(Vendor.id).filter_by(user_id=vendor.id).scalar()
            part = Part(vendor_id=vendor_id, name="Oil filter", sku="OF-1", price=900, stock=3)
            session.add(part)
            session.flush()
            inquiry = Inquiry(user_id=customer.id, part_id=part.id, quantity=1, message="?")
            session.add(inquiry)
            session.flush()
            payload = events.InquiryCreated(
                inquiry_id=inquiry.id,
                part_id=part.id,
                vendor_user_id=vendor.id,
                customer_id=customer.id,
            )
            row = OutboxMessage(
                kind="inquiry.created", payload=payload.model_dump(mode="json"), dedupe_key="x"
            )
            recipient = recipient_for(session, row)
        assert recipient is not None
        assert recipient.context["customer_name"] == "a customer"
        assert "quiet@example.co.ke" not in str(recipient.context)


class TestFinding12AccountHygiene:
    REGISTER = "/v1/auth/register"

    @pytest.mark.parametrize(
        "password",
        ["password123", "nairobi2024", "Safaricom@2025", "wanjiku1990", "qwertyuiop", "jambo1234"],
    )
    def test_common_and_guessable_passwords_are_refused(self, client, password):
        response = client.post(
            self.REGISTER,
            json={"email": "wanjiku@example.co.ke", "password": password, "full_name": "Wanjiku"},
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "password"

    def test_the_persons_own_email_and_company_count_against_it(self, client):
        # Strong enough for a stranger, not when it is the company's own name.
        body = {
            "email": "zawadi.logistics@example.co.ke",
            "password": "zawadilogistics",
            "full_name": "Peter Mugo",
            "role": "vendor",
            "company_name": "Zawadi Logistics",
        }
        assert_problem(client.post(self.REGISTER, json=body), 422)
        other = body | {"email": "peter@example.co.ke", "company_name": "Mugo Spares"}
        assert client.post(self.REGISTER, json=other).status_code == 201

    def test_a_strong_password_is_taken(self, client):
        response = client.post(
            self.REGISTER,
            json={"email": "wanjiku@example.co.ke", "password": "Tembo-Mlima-Kilima-42"},
        )
        assert response.status_code == 201, response.text

    def test_auth_responses_are_never_cached(self, client, create_user):
        create_user(email="wanjiku@example.co.ke")
        responses = [
            client.post(LOGIN, json={"email": "wanjiku@example.co.ke", "password": PASSWORD}),
            client.post("/v1/auth/refresh"),
            client.post(
                self.REGISTER,
                json={"email": "otieno@example.co.ke", "password": "Tembo-Mlima-Kilima-42"},
            ),
            client.post(LOGIN, json={"email": "wanjiku@example.co.ke", "password": "wrong"}),
        ]
        assert [r.status_code for r in responses] == [200, 200, 201, 401]
        assert {r.headers["cache-control"] for r in responses} == {"no-store"}


class TestFinding12PhoneVerification:
    VERIFY = "/v1/auth/phone/verify"
    CONFIRM = "/v1/auth/phone/confirm"

    def _code(self, db, user_id):
        from sqlalchemy import select

        from sidecar.core import events
        from sidecar.models import EventKind, OutboxMessage

        with db.transaction() as session:
            payload = session.scalars(
                select(OutboxMessage.payload)
                .where(OutboxMessage.kind == EventKind.PHONE_VERIFICATION)
                .order_by(OutboxMessage.id.desc())
            ).first()
        return events.PhoneVerificationRequested.model_validate(payload).code

    def test_a_code_by_whatsapp_confirms_the_phone(self, client, db, create_user, auth_headers):
        user = create_user(phone="+254712345678", phone_verified=False)
        headers = auth_headers(user)
        assert client.get(ME, headers=headers).json()["user"]["phone_verified"] is False

        sent = client.post(self.VERIFY, headers=headers)
        assert sent.status_code == 202, sent.text
        assert "code" not in sent.json()
        confirmed = client.post(
            self.CONFIRM, headers=headers, json={"code": self._code(db, user.id)}
        )

        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json()["user"]["phone_verified"] is True

    def test_five_wrong_codes_use_it_up(self, client, db, create_user, auth_headers):
        user = create_user(phone="+254712345678", phone_verified=False)
        headers = auth_headers(user)
        client.post(self.VERIFY, headers=headers)
        right = self._code(db, user.id)
        wrong = "000000" if right != "000000" else "111111"
        statuses = [
            client.post(self.CONFIRM, headers=headers, json={"code": wrong}).status_code
            for _ in range(5)
        ]
        after = client.post(self.CONFIRM, headers=headers, json={"code": right})
        assert statuses == [422, 422, 422, 422, 429]
        assert_problem(after, 429)  # even the right code, once the tries are gone

    def test_codes_expire_after_ten_minutes(
        self, client, db, create_user, auth_headers, frozen_clock
    ):
        user = create_user(phone="+254712345678", phone_verified=False)
        headers = auth_headers(user)
        client.post(self.VERIFY, headers=headers)
        frozen_clock.advance(601)
        response = client.post(
            self.CONFIRM, headers=headers, json={"code": self._code(db, user.id)}
        )
        assert "expired" in assert_problem(response, 422)["detail"]

    def test_a_second_code_waits_a_minute(self, client, create_user, auth_headers, frozen_clock):
        headers = auth_headers(create_user(phone="+254712345678", phone_verified=False))
        assert client.post(self.VERIFY, headers=headers).status_code == 202
        again = client.post(self.VERIFY, headers=headers)
        assert_problem(again, 429)
        frozen_clock.advance(61)
        assert client.post(self.VERIFY, headers=headers).status_code == 202

    def test_no_phone_422_and_a_new_phone_must_be_verified_again(
        self, client, create_user, auth_headers
    ):
        assert_problem(client.post(self.VERIFY, headers=auth_headers(create_user())), 422)
        user = create_user(phone="+254712345678")  # verified
        changed = client.patch(ME, headers=auth_headers(user), json={"phone": "0722000111"})
        assert changed.json()["user"]["phone_verified"] is False

    def test_no_whatsapp_to_an_unverified_phone(self, db, create_user):
        from sidecar.notifications.service import wants_whatsapp

        verified = create_user(phone="+254712345678")
        unverified = create_user(phone="+254722000111", phone_verified=False)
        with db.transaction() as session:
            for user in (verified, unverified):
                session.get(type(user), user.id).whatsapp_opt_in = True
        with db.transaction() as session:
            assert wants_whatsapp(session.get(type(verified), verified.id))
            assert not wants_whatsapp(session.get(type(unverified), unverified.id))


class TestFinding7Importers:
    """Any approved vendor could list every customer's imports (budgets included) and move
    them, sending the customer arbitrary text by WhatsApp."""

    @pytest.fixture
    def request_id(self, db, cast):
        from tests.imports.factories import create_import

        return create_import(db, owner=cast.customer)

    def _vendor_id(self, db, user):
        from sqlalchemy import select

        from sidecar.models import Vendor

        with db.transaction() as session:
            return session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))

    def test_an_unassigned_request_is_the_admins_alone(self, client, cast, request_id):
        for role in ("vendor", "other_vendor"):
            assert client.get("/v1/imports", headers=cast.headers(role)).json()["data"] == []
            assert_problem(client.get(f"/v1/imports/{request_id}", headers=cast.headers(role)), 404)

    def test_an_admin_assigns_it_to_an_importer_who_may_then_move_it(
        self, client, db, cast, request_id
    ):
        vendor_id = self._vendor_id(db, cast.vendor)
        not_yet = client.put(
            f"/v1/imports/{request_id}/assign",
            headers=cast.headers("admin"),
            json={"vendorId": vendor_id},
        )
        assert_problem(not_yet, 422)  # a parts seller, not an importer
        approved = client.put(
            f"/v1/vendors/{vendor_id}/approve",
            headers=cast.headers("admin"),
            json={"kinds": ["importer", "parts"]},
        )
        assert approved.json()["kinds"] == ["importer", "parts"]
        assigned = client.put(
            f"/v1/imports/{request_id}/assign",
            headers=cast.headers("admin"),
            json={"vendorId": vendor_id},
        )
        assert assigned.status_code == 200, assigned.text
        assert assigned.json()["assigned_importer_id"] == vendor_id

        moved = client.put(
            f"/v1/imports/{request_id}/status",
            headers=cast.headers("vendor"),
            json={"status": "sourcing", "note": "Found one: see http://evil.example/pay now"},
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["timeline"][-1]["note"] == "Found one: see [link removed] now"
        other = client.put(
            f"/v1/imports/{request_id}/status",
            headers=cast.headers("other_vendor"),
            json={"status": "shipped"},
        )
        assert_problem(other, 404)

    def test_an_importers_note_is_short_an_admins_may_be_longer_and_keep_links(
        self, client, db, cast
    ):
        from tests.imports.factories import create_import

        request_id = create_import(db, owner=cast.customer, importer=cast.vendor)
        long_note = "x" * 501
        refused = client.put(
            f"/v1/imports/{request_id}/status",
            headers=cast.headers("vendor"),
            json={"status": "sourcing", "note": long_note},
        )
        assert assert_problem(refused, 422)["errors"][0]["field"] == "note"
        by_admin = client.put(
            f"/v1/imports/{request_id}/status",
            headers=cast.headers("admin"),
            json={
                "status": "sourcing",
                "note": "Pay the duty at https://www.kra.go.ke " + long_note,
            },
        )
        assert by_admin.status_code == 200
        assert "https://www.kra.go.ke" in by_admin.json()["timeline"][-1]["note"]

    def test_an_importer_only_vendor_sells_no_parts(self, client, db, cast):
        vendor_id = self._vendor_id(db, cast.other_vendor)
        client.put(
            f"/v1/vendors/{vendor_id}/approve",
            headers=cast.headers("admin"),
            json={"kinds": ["importer"]},
        )
        response = client.post(
            "/v1/parts",
            headers=cast.headers("other_vendor"),
            json={"name": "Oil filter", "sku": "OF-9", "price": 900, "stock": 3},
        )
        assert_problem(response, 403)

    def test_a_vendor_says_what_it_does_when_it_registers(self, client):
        response = client.post(
            "/v1/auth/register",
            json={
                "email": "imports@example.co.ke",
                "password": "Tembo-Mlima-Kilima-42",
                "role": "vendor",
                "company_name": "Pwani Car Imports",
                "vendorKinds": ["importer"],
            },
        )
        assert response.status_code == 201, response.text
        vendor = response.json()["user"]["vendor"]
        assert (vendor["kinds"], vendor["approved"]) == (["importer"], False)
