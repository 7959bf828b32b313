"""Factories for orders tests."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from sidecar.core.database import Database
from sidecar.models import Car, Order, User
from sidecar.payments import service as payments
from sidecar.payments import tasks as payment_tasks
from sidecar.payments.gateways import Gateways
from sidecar.payments.schemas import PaymentCreate
from tests.conftest import principal_of


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


def order_status(db: Database, order_id: int) -> str:
    with db.transaction() as session:
        order = session.get(Order, order_id)
        assert order is not None
        return order.status


def pay_simulated(db: Database, *, order_id: int, buyer: User, method: str = "mpesa") -> int:
    """The buyer pays through the simulated provider, confirmed at once; the payment id."""
    with db.transaction() as session:
        payment = payments.open_payment(
            session,
            payer=principal_of(session, buyer),
            order_id=order_id,
            data=PaymentCreate(method=method, phone="0712345678" if method == "mpesa" else None),
            gateways=Gateways.simulated_only(),
        )
        payment_tasks.confirm_simulated_now(session, payment_id=payment.id)
        return payment.id
