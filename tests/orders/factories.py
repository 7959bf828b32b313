"""Factories for orders tests."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from sidecar.core.database import Database
from sidecar.models import Car, Order, User


def create_car(
    db: Database,
    *,
    owner: User,
    title: str = "Toyota Fielder 2016, 1500cc, silver",
    price: str = "1850000",
    status: str = "active",
) -> int:
    with db.transaction() as session:
        car = Car(
            owner_id=owner.id,
            title=title,
            make="Toyota",
            model="Fielder",
            year=2016,
            price=Decimal(price),
            mileage_km=86000,
            status=status,
        )
        session.add(car)
        session.flush()
        return car.id


def car_status(db: Database, car_id: int) -> str:
    with db.transaction() as session:
        car = session.get(Car, car_id)
        assert car is not None
        return car.status


def order_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count(Order.id))) or 0
