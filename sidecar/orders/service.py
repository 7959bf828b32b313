"""Orders: cars and parts bought at the database's prices, never oversold.

Every order locks the rows it buys (``SELECT ... FOR UPDATE``) in one global order
— cars before parts, each by id, i.e. by (item_type, item_id) — so two orders can
never wait on each other in a cycle, and a second order for the last units sees the
first one's stock once it committed. The ``stock >= 0`` check constraint is the
backstop. Payment is only recorded here; the payment integration comes later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from sidecar.audit import service as audit
from sidecar.errors import Conflict, NotFound, Unprocessable
from sidecar.models import Car, CarStatus, Order, OrderItem, Part, Role, User, Vendor
from sidecar.orders.schemas import OrderCreate, OrderItemIn
from sidecar.pagination import PageParams, paginate

_CENT = Decimal("0.01")


class OrderNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such order.")


class CarNotForSale(NotFound):
    def __init__(self, car_id: int) -> None:
        super().__init__(f"Car {car_id} is not for sale.")


class PartNotForSale(NotFound):
    def __init__(self, part_id: int) -> None:
        super().__init__(f"Part {part_id} is not for sale.")


class CarAlreadySold(Conflict):
    def __init__(self, car: Car) -> None:
        super().__init__(f"Car {car.id} ({car.title}) has already been sold.")


class NotEnoughStock(Conflict):
    def __init__(self, part: Part) -> None:
        if part.stock == 0:
            detail = f"Part {part.id} ({part.name}) is out of stock."
        else:
            detail = f"Only {part.stock} left of part {part.id} ({part.name})."
        super().__init__(detail)


class CarQuantityNotOne(Unprocessable):
    def __init__(self, car_id: int) -> None:
        super().__init__(
            f"Car {car_id} can be ordered once, with quantity 1.",
            errors=[{"field": "items", "message": "a car's quantity is 1, and it appears once"}],
        )


class OwnItem(Unprocessable):
    def __init__(self, item_type: str, item_id: int) -> None:
        super().__init__(f"You cannot buy your own {item_type} ({item_type} {item_id}).")


@dataclass(frozen=True)
class Line:
    """One thing to buy, after repeated items were merged."""

    item_type: str
    item_id: int
    quantity: int


def merge_lines(items: Iterable[OrderItemIn]) -> list[Line]:
    """Sums repeated items and sorts by (item_type, item_id), the locking order."""
    quantities: dict[tuple[str, int], int] = {}
    for item in items:
        key = (item.item_type, item.item_id)
        quantities[key] = quantities.get(key, 0) + item.quantity
    lines = [
        Line(kind, item_id, quantity) for (kind, item_id), quantity in sorted(quantities.items())
    ]
    for line in lines:
        if line.item_type == "car" and line.quantity != 1:
            raise CarQuantityNotOne(line.item_id)
    return lines


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    """The price of ``quantity`` units, in cents."""
    return (unit_price * quantity).quantize(_CENT)


def _lock_cars(session: Session, ids: list[int]) -> dict[int, Car]:
    if not ids:
        return {}
    query = select(Car).where(Car.id.in_(ids)).order_by(Car.id).with_for_update()
    return {car.id: car for car in session.scalars(query)}


def _lock_parts(session: Session, ids: list[int]) -> dict[int, tuple[Part, Vendor]]:
    if not ids:
        return {}
    query = (
        select(Part, Vendor)
        .join(Vendor)
        .where(Part.id.in_(ids))
        .order_by(Part.id)
        .with_for_update(of=Part)
    )
    return {row.Part.id: (row.Part, row.Vendor) for row in session.execute(query)}


def _sell_car(car: Car | None, *, car_id: int, buyer: User) -> Car:
    if car is None or car.status not in (CarStatus.ACTIVE, CarStatus.SOLD):
        raise CarNotForSale(car_id)
    if car.owner_id == buyer.id:
        raise OwnItem("car", car_id)
    if car.status == CarStatus.SOLD:
        raise CarAlreadySold(car)
    car.status = CarStatus.SOLD
    return car


def _take_stock(row: tuple[Part, Vendor] | None, *, line: Line, buyer: User) -> Part:
    if row is None or not row[1].approved:
        raise PartNotForSale(line.item_id)
    part, vendor = row
    if vendor.user_id == buyer.id:
        raise OwnItem("part", part.id)
    if line.quantity > part.stock:
        raise NotEnoughStock(part)
    part.stock -= line.quantity
    return part


def place_order(session: Session, *, user: User, data: OrderCreate) -> Order:
    """Buys cars and parts at their current prices; sold cars and stock change with it."""
    lines = merge_lines(data.items)
    cars = _lock_cars(session, [line.item_id for line in lines if line.item_type == "car"])
    parts = _lock_parts(session, [line.item_id for line in lines if line.item_type == "part"])
    items: list[OrderItem] = []
    for line in lines:
        if line.item_type == "car":
            car = _sell_car(cars.get(line.item_id), car_id=line.item_id, buyer=user)
            title, unit_price = car.title, car.price
        else:
            part = _take_stock(parts.get(line.item_id), line=line, buyer=user)
            title, unit_price = part.name, part.price
        items.append(
            OrderItem(
                item_type=line.item_type,
                item_id=line.item_id,
                title=title,
                quantity=line.quantity,
                unit_price=unit_price,
                line_total=line_total(unit_price, line.quantity),
            )
        )
    order = Order(
        user_id=user.id,
        status="pending",
        payment_method=data.payment_method,
        total=sum((item.line_total for item in items), Decimal("0.00")),
        currency="KES",
        items=items,
    )
    session.add(order)
    session.flush()
    _audit_order(session, order=order, user=user, stock={p.id: p.stock for p, _ in parts.values()})
    return order


def _audit_order(session: Session, *, order: Order, user: User, stock: dict[int, int]) -> None:
    audit.record(
        session,
        actor_id=user.id,
        action="order.create",
        resource_type="order",
        resource_id=order.id,
        changes={
            "total": str(order.total),
            "payment_method": order.payment_method,
            "items": [
                {
                    "item_type": item.item_type,
                    "item_id": item.item_id,
                    "quantity": item.quantity,
                    "unit_price": str(item.unit_price),
                }
                for item in order.items
            ],
            "stock_left": {str(part_id): left for part_id, left in stock.items()},
        },
    )
    for item in order.items:
        if item.item_type == "car":
            audit.record(
                session,
                actor_id=user.id,
                action="car.sell",
                resource_type="car",
                resource_id=item.item_id,
                changes={"status": CarStatus.SOLD.value, "order_id": order.id},
            )


def list_orders(
    session: Session, *, user: User, params: PageParams, status: str | None = None
) -> tuple[list[Order], int]:
    """The user's orders (admins: everyone's), newest first."""
    query: Select[Any] = select(Order).options(selectinload(Order.items))
    if user.role != Role.ADMIN:
        query = query.where(Order.user_id == user.id)
    if status is not None:
        query = query.where(Order.status == status)
    query = query.order_by(Order.created_at.desc(), Order.id.desc())
    return paginate(session, query, params=params)


def get_order(session: Session, *, user: User, order_id: int) -> Order:
    """One order, for its buyer or an admin."""
    order = session.scalar(
        select(Order).options(selectinload(Order.items)).where(Order.id == order_id)
    )
    if order is None or (user.role != Role.ADMIN and order.user_id != user.id):
        raise OrderNotFound()
    return order
