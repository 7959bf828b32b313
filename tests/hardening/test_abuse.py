"""Hostile input: oversized and pathological bodies, absurd paging, SQL metacharacters
in every filter, header injection and path traversal. Each case asserts the exact
safe outcome (a 4xx problem+json, or a 200 that treats the input as plain data) and
that nothing changed in the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sidecar.app import create_app
from sidecar.models import AuditLog, Car, MediaUpload
from tests.assertions import assert_problem
from tests.conftest import make_settings, random_ip
from tests.hardening.world import JPEG, World, build_world, changed_tables, snapshot

MAX_BODY = 1_048_576  # MAX_BODY_BYTES' default, which the test settings keep
CAR = {"title": "Note 2017", "make": "Nissan", "model": "Note", "year": 2017, "price": 850_000}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def hardened_app(database_url: str, db: Any, data_dir: Path) -> FastAPI:
    """The app with its media folder in a temporary directory we can look around."""
    settings = make_settings(database_url, gurumisha_data_dir=data_dir)
    return create_app(settings, database=db, job_runner=lambda name, args: None)


@pytest.fixture
def api(hardened_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(hardened_app, client=(random_ip(), 50000)) as client:
        yield client


@pytest.fixture
def world(db: Any, create_user: Any, data_dir: Path) -> World:
    return build_world(db, create_user, data_dir / "media")


@pytest.fixture
def unchanged(db: Any, world: World) -> Iterator[None]:
    """Asserts, after the test, that no table changed."""
    before = snapshot(db)
    yield
    assert changed_tables(before, snapshot(db)) == []


def raw_request(
    app: FastAPI,
    path: str,
    headers: list[tuple[bytes, bytes]] = (),
    *,
    raw_path: bytes | None = None,
) -> tuple[int, dict[str, list[str]], bytes]:
    """One GET straight into the ASGI app, with exactly these bytes: no client library
    normalises the path (``../``) or refuses a header (CR LF) on our behalf."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": raw_path if raw_path is not None else path.encode("utf-8", "surrogateescape"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": (random_ip(), 50000),
        "server": ("testserver", 80),
    }
    status = 0
    response_headers: dict[str, list[str]] = {}
    body = bytearray()

    requested = False

    async def exchange() -> None:
        # Like a real server: the request once, then a disconnect only after the
        # response is complete (a streaming response waits on receive() meanwhile).
        answered = anyio.Event()

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await answered.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for key, value in message.get("headers", []):
                    response_headers.setdefault(key.decode("latin-1"), []).append(
                        value.decode("latin-1")
                    )
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    answered.set()

        await app(scope, receive, send)

    anyio.run(exchange)
    return status, response_headers, bytes(body)


class TestOversizedBodies:
    @pytest.mark.usefixtures("unchanged")
    def test_a_declared_length_over_the_limit_is_413_before_reading(self, api, world, auth_headers):
        body = json.dumps(CAR | {"description": "x" * (MAX_BODY + 1)})
        response = api.post("/v1/cars", content=body, headers=auth_headers(world.customer))
        assert_problem(response, 413)

    @pytest.mark.usefixtures("unchanged")
    def test_a_chunked_body_over_the_limit_is_413(self, api, world, auth_headers):
        def chunks() -> Iterator[bytes]:
            yield b'{"title": "Note 2017", "description": "'
            for _ in range(20):
                yield b"x" * 65_536
            yield b'"}'

        headers = auth_headers(world.customer) | {"Content-Type": "application/json"}
        assert_problem(api.post("/v1/cars", content=chunks(), headers=headers), 413)

    @pytest.mark.usefixtures("unchanged")
    def test_a_body_of_exactly_the_limit_is_read_and_validated(self, api, world, auth_headers):
        body = json.dumps(CAR | {"description": ""})
        body = body.replace(
            '"description": ""', '"description": "' + "x" * (MAX_BODY - len(body)) + '"'
        )
        assert len(body) == MAX_BODY
        headers = auth_headers(world.customer) | {"Content-Type": "application/json"}
        response = api.post("/v1/cars", content=body, headers=headers)
        errors = assert_problem(response, 422)["errors"]
        assert [error["field"] for error in errors] == ["description"]

    @pytest.mark.usefixtures("unchanged")
    def test_an_upload_over_the_image_limit_is_413(self, api, world):
        form = {
            "key": world.media_key,
            "Content-Type": "image/jpeg",
            "expires": "1",
            "signature": "0",
        }
        big = JPEG + b"\x00" * (10 * 1024 * 1024 + 70_000)
        response = api.post("/v1/media/local-upload", data=form, files={"file": ("a.jpg", big)})
        assert_problem(response, 413)

    @pytest.mark.usefixtures("unchanged")
    def test_sixty_thousand_unknown_fields_get_a_small_answer(self, api, world, auth_headers):
        # Under the body limit, but every unknown field is one validation error: the
        # answer must not grow with the attack (a 1 MB request should not buy a 4 MB
        # response and half a second of CPU).
        body = json.dumps(CAR | {f"k{n}": n for n in range(60_000)})
        assert len(body) < MAX_BODY
        headers = auth_headers(world.customer) | {"Content-Type": "application/json"}
        response = api.post("/v1/cars", content=body, headers=headers)
        assert_problem(response, 422)
        assert len(response.content) < 64 * 1024, f"{len(response.content)} bytes of errors"
        assert len(response.json()["errors"]) == 50
        assert "first 50 of 60000" in response.json()["detail"]


class TestPathologicalJson:
    @pytest.mark.parametrize(
        "body",
        [
            "[" * 400_000 + "]" * 400_000,
            '{"a":' * 150_000 + "1" + "}" * 150_000,
            '{"title": "abcd", "description": ' + "[" * 200_000 + "]" * 200_000 + "}",
            '{"title": "abcd", "price": ' + "9" * 5000 + "}",
            b'{"title": "ab\xff\xfecd"}',
        ],
        ids=["deep-array", "deep-object", "deep-in-a-field", "5000-digit-number", "invalid-utf8"],
    )
    @pytest.mark.usefixtures("unchanged")
    def test_is_a_400(self, api, world, auth_headers, body):
        headers = auth_headers(world.customer) | {"Content-Type": "application/json"}
        response = api.post("/v1/cars", content=body, headers=headers)
        assert_problem(response, 400)

    @pytest.mark.parametrize(
        "price", ["1e999999999", "NaN", "Infinity", "-1", "0.001", "1" + "0" * 400 + ".5"]
    )
    @pytest.mark.usefixtures("unchanged")
    def test_absurd_numbers_are_422(self, api, world, auth_headers, price):
        body = json.dumps(CAR).replace("850000", price)
        headers = auth_headers(world.customer) | {"Content-Type": "application/json"}
        errors = assert_problem(api.post("/v1/cars", content=body, headers=headers), 422)["errors"]
        assert [error["field"] for error in errors] == ["price"]


LISTS = [
    "/v1/cars",
    "/v1/parts",
    "/v1/imports",
    "/v1/inquiries",
    "/v1/orders",
    "/v1/notifications",
    "/v1/vendors",
    "/v1/audit-logs",
    "/v1/content/articles",
]


# What the admin sees of the world in each list.
WORLD_TOTALS = dict(zip(LISTS, [2, 1, 1, 1, 1, 0, 3, 0, 1], strict=True))


class TestPaging:
    @pytest.mark.parametrize("path", LISTS)
    @pytest.mark.parametrize(
        "params",
        [
            {"page": 0},
            {"page": -1},
            {"page": 10_001},
            {"page": 2**63},
            {"page": 10**400},
            {"page": "1e3"},
            {"limit": 0},
            {"limit": 101},
            {"limit": 10**9},
            {"limit": "1.5"},
            {"limit": "ten"},
        ],
        ids=repr,
    )
    @pytest.mark.usefixtures("unchanged")
    def test_absurd_pages_and_limits_are_422(self, api, world, auth_headers, path, params):
        body = assert_problem(api.get(path, params=params, headers=auth_headers(world.admin)), 422)
        assert {error["field"] for error in body["errors"]} == {f"query.{next(iter(params))}"}

    @pytest.mark.parametrize("path", LISTS)
    @pytest.mark.usefixtures("unchanged")
    def test_the_deepest_page_is_an_empty_page(self, api, world, auth_headers, path):
        response = api.get(
            path, params={"page": 10_000, "limit": 100}, headers=auth_headers(world.admin)
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["data"] == []
        assert body["pagination"]["page"] == 10_000
        assert body["pagination"]["total"] == WORLD_TOTALS[path]


SQL_METACHARACTERS = [
    "'; DROP TABLE cars;--",
    "' OR '1'='1",
    "%",
    "_",
    "\\",
    "%' OR 1=1 --",
    "toyota:*",
    "a & b | !c",
    "ñandú 🚗",
    "x" * 80,
]

# (list, filter) -> how it reads text: "exact" compares it as a value, "words" keeps
# only its letters and digits, "typed" parses it (an enum, a number, a date, a bool).
FILTERS = [
    ("/v1/cars", "make", "exact"),
    ("/v1/cars", "model", "exact"),
    ("/v1/cars", "q", "words"),
    ("/v1/cars", "status", "typed"),
    ("/v1/cars", "sort", "typed"),
    ("/v1/cars", "year", "typed"),
    ("/v1/cars", "minPrice", "typed"),
    ("/v1/cars", "maxPrice", "typed"),
    ("/v1/cars", "mine", "typed"),
    ("/v1/parts", "name", "words"),
    ("/v1/parts", "compatibility", "exact"),
    ("/v1/parts", "vendorId", "typed"),
    ("/v1/imports", "status", "typed"),
    ("/v1/inquiries", "status", "typed"),
    ("/v1/orders", "status", "typed"),
    ("/v1/notifications", "user", "typed"),
    ("/v1/notifications", "channel", "typed"),
    ("/v1/notifications", "status", "typed"),
    ("/v1/vendors", "approved", "typed"),
    ("/v1/audit-logs", "user", "typed"),
    ("/v1/audit-logs", "resource_type", "exact"),
    ("/v1/audit-logs", "resource_id", "exact"),
    ("/v1/audit-logs", "from", "typed"),
    ("/v1/audit-logs", "to", "typed"),
    ("/v1/content/articles", "slug", "exact"),
    ("/v1/content/articles", "locale", "typed"),
]


class TestFilterMetacharacters:
    @pytest.mark.parametrize(("path", "name", "kind"), FILTERS, ids=lambda v: str(v))
    @pytest.mark.usefixtures("unchanged")
    def test_are_plain_data_in_every_filter(self, api, world, auth_headers, path, name, kind):
        headers = auth_headers(world.admin)
        for value in SQL_METACHARACTERS:
            response = api.get(path, params={name: value}, headers=headers)
            if kind == "typed":
                assert_problem(response, 422)
            elif kind == "exact" and response.status_code == 422:
                # only a documented length limit may refuse an exact filter
                assert_problem(response, 422)
                assert "at most" in response.json()["errors"][0]["message"], value
            elif kind == "exact" and not (name == "compatibility" and ":" in value):
                assert response.status_code == 200, (name, value, response.text)
                assert response.json()["pagination"]["total"] == 0, (name, value)
            else:
                # words: what has no letters or digits filters nothing; the rest are words
                assert response.status_code in (200, 422), (name, value, response.text)
                if response.status_code == 422:
                    assert name == "compatibility"  # make:model:year with a bad year

    @pytest.mark.parametrize(("path", "name", "kind"), FILTERS, ids=lambda v: str(v))
    @pytest.mark.usefixtures("unchanged")
    def test_a_nul_character_is_422_where_it_would_reach_the_database(
        self, api, world, auth_headers, path, name, kind
    ):
        response = api.get(path, params={name: "toy\x00ota"}, headers=auth_headers(world.admin))
        if kind == "words":
            assert response.status_code == 200  # only letters and digits go on
        else:
            assert_problem(response, 422)

    def test_a_make_full_of_metacharacters_matches_exactly_itself(self, api, world, db):
        strange = "O'Brien %_\\ Motors'; --"
        with db.transaction() as session:
            session.add(
                Car(
                    owner_id=world.customer.id,
                    title="Strange make",
                    make=strange,
                    model="X",
                    year=2019,
                    price=1_000_000,
                    status="active",
                )
            )
        exact = api.get("/v1/cars", params={"make": strange}).json()
        wildcard = api.get("/v1/cars", params={"make": "%"}).json()
        underscore = api.get("/v1/cars", params={"make": "O_Brien %_\\ Motors'; --"}).json()
        assert [car["title"] for car in exact["data"]] == ["Strange make"]
        assert wildcard["pagination"]["total"] == 0  # % is a character, not a wildcard
        assert underscore["pagination"]["total"] == 0
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Car)) == 3  # all still there

    @pytest.mark.usefixtures("unchanged")
    def test_audit_log_dates_with_and_without_a_timezone_are_not_a_500(
        self, hardened_app, world, auth_headers
    ):
        with TestClient(hardened_app, raise_server_exceptions=False) as client:
            response = client.get(
                "/v1/audit-logs",
                params={"from": "2026-01-01T00:00:00", "to": "2026-01-02T00:00:00Z"},
                headers=auth_headers(world.admin),
            )
        # A time without a zone is UTC (it once compared naive with aware: a 500).
        assert response.status_code == 200, response.text


class TestHeaderInjection:
    @pytest.mark.parametrize(
        "request_id",
        [
            b"abc\r\nSet-Cookie: session=stolen",
            b"abc\nX-Injected: 1",
            b"abc\r\n\r\n<script>alert(1)</script>",
            b"\xff\xfe\x00bad",
            b"a" * 100_000,
            b"",
        ],
        ids=["crlf-header", "lf-header", "crlf-body", "binary", "100kB", "empty"],
    )
    def test_a_request_id_that_could_inject_is_replaced(self, hardened_app, request_id):
        status, headers, _ = raw_request(hardened_app, "/healthz", [(b"x-request-id", request_id)])
        assert status == 200
        assert len(headers["x-request-id"]) == 1
        echoed = headers["x-request-id"][0]
        assert len(echoed) == 32
        assert all(char in "0123456789abcdef" for char in echoed)  # a fresh uuid4 hex
        assert "set-cookie" not in headers
        assert "x-injected" not in headers

    def test_a_sane_request_id_is_echoed(self, hardened_app):
        _, headers, _ = raw_request(hardened_app, "/healthz", [(b"x-request-id", b"req-42.a_B")])
        assert headers["x-request-id"] == ["req-42.a_B"]

    @pytest.mark.usefixtures("unchanged")
    def test_a_64_kib_bearer_token_is_a_401(self, api, world):
        response = api.get("/v1/auth/me", headers={"Authorization": "Bearer " + "a" * 65_536})
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"

    @pytest.mark.usefixtures("unchanged")
    def test_five_hundred_large_headers_are_served(self, hardened_app, world):
        headers = [(f"x-junk-{n}".encode(), b"j" * 1024) for n in range(500)]
        status, _, body = raw_request(hardened_app, f"/v1/cars/{world.car_active}", headers)
        assert status == 200
        assert json.loads(body)["id"] == world.car_active

    @pytest.mark.usefixtures("unchanged")
    def test_a_forged_host_does_not_change_the_image_urls(self, hardened_app, world):
        status, _, body = raw_request(
            hardened_app, f"/v1/cars/{world.car_active}", [(b"host", b"evil.example")]
        )
        assert status == 200
        urls = json.loads(body)["image_urls"]
        assert urls == [f"http://127.0.0.1:8000/media/{world.media_key}"]

    def test_x_forwarded_for_does_not_buy_a_fresh_rate_limit(self, database_url, db, frozen_clock):
        settings = make_settings(database_url, rate_limit_per_minute=3)
        app = create_app(settings, database=db, job_runner=lambda name, args: None)
        with TestClient(app, client=(random_ip(), 50000)) as client:
            statuses = [
                client.get("/v1/cars", headers={"X-Forwarded-For": f"10.9.9.{n}"}).status_code
                for n in range(5)
            ]
        # No trusted proxies are configured: the header is ignored, the peer is counted.
        assert statuses == [200, 200, 200, 429, 429]


TRAVERSALS = [
    ("/media/../secret.txt", None),
    ("/media/../../secret.txt", None),
    ("/media/cars/1/../../../secret.txt", None),
    ("/media/../secret.txt", b"/media/%2e%2e%2fsecret.txt"),
    ("/media/%2e%2e%2fsecret.txt", b"/media/%252e%252e%252fsecret.txt"),
    ("/media/..\\secret.txt", None),
    ("/media//etc/passwd", None),
    ("/media/cars/1/00000000000000000000000000000000.jpg\x00/../../secret.txt", None),
]


class TestPathTraversal:
    @pytest.fixture
    def secrets_beside_media(self, data_dir: Path, tmp_path: Path) -> bytes:
        secret = b"the database password is hunter2"
        (data_dir / "media").mkdir(parents=True, exist_ok=True)
        (data_dir / "secret.txt").write_bytes(secret)
        (tmp_path / "secret.txt").write_bytes(secret)
        return secret

    def test_a_stored_image_is_served(self, hardened_app, world, secrets_beside_media):
        status, headers, body = raw_request(hardened_app, f"/media/{world.media_key}")
        assert status == 200
        assert body == JPEG
        assert headers["content-type"] == ["image/jpeg"]
        assert headers["x-content-type-options"] == ["nosniff"]

    @pytest.mark.parametrize(("path", "raw_path"), TRAVERSALS, ids=repr)
    def test_nothing_outside_the_media_folder_is_served(
        self, hardened_app, world, secrets_beside_media, path, raw_path
    ):
        status, headers, body = raw_request(hardened_app, path, raw_path=raw_path)
        assert status == 404
        assert headers["content-type"] == ["application/problem+json"]
        assert secrets_beside_media not in body
        assert b"root:" not in body

    def test_an_absolute_path_is_not_served(
        self, hardened_app, world, secrets_beside_media, tmp_path
    ):
        status, _, body = raw_request(hardened_app, f"/media/{tmp_path / 'secret.txt'}")
        assert status == 404
        assert secrets_beside_media not in body

    @pytest.mark.parametrize(
        "key",
        [
            "../../etc/passwd",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e/%2e%2e/etc/passwd",
            "/etc/passwd",
            "cars/1/../../../etc/passwd.jpg",
            "cars/1/" + "0" * 32 + ".jpg/../../x.jpg",
            "cars\\1\\" + "0" * 32 + ".jpg",
            "cars/1/" + "0" * 32 + ".jpg\x00",
        ],
    )
    @pytest.mark.usefixtures("unchanged")
    def test_a_car_image_key_must_be_one_issued_to_the_seller(self, api, world, auth_headers, key):
        headers = auth_headers(world.customer)
        created = api.post("/v1/cars", json=CAR | {"images": [key]}, headers=headers)
        edited = api.patch(f"/v1/cars/{world.car_active}", json={"images": [key]}, headers=headers)
        assert assert_problem(created, 422)["errors"][0]["field"].startswith("images")
        assert assert_problem(edited, 422)["errors"][0]["field"].startswith("images")

    @pytest.mark.usefixtures("unchanged")
    def test_another_users_issued_key_is_refused(self, api, world, auth_headers):
        headers = auth_headers(world.other_customer)
        response = api.post("/v1/cars", json=CAR | {"images": [world.media_key]}, headers=headers)
        assert assert_problem(response, 422)["errors"] == [
            {"field": "images.0", "message": f"{world.media_key} was not issued to you"}
        ]

    @pytest.mark.parametrize(
        "key", ["../../escaped.jpg", "/tmp/escaped.jpg", "cars/1/../../escaped.jpg"]
    )
    def test_an_upload_form_cannot_choose_where_it_writes(
        self, api, world, data_dir, tmp_path, key
    ):
        form = {
            "key": key,
            "Content-Type": "image/jpeg",
            "expires": "9999999999",
            "signature": "0" * 64,
        }
        response = api.post("/v1/media/local-upload", data=form, files={"file": ("a.jpg", JPEG)})
        assert_problem(response, 403)
        assert not list(tmp_path.rglob("escaped.jpg"))
        assert not Path("/tmp/escaped.jpg").exists()


def test_the_world_is_intact_after_hostile_filters(api, world, db):
    """A last look: every table still there, with the rows the world put in."""
    for value in SQL_METACHARACTERS:
        api.get("/v1/cars", params={"q": value, "make": value, "model": value})
        api.get("/v1/parts", params={"name": value})
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Car)) == 2
        assert session.scalar(select(func.count()).select_from(MediaUpload)) == 1
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0
