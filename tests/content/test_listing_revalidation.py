"""The storefront's pages of a car or part are rebuilt when what they show changes:
the sidecar publishes REVALIDATE_FRONTEND with their paths once the change commits."""

from __future__ import annotations

from sidecar.content.revalidation import listing_paths
from sidecar.core.jobs import Job
from tests.cars.factories import create_car
from tests.parts.factories import create_part


def _revalidated(published_jobs) -> list[str]:
    return [
        path for name, args in published_jobs if name == Job.REVALIDATE_FRONTEND for path in args[0]
    ]


def test_paths_cover_both_locales_and_the_lists():
    assert listing_paths(cars=[5]) == ["/cars/5", "/sw/cars/5", "/cars", "/sw/cars", "/", "/sw"]
    assert listing_paths(parts=[7]) == ["/parts/7", "/sw/parts/7", "/parts", "/sw/parts"]


def test_an_approved_car_rebuilds_its_page_the_lists_and_home(client, db, cast, published_jobs):
    car_id = create_car(db, owner=cast.customer, status="pending")
    response = client.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
    assert response.status_code == 200
    assert _revalidated(published_jobs) == listing_paths(cars=[car_id])


def test_an_edit_rebuilds_the_page(client, db, cast, published_jobs):
    car_id = create_car(db, owner=cast.customer)
    response = client.patch(
        f"/v1/cars/{car_id}", json={"title": "Mazda CX-5 2017"}, headers=cast.headers("customer")
    )
    assert response.status_code == 200
    assert f"/cars/{car_id}" in _revalidated(published_jobs)


def test_an_order_rebuilds_the_reserved_car_and_the_part_whose_stock_fell(
    client, db, cast, published_jobs
):
    car_id = create_car(db, owner=cast.other_customer, price="1850000")
    part_id = create_part(db, vendor=cast.vendor, stock=5)
    for item_type, item_id, quantity in (("car", car_id, 1), ("part", part_id, 2)):
        order = {"items": [{"item_type": item_type, "item_id": item_id, "quantity": quantity}]}
        response = client.post("/v1/orders", json=order, headers=cast.headers("customer"))
        assert response.status_code == 201, response.text
    paths = _revalidated(published_jobs)
    assert f"/cars/{car_id}" in paths
    assert f"/parts/{part_id}" in paths


def test_a_refused_change_rebuilds_nothing(client, db, cast, published_jobs):
    car_id = create_car(db, owner=cast.customer, status="sold")
    response = client.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
    assert response.status_code == 409
    assert _revalidated(published_jobs) == []


def test_a_stock_change_rebuilds_the_part(client, db, cast, published_jobs):
    part_id = create_part(db, vendor=cast.vendor, stock=5)
    response = client.patch(
        f"/v1/parts/{part_id}", json={"stock": 0}, headers=cast.headers("vendor")
    )
    assert response.status_code == 200
    assert _revalidated(published_jobs) == listing_paths(parts=[part_id])
