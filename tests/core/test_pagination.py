"""Totals of lists: told by a short page, counted for a full one, reused for a few seconds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sidecar.app import create_app
from sidecar.core.pagination import PageParams, TotalCache, paginate
from sidecar.models import Car
from tests.cars.factories import create_car
from tests.conftest import captured_statements, make_settings
from tests.parts.factories import create_part


@pytest.fixture
def counts(db):
    """The COUNT statements the engine runs, as they run."""
    with captured_statements(db.engine, containing="count(") as statements:
        yield statements


def _cars(db, owner, n: int, make: str = "Toyota") -> None:
    for index in range(n):
        create_car(db, owner=owner, make=make, title=f"{make} {index}")


def _page(db, page: int, limit: int, totals: TotalCache | None = None, make: str = "Toyota"):
    query = select(Car).where(Car.make == make).order_by(Car.id)
    with db.transaction() as session:
        rows, total = paginate(
            session, query, params=PageParams(page=page, limit=limit), totals=totals
        )
        return [row.title for row in rows], total


class TestPaginate:
    def test_a_short_page_tells_the_total_without_counting(self, db, create_user, counts):
        _cars(db, create_user(), 7)
        assert _page(db, page=2, limit=5)[1] == 7
        assert _page(db, page=1, limit=10)[1] == 7
        assert counts == []

    def test_an_empty_first_page_is_zero_without_counting(self, db, counts):
        assert _page(db, page=1, limit=5) == ([], 0)
        assert counts == []

    def test_a_full_page_and_a_page_past_the_end_are_counted(self, db, create_user, counts):
        _cars(db, create_user(), 10)
        assert _page(db, page=1, limit=5)[1] == 10
        assert _page(db, page=2, limit=5)[1] == 10  # full, exactly at the end
        assert _page(db, page=9, limit=5) == ([], 10)
        assert len(counts) == 3


class TestTotalCache:
    def test_a_recent_count_is_reused_until_it_expires(self, db, create_user, counts):
        owner, now = create_user(), [100.0]
        totals = TotalCache(5, clock=lambda: now[0])
        _cars(db, owner, 10)
        assert _page(db, page=1, limit=5, totals=totals)[1] == 10
        _cars(db, owner, 3)
        assert _page(db, page=2, limit=5, totals=totals)[1] == 10  # 4.9 s stale at most
        now[0] += 5
        assert _page(db, page=2, limit=5, totals=totals)[1] == 13
        assert len(counts) == 2

    def test_a_page_proving_the_cached_total_stale_is_recounted(self, db, create_user, counts):
        owner = create_user()
        totals = TotalCache(60)
        _cars(db, owner, 10)
        assert _page(db, page=1, limit=5, totals=totals)[1] == 10
        _cars(db, owner, 10)
        # Page 3 holds rows 11-15: a total of 10 would contradict what it shows.
        assert _page(db, page=3, limit=5, totals=totals) == (
            [f"Toyota {index}" for index in range(5)],
            20,
        )
        assert len(counts) == 2

    def test_different_bound_values_are_counted_apart(self, db, create_user):
        owner = create_user()
        totals = TotalCache(60)
        _cars(db, owner, 10, make="Toyota")
        _cars(db, owner, 15, make="Nissan")
        assert _page(db, page=1, limit=5, totals=totals, make="Toyota")[1] == 10
        assert _page(db, page=1, limit=5, totals=totals, make="Nissan")[1] == 15

    def test_the_oldest_entries_make_way(self):
        now = [0.0]
        totals = TotalCache(60, max_entries=2, clock=lambda: now[0])
        for key, total in (("a", 1), ("b", 2), ("c", 3)):
            totals.put(key, total)
        assert (totals.get("a"), totals.get("b"), totals.get("c")) == (None, 2, 3)
        now[0] = 61
        assert totals.get("b") is None

    def test_zero_seconds_keeps_nothing(self):
        totals = TotalCache(0)
        totals.put("a", 1)
        assert totals.get("a") is None


class TestPublicListsUseTheCache:
    """Through the API: the public car list reuses totals, a seller's own list does not."""

    @pytest.fixture
    def cached_client(self, database_url, db):
        settings = make_settings(database_url, list_total_cache_seconds=60)
        with TestClient(create_app(settings, database=db, job_runner=lambda *_: None)) as client:
            yield client

    def test_public_total_is_reused_and_mine_is_fresh(
        self, cached_client, db, create_user, auth_headers
    ):
        owner = create_user()
        _cars(db, owner, 4)
        public = {"make": "toyota", "limit": 2}
        assert cached_client.get("/v1/cars", params=public).json()["pagination"]["total"] == 4
        _cars(db, owner, 2)
        assert cached_client.get("/v1/cars", params=public).json()["pagination"]["total"] == 4
        mine = cached_client.get(
            "/v1/cars", params=public | {"mine": "true"}, headers=auth_headers(owner)
        )
        assert mine.json()["pagination"]["total"] == 6
        assert cached_client.get("/v1/parts", params={"limit": 1}).status_code == 200

    def test_every_public_filter_can_be_cached(self, cached_client, db, create_user):
        # Bound values of every kind become cache keys: IN lists, tsquery text and
        # jsonb containment documents (a dict once made this a 500).
        vendor = create_user(role="vendor", company_name="Kisumu Spares")
        owner = create_user()
        for index in range(3):
            create_car(db, owner=owner, title=f"Toyota Fielder {index}", price="1500000")
            create_part(
                db,
                vendor=vendor,
                name=f"Brake pads {index}",
                compatibility=[{"make": "Toyota", "model": "Fielder", "years": [2016]}],
            )
        car_filters = {
            "make": "Toyota",
            "model": "Fielder",
            "year": 2017,
            "minPrice": 1_000_000,
            "maxPrice": 2_000_000,
            "q": "fielder",
            "status": "active",
            "sort": "-price",
        }
        part_filters = {"name": "brake", "compatibility": "Toyota:Fielder:2016"}
        for _ in range(2):  # counted, then served from the cache
            cars = cached_client.get("/v1/cars", params=car_filters | {"limit": 2})
            parts = cached_client.get("/v1/parts", params=part_filters | {"limit": 2})
            assert cars.status_code == parts.status_code == 200, (cars.text, parts.text)
            assert cars.json()["pagination"]["total"] == 3
            assert parts.json()["pagination"]["total"] == 3
