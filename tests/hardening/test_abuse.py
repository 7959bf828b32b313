"""Hostile input: each case asserts the exact safe outcome, never a 5xx."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sidecar.models import Car, Part
from tests.assertions import assert_problem

SQL_METACHARACTERS = [
    "'; DROP TABLE cars;--",
    "%",
    "_",
    "\\",
    "' OR '1'='1",
    "toyota:*",
    "a & b | !c",
    "ñandú 🚗",
    "(",
    "x" * 500,
]


class TestNulCharacters:
    """PostgreSQL cannot store NUL in text: that is the client's input, a 422, not a 503."""

    def test_in_a_json_body(self, client):
        response = client.post("/v1/auth/login", json={"email": "a\u0000@b.co", "password": "x"})
        assert_problem(response, 422)

    def test_in_a_query_filter(self, client):
        assert_problem(client.get("/v1/cars", params={"make": "toy\u0000ota"}), 422)


class TestFilters:
    @pytest.mark.parametrize("value", SQL_METACHARACTERS)
    def test_car_filters_treat_metacharacters_as_text(self, client, value):
        for name in ("make", "model", "q"):
            response = client.get("/v1/cars", params={name: value})
            assert response.status_code in (200, 422), (name, value, response.text)

    @pytest.mark.parametrize("value", SQL_METACHARACTERS)
    def test_part_filters_treat_metacharacters_as_text(self, client, value):
        for name in ("name", "compatibility"):
            response = client.get("/v1/parts", params={name: value})
            assert response.status_code in (200, 422), (name, value, response.text)

    def test_the_tables_survive(self, client, db):
        for value in SQL_METACHARACTERS:
            client.get("/v1/cars", params={"q": value, "make": value})
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Car)) == 0
            assert session.scalar(select(func.count()).select_from(Part)) == 0

    @pytest.mark.parametrize(
        "params",
        [
            {"page": 0},
            {"page": -1},
            {"page": 10**12},
            {"limit": 0},
            {"limit": 101},
            {"limit": 10**9},
            {"page": "abc"},
            {"minPrice": "NaN"},
            {"maxPrice": "1e400"},
            {"year": 10**20},
        ],
    )
    def test_absurd_paging_and_numbers_are_422(self, client, params):
        assert_problem(client.get("/v1/cars", params=params), 422)


class TestPathTraversal:
    @pytest.mark.parametrize(
        "path",
        [
            "/media/../../etc/passwd",
            "/media/..%2f..%2fetc%2fpasswd",
            "/media/%2e%2e/%2e%2e/etc/passwd",
            "/media//etc/passwd",
            "/media/cars/1/../../../pyproject.toml",
        ],
    )
    def test_media_paths_cannot_leave_the_media_folder(self, client, path):
        response = client.get(path)
        assert response.status_code in (400, 404), response.text
        assert "[project]" not in response.text
        assert "root:" not in response.text

    def test_car_images_must_be_keys_issued_to_the_seller(self, client, create_user, auth_headers):
        body = {
            "title": "Note 2017",
            "make": "Nissan",
            "model": "Note",
            "year": 2017,
            "price": 850_000,
            "images": ["../../etc/passwd"],
        }
        response = client.post("/v1/cars", json=body, headers=auth_headers(create_user()))
        assert_problem(response, 422)


class TestMassAssignment:
    CAR = {"title": "Note 2017", "make": "Nissan", "model": "Note", "year": 2017, "price": 850_000}

    @pytest.mark.parametrize(
        "extra", [{"status": "active"}, {"owner_id": 1}, {"id": 99}, {"catalogue_unknown": False}]
    )
    def test_car_create_refuses_server_fields(self, client, create_user, auth_headers, extra):
        response = client.post(
            "/v1/cars", json=self.CAR | extra, headers=auth_headers(create_user())
        )
        assert_problem(response, 422)

    def test_car_patch_refuses_status(self, client, create_user, auth_headers):
        seller = create_user()
        car = client.post("/v1/cars", json=self.CAR, headers=auth_headers(seller)).json()
        response = client.patch(
            f"/v1/cars/{car['id']}", json={"status": "active"}, headers=auth_headers(seller)
        )
        assert_problem(response, 422)
        assert (
            client.get(f"/v1/cars/{car['id']}", headers=auth_headers(seller)).json()["status"]
            == "pending"
        )

    def test_parts_refuse_a_vendor_id(self, client, create_user, auth_headers):
        vendor = create_user(role="vendor")
        body = {"name": "Oil filter", "sku": "OF-1", "price": 900, "stock": 3, "vendor_id": 1}
        assert_problem(client.post("/v1/parts", json=body, headers=auth_headers(vendor)), 422)

    @pytest.mark.parametrize("extra", [{"total": "1.00"}, {"status": "paid"}])
    def test_orders_refuse_client_totals(self, client, create_user, auth_headers, extra):
        body = {"items": [{"item_type": "part", "item_id": 1, "quantity": 1}]}
        body |= {"payment_method": "mpesa"} | extra
        response = client.post("/v1/orders", json=body, headers=auth_headers(create_user()))
        assert_problem(response, 422)

    def test_order_items_refuse_a_unit_price(self, client, create_user, auth_headers):
        item = {"item_type": "part", "item_id": 1, "quantity": 1, "unit_price": "1.00"}
        body = {"items": [item], "payment_method": "mpesa"}
        response = client.post("/v1/orders", json=body, headers=auth_headers(create_user()))
        assert_problem(response, 422)
