"""Orders: cars and parts bought at the database's prices, never oversold.

Every order locks the rows it buys (``repository.lock_cars`` / ``lock_parts``) in one
global order — cars before parts, each by id, i.e. by (item_type, item_id) — so two
orders can never wait on each other in a cycle, and a second order for the last
units sees the first one's stock once it committed. The ``stock >= 0`` check
constraint is the backstop. Payment is only recorded here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit
from sidecar.core.errors import Conflict, NotFound, Unprocessable
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import Car, CarStatus, ItemType, Order, OrderItem, OrderStatus, Part
from sidecar.orders import repository
from sidecar.orders.schemas import OrderCreate, OrderItemIn

_CENT = Decimal("0.01")
# Order totals are NUMERIC(14,2): at most KES 999,999,999,999.99.
MAX_TOTAL = Decimal("999999999999.99")


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


class TotalTooLarge(Unprocessable):
    def __init__(self) -> None:
        detail = f"An order's total may be at most KES {MAX_TOTAL:,}; order fewer items."
        super().__init__(detail, errors=[{"field": "items", "message": detail}])


class OwnItem(Unprocessable):
    def __init__(self, item_type: str, item_id: int) -> None:
        super().__init__(f"You cannot buy your own {item_type} ({item_type} {item_id}).")


@dataclass(frozen=True)
class Line:
    """One thing to buy, after repeated items were merged."""

    item_type: ItemType
    item_id: int
    quantity: int


def merge_lines(items: Iterable[OrderItemIn]) -> list[Line]:
    """Sums repeated items and sorts by (item_type, item_id), the locking order."""
    quantities: dict[tuple[ItemType, int], int] = {}
    for item in items:
        key = (item.item_type, item.item_id)
        quantities[key] = quantities.get(key, 0) + item.quantity
    lines = [
        Line(kind, item_id, quantity) for (kind, item_id), quantity in sorted(quantities.items())
    ]
    for line in lines:
        if line.item_type is ItemType.CAR and line.quantity != 1:
            raise CarQuantityNotOne(line.item_id)
    return lines


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    """The price of ``quantity`` units, in cents."""
    return (unit_price * quantity).quantize(_CENT)


def _sell_car(car: Car | None, *, car_id: int, buyer: Principal) -> Car:
    if car is None or car.status not in (CarStatus.ACTIVE, CarStatus.SOLD):
        raise CarNotForSale(car_id)
    if buyer.owns(car.owner_id):
        raise OwnItem("car", car_id)
    if car.status == CarStatus.SOLD:
        raise CarAlreadySold(car)
    car.status = CarStatus.SOLD
    return car


def _take_stock(part: Part | None, *, line: Line, buyer: Principal) -> Part:
    if part is None or not part.vendor.approved:
        raise PartNotForSale(line.item_id)
    if buyer.owns(part.vendor.user_id):
        raise OwnItem("part", part.id)
    if line.quantity > part.stock:
        raise NotEnoughStock(part)
    part.stock -= line.quantity
    return part


def place_order(session: Session, *, buyer: Principal, data: OrderCreate) -> Order:
    """Buys cars and parts at their current prices; sold cars and stock change with it."""
    lines = merge_lines(data.items)
    car_ids = [line.item_id for line in lines if line.item_type is ItemType.CAR]
    part_ids = [line.item_id for line in lines if line.item_type is ItemType.PART]
    cars = repository.lock_cars(session, car_ids)
    parts = repository.lock_parts(session, part_ids)
    items: list[OrderItem] = []
    for line in lines:
        if line.item_type is ItemType.CAR:
            car = _sell_car(cars.get(line.item_id), car_id=line.item_id, buyer=buyer)
            title, unit_price = car.title, car.price
        else:
            part = _take_stock(parts.get(line.item_id), line=line, buyer=buyer)
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
    total = sum((item.line_total for item in items), Decimal("0.00"))
    if total > MAX_TOTAL:
        raise TotalTooLarge()
    order = Order(
        user_id=buyer.id,
        status=OrderStatus.PENDING,
        payment_method=data.payment_method,
        total=total,
        currency="KES",
        items=items,
    )
    session.add(order)
    session.flush()
    _audit_order(session, order=order, buyer=buyer, stock={p.id: p.stock for p in parts.values()})
    return order


def _audit_order(
    session: Session, *, order: Order, buyer: Principal, stock: dict[int, int]
) -> None:
    audit.record(
        session,
        actor_id=buyer.id,
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
        if item.item_type is ItemType.CAR:
            audit.record(
                session,
                actor_id=buyer.id,
                action="car.sell",
                resource_type="car",
                resource_id=item.item_id,
                changes={"status": CarStatus.SOLD.value, "order_id": order.id},
            )


def list_orders(
    session: Session, *, viewer: Principal, params: PageParams, status: OrderStatus | None = None
) -> tuple[list[Order], int]:
    """The viewer's orders (admins: everyone's), newest first."""
    return paginate(session, repository.list_query(viewer=viewer, status=status), params=params)


def get_order(session: Session, *, viewer: Principal, order_id: int) -> Order:
    """One order, for its buyer or an admin."""
    order = repository.get(session, order_id, viewer=viewer)
    if order is None:
        raise OrderNotFound()
    return order
