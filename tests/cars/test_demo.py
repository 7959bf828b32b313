from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select

from sidecar.cars import demo
from sidecar.cars.schemas import CarCreate
from sidecar.models import Car

EMAILS = {
    demo.WANJIKU: "customer",
    demo.OTIENO: "customer",
    demo.MOMBASA: "vendor",
    demo.NAIROBI: "vendor",
}


def _users(create_user):
    return {email: create_user(role=role, email=email) for email, role in EMAILS.items()}


def test_seed_is_realistic_and_idempotent(db, create_user, client):
    users = _users(create_user)
    with db.transaction() as session:
        added = demo.seed(session, users)
    with db.transaction() as session:
        again = demo.seed(session, users)
        cars = list(session.scalars(select(Car)))

    assert added == len(cars) == 24
    assert again == 0
    statuses = Counter(car.status for car in cars)
    assert statuses["sold"] == 1
    assert 2 <= statuses["pending"] <= 5
    assert statuses["active"] >= 18
    assert {car.owner_id for car in cars} == {user.id for user in users.values()}
    assert all(2015 <= car.year <= 2024 for car in cars)
    assert all(Decimal(650_000) <= car.price <= Decimal(9_500_000) for car in cars)
    for car in cars:  # every demo car is one the API itself would accept
        CarCreate.model_validate(
            {
                "title": car.title,
                "make": car.make,
                "model": car.model,
                "year": car.year,
                "price": car.price,
                "mileage_km": car.mileage_km,
                "description": car.description,
            }
        )
    newest = client.get("/v1/cars", params={"limit": 1}).json()
    assert newest["pagination"]["total"] == statuses["active"]
    assert newest["data"][0]["title"] == "Toyota Fielder Hybrid 2017, fresh import"
