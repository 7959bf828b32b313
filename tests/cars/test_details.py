"""What a buyer filters on and reads: fuel, gearbox, body, location, years, mileage, seller."""

from __future__ import annotations

import pytest

from sidecar.cars.service import seller_display_name
from tests.assertions import assert_problem
from tests.cars.factories import create_car


def _ids(response):
    assert response.status_code == 200, response.text
    return [car["id"] for car in response.json()["data"]]


class TestListingDetails:
    def test_a_seller_lists_fuel_gearbox_body_and_location(self, client, cast):
        response = client.post(
            "/v1/cars",
            headers=cast.headers("customer"),
            json={
                "title": "Toyota Prado 2019 diesel",
                "make": "Toyota",
                "model": "Land Cruiser Prado",
                "year": 2019,
                "price": "6500000",
                "fuel": "diesel",
                "transmission": "automatic",
                "bodyType": "SUV",
                "location": "Karen, Nairobi",
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["fuel"], body["transmission"], body["body_type"], body["location"]) == (
            "diesel",
            "automatic",
            "SUV",
            "Karen, Nairobi",
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [("fuel", "coal"), ("transmission", "cvt-ish"), ("location", "x" * 81), ("bodyType", "")],
    )
    def test_unknown_or_oversized_values_are_422(self, client, cast, field, value):
        body = {"title": "Demio", "make": "Mazda", "model": "Demio", "year": 2017, "price": 1}
        response = client.post(
            "/v1/cars", headers=cast.headers("customer"), json=body | {field: value}
        )
        assert_problem(response, 422)


class TestFilters:
    @pytest.fixture
    def stock(self, db, cast):
        return {
            "old_petrol": create_car(
                db, owner=cast.customer, year=2014, fuel="petrol", mileage_km=150_000
            ),
            "new_hybrid": create_car(
                db, owner=cast.customer, year=2020, fuel="hybrid", mileage_km=40_000
            ),
            "mid_diesel": create_car(
                db, owner=cast.vendor, year=2017, fuel="diesel", mileage_km=90_000
            ),
            "unknown": create_car(db, owner=cast.vendor, year=2018, fuel=None, mileage_km=None),
        }

    def test_year_range(self, client, stock):
        response = client.get("/v1/cars", params={"minYear": 2016, "maxYear": 2018})
        assert set(_ids(response)) == {stock["mid_diesel"], stock["unknown"]}

    def test_fuel(self, client, stock):
        assert _ids(client.get("/v1/cars", params={"fuel": "hybrid"})) == [stock["new_hybrid"]]

    def test_max_mileage_leaves_out_cars_without_a_reading(self, client, stock):
        response = client.get("/v1/cars", params={"max_mileage": 100_000})
        assert set(_ids(response)) == {stock["new_hybrid"], stock["mid_diesel"]}

    @pytest.mark.parametrize(
        "params",
        [
            {"minYear": 2020, "maxYear": 2018},
            {"fuel": "steam"},
            {"maxMileage": -1},
            {"minYear": 1900},
        ],
    )
    def test_bad_filters_are_422(self, client, params):
        assert_problem(client.get("/v1/cars", params=params), 422)


class TestSeller:
    def test_lists_and_pages_name_the_seller_without_contact_details(self, client, db, cast):
        car_id = create_car(db, owner=cast.vendor)
        listed = client.get("/v1/cars").json()["data"][0]
        page = client.get(f"/v1/cars/{car_id}").json()
        assert (
            listed["seller"]
            == page["seller"]
            == {
                "id": cast.vendor.id,
                "name": "Mombasa Auto Spares",
            }
        )
        assert cast.vendor.email not in str(listed) + str(page)

    @pytest.mark.parametrize(
        ("full_name", "company", "shown"),
        [
            ("Wanjiku Kamau", None, "Wanjiku K."),
            ("Otieno Paul Ochieng", None, "Otieno O."),
            ("Amani", None, "Amani"),
            (None, None, "A private seller"),
            ("   ", None, "A private seller"),
            ("Grace Njeri", "Nairobi Imports Ltd", "Nairobi Imports Ltd"),
        ],
    )
    def test_display_name(self, full_name, company, shown):
        assert seller_display_name(full_name, company) == shown
