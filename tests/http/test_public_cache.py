"""The public read cache (sidecar/http/cache.py, sidecar/core/cache.py): anonymous
reads come from the cache, and no committed write stays hidden longer than
documented: never in the process that wrote it, PUBLIC_CACHE_SYNC_SECONDS in others."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sidecar.app import create_app
from sidecar.content import repository as content
from sidecar.content.strapi_client import VEHICLE_MAKE
from sidecar.core import clock
from sidecar.core.cache import remembered
from sidecar.core.database import Database
from sidecar.core.pagination import PageParams, TotalCache, paginate
from sidecar.models import Car, CmsEntry
from tests.cars.factories import create_car
from tests.conftest import captured_statements, make_settings
from tests.parts.factories import create_part

SYNC_SECONDS = 0.5


def _settings(database_url: str, prefix: str, **overrides: Any):
    return make_settings(
        database_url,
        public_cache_seconds=30,
        public_cache_sync_seconds=SYNC_SECONDS,
        redis_key_prefix=prefix,
        **overrides,
    )


@pytest.fixture
def prefix() -> str:
    return make_settings("postgresql://unused").redis_key_prefix


@pytest.fixture
def cached_db(database_url, prefix) -> Iterator[Database]:
    """A database whose commits announce their writes, as in every deployed process."""
    database = Database.from_settings(_settings(database_url, prefix))
    assert database.generations is not None
    yield database
    database.dispose()


def _client(database_url: str, database: Database, prefix: str) -> TestClient:
    app = create_app(
        _settings(database_url, prefix), database=database, job_runner=lambda name, args: None
    )
    return TestClient(app)


@pytest.fixture
def api(database_url, cached_db, prefix) -> Iterator[TestClient]:
    with _client(database_url, cached_db, prefix) as client:
        yield client


def _count(client: TestClient, result: str) -> float:
    registry = client.app.state.metrics.registry  # type: ignore[attr-defined]
    return registry.get_sample_value("http_cache_requests_total", {"result": result}) or 0.0


def _titles(client: TestClient) -> list[str]:
    response = client.get("/v1/cars")
    assert response.status_code == 200
    return [car["title"] for car in response.json()["data"]]


class TestAnswers:
    def test_a_repeated_anonymous_read_comes_from_the_cache(self, api, cached_db, cast):
        create_car(cached_db, owner=cast.customer, title="Mazda Demio 2016")
        first = api.get("/v1/cars", params={"make": "Toyota", "limit": 5})
        again = api.get("/v1/cars", params={"limit": 5, "make": "Toyota"})  # same query
        assert (_count(api, "miss"), _count(api, "hit")) == (1, 1)
        assert again.content == first.content
        assert again.headers["etag"] == first.headers["etag"]
        assert again.headers["cache-control"] == "public, max-age=5, stale-while-revalidate=30"
        assert "Authorization" in again.headers["vary"]

    def test_if_none_match_gives_304_without_a_body(self, api, cached_db, cast):
        create_car(cached_db, owner=cast.customer)
        etag = api.get("/v1/cars").headers["etag"]
        response = api.get("/v1/cars", headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert api.get("/v1/cars", headers={"If-None-Match": '"other"'}).status_code == 200

    def test_signed_in_callers_are_private_and_never_cached(self, api, cached_db, cast):
        create_car(cached_db, owner=cast.customer)
        for _ in range(2):
            response = api.get("/v1/cars", headers=cast.headers("customer"))
            assert response.status_code == 200
            assert response.headers["cache-control"] == "private, no-store"
            assert "etag" not in response.headers
        assert (_count(api, "miss"), _count(api, "hit")) == (0, 0)

    def test_errors_are_not_kept_nor_marked_public(self, api):
        for _ in range(2):
            response = api.get("/v1/cars/999999")
            assert response.status_code == 404
            assert "public" not in response.headers.get("cache-control", "")
        assert _count(api, "hit") == 0


class TestWritesAreNeverHidden:
    def test_an_approved_car_shows_at_once(self, api, cached_db, cast):
        car_id = create_car(cached_db, owner=cast.customer, status="pending", title="Honda Fit")
        assert _titles(api) == []
        approve = api.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
        assert approve.status_code == 200
        assert _titles(api) == ["Honda Fit"]

    def test_an_edited_car_page_shows_the_edit_at_once(self, api, cached_db, cast):
        car_id = create_car(cached_db, owner=cast.customer, title="Toyota Vitz 2015")
        assert api.get(f"/v1/cars/{car_id}").json()["title"] == "Toyota Vitz 2015"
        edit = api.patch(
            f"/v1/cars/{car_id}",
            json={"title": "Toyota Vitz 2015, one owner"},
            headers=cast.headers("customer"),
        )
        assert edit.status_code == 200, edit.text
        # An edited listing goes back to moderation: the public no longer sees it.
        assert edit.json()["status"] == "pending"
        assert api.get(f"/v1/cars/{car_id}").status_code == 404
        assert _titles(api) == []

    def test_a_part_s_stock_change_shows_at_once(self, api, cached_db, cast):
        part_id = create_part(cached_db, vendor=cast.vendor, stock=4)
        assert api.get(f"/v1/parts/{part_id}").json()["stock"] == 4
        edit = api.patch(f"/v1/parts/{part_id}", json={"stock": 1}, headers=cast.headers("vendor"))
        assert edit.status_code == 200, edit.text
        assert api.get(f"/v1/parts/{part_id}").json()["stock"] == 1
        assert [part["stock"] for part in api.get("/v1/parts").json()["data"]] == [1]

    def test_a_catalogue_change_refreshes_car_lists(self, api, cached_db, cast):
        create_car(cached_db, owner=cast.customer)
        api.get("/v1/cars")
        with cached_db.transaction() as session:
            session.add(
                CmsEntry(
                    uid="api::vehicle-make.vehicle-make",
                    document_id="make-toyota",
                    locale="en",
                    updated_at=cast.customer.created_at,
                    synced_at=cast.customer.created_at,
                    data={"name": "Toyota", "slug": "toyota"},
                )
            )
        api.get("/v1/cars")
        assert (_count(api, "miss"), _count(api, "hit")) == (2, 0)

    def test_a_make_mirrored_from_strapi_refreshes_car_lists(self, api, cached_db, cast):
        # The webhook's path: an INSERT ... ON CONFLICT statement, not an ORM object.
        create_car(cached_db, owner=cast.customer)
        api.get("/v1/cars")
        document = {
            "documentId": "make-toyota",
            "locale": "en",
            "updatedAt": "2026-12-01T08:00:00.000Z",
            "publishedAt": "2026-12-01T08:00:00.000Z",
            "name": "Toyota",
            "slug": "toyota",
        }
        with cached_db.transaction() as session:
            change = content.upsert_document(session, content_type=VEHICLE_MAKE, document=document)
        assert change.outcome == "upserted"
        api.get("/v1/cars")
        assert (_count(api, "miss"), _count(api, "hit")) == (2, 0)

    def test_a_sign_in_does_not_empty_the_cache(self, api, cached_db, cast):
        create_car(cached_db, owner=cast.customer)
        api.get("/v1/cars")
        with cached_db.transaction() as session:  # what a login changes on a user
            session.merge(cast.customer).updated_at = cast.customer.updated_at
        api.get("/v1/cars")
        assert _count(api, "hit") == 1

    def test_another_process_sees_a_write_within_the_sync_interval(
        self, database_url, cached_db, prefix, cast, frozen_clock
    ):
        other_db = Database.from_settings(_settings(database_url, prefix))
        car_id = create_car(cached_db, owner=cast.customer, status="pending", title="Subaru XV")
        try:
            with (
                _client(database_url, other_db, prefix) as other,
                TestClient(
                    create_app(
                        _settings(database_url, prefix),
                        database=cached_db,
                        job_runner=lambda name, args: None,
                    )
                ) as writer,
            ):
                assert _titles(other) == []
                approve = writer.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
                assert approve.status_code == 200
                assert _titles(writer) == ["Subaru XV"]  # the writer: at once
                frozen_clock.advance(SYNC_SECONDS)
                assert _titles(other) == ["Subaru XV"]  # the others: within the interval
        finally:
            other_db.dispose()


def test_without_redis_nothing_is_cached_and_answers_stay_right(database_url, db, cast):
    settings = make_settings(
        database_url, public_cache_seconds=30, redis_url="redis://127.0.0.1:1/0"
    )
    database = Database.from_settings(settings)
    try:
        app = create_app(settings, database=database, job_runner=lambda name, args: None)
        with TestClient(app) as api:
            create_car(database, owner=cast.customer, title="Nissan Note")
            assert _titles(api) == ["Nissan Note"]
            create_car(database, owner=cast.customer, title="Nissan Juke")
            assert sorted(_titles(api)) == ["Nissan Juke", "Nissan Note"]
            assert _count(api, "bypass") == 2
            assert _count(api, "hit") == 0
    finally:
        database.dispose()


class TestRemembered:
    """The services' memo of mirror reads (the catalogue, related articles): the same
    generations as the public cache, so a write is never hidden by it either."""

    TABLES = ("cms_entries",)

    @staticmethod
    def _make(session, document_id: str) -> None:
        session.add(
            CmsEntry(
                uid="api::vehicle-make.vehicle-make",
                document_id=document_id,
                locale="en",
                updated_at=clock.utcnow(),
                synced_at=clock.utcnow(),
                data={"name": document_id, "slug": document_id},
            )
        )

    def test_kept_until_the_table_is_written_and_fresh_inside_the_writer(self, cached_db, db):
        calls: list[int] = []

        def compute() -> int:
            calls.append(1)
            return len(calls)

        def read(database: Database) -> int:
            with database.transaction() as session:
                return remembered(session, self.TABLES, "count", compute)

        assert (read(cached_db), read(cached_db)) == (1, 1)
        with cached_db.transaction() as session:
            self._make(session, "make-a")
        assert read(cached_db) == 2  # the commit bumped the generation
        with cached_db.transaction() as session:
            self._make(session, "make-b")
            session.flush()
            # This transaction wrote the table: it reads afresh, and keeps nothing.
            assert remembered(session, self.TABLES, "count", compute) == 3
            assert remembered(session, self.TABLES, "count", compute) == 4
        assert read(cached_db) == 5
        with cached_db.transaction() as session:
            self._make(session, "make-c")  # added, not flushed yet: still this writer's
            assert remembered(session, self.TABLES, "count", compute) == 6
        assert read(cached_db) == 7
        # Without generations (no Redis, or the public cache off) nothing is kept.
        assert db.generations is None
        assert (read(db), read(db)) == (8, 9)

    def test_each_database_keeps_its_own(self, database_url, cached_db, prefix):
        other = Database.from_settings(_settings(database_url, prefix + "other:"))
        try:
            with cached_db.transaction() as session:
                assert remembered(session, self.TABLES, "k", lambda: "mine") == "mine"
            with other.transaction() as session:
                assert remembered(session, self.TABLES, "k", lambda: "theirs") == "theirs"
        finally:
            other.dispose()


class TestListTotals:
    """Public lists' totals (paginate with a TotalCache): with the generations they are
    kept until a table the list reads is written, not for a TTL that could hide it."""

    @staticmethod
    def _total(database: Database, totals: TotalCache) -> int:
        query = select(Car).where(Car.make == "Toyota").order_by(Car.id)
        with database.transaction() as session:
            _, total = paginate(session, query, params=PageParams(page=1, limit=2), totals=totals)
            return total

    def test_kept_until_a_car_is_written(self, cached_db, cast):
        with captured_statements(cached_db.engine, containing="count(") as counted:
            totals = TotalCache(60)
            for index in range(3):
                create_car(cached_db, owner=cast.customer, title=f"Toyota {index}")
            assert (self._total(cached_db, totals), self._total(cached_db, totals)) == (3, 3)
            assert len(counted) == 1
            create_part(cached_db, vendor=cast.vendor)  # another table: still kept
            assert self._total(cached_db, totals) == 3
            assert len(counted) == 1
            # A TTL of 60 s alone would show 3 here; the commit's bump shows 4 at once.
            create_car(cached_db, owner=cast.customer, title="Toyota 3")
            assert self._total(cached_db, totals) == 4
            assert len(counted) == 2
            # LIST_TOTAL_CACHE_SECONDS=0 still turns reuse off.
            off = TotalCache(0)
            assert (self._total(cached_db, off), self._total(cached_db, off)) == (4, 4)
            assert len(counted) == 4
