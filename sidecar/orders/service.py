"""Orders: a transaction that holds what it buys until it is paid, expires or ends.

Placing an order holds its goods at once: part stock is taken (decremented) and a
car becomes ``reserved``; an order holds either one car or parts. Parts are paid in
full; a car is reserved by a refundable deposit, its balance settled at handover
(the car's line fulfilled by its seller or an admin). An unpaid hold expires after
``OrderRules.hold_seconds``: the sweep (``expire_due_orders``) gives the goods back.
Payments (``sidecar.payments``) call ``mark_paid`` and ``mark_refunded``; this domain
never imports payments, it asks for a refund by job (``Job.REFUND_ORDER``).

Every row lock follows one order (see ``repository``); every move is audited; status
moves are ``transitions``'.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.content.revalidation import revalidate_listings
from sidecar.core import audit, clock, jobs, outbox
from sidecar.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from sidecar.core.events import OrderPaid, OrderToFulfil
from sidecar.core.pagination import PageParams, paginate
from sidecar.core.settings import Settings
from sidecar.models import (
    Car,
    CarStatus,
    EventKind,
    ItemType,
    Order,
    OrderItem,
    OrderStatus,
    Part,
    User,
)
from sidecar.orders import repository, transitions
from sidecar.orders.schemas import OrderCreate, OrderItemIn, OrderSort

_CENT = Decimal("0.01")
CURRENCY = "KES"
EXPIRY_BATCH = 200
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


class CarReserved(Conflict):
    def __init__(self, car: Car) -> None:
        super().__init__(f"Car {car.id} ({car.title}) is reserved by another buyer.")


class NotEnoughStock(Conflict):
    def __init__(self, part: Part) -> None:
        if part.stock == 0:
            detail = f"Part {part.id} ({part.name}) is out of stock."
        else:
            detail = f"Only {part.stock} left of part {part.id} ({part.name})."
        super().__init__(detail)


class TooManyPendingOrders(Conflict):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"You already have {limit} orders waiting for payment; pay or cancel one first."
        )


class IdempotencyKeyReused(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was used for a different order; use a new key.",
            errors=[{"field": "Idempotency-Key", "message": "already used with another body"}],
        )


class CarQuantityNotOne(Unprocessable):
    def __init__(self, car_id: int) -> None:
        super().__init__(
            f"Car {car_id} can be ordered once, with quantity 1.",
            errors=[{"field": "items", "message": "a car's quantity is 1, and it appears once"}],
        )


class OneCarOrParts(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "An order holds either one car or parts, not both; place two orders.",
            errors=[{"field": "items", "message": "one car, or parts only"}],
        )


class TotalTooLarge(Unprocessable):
    def __init__(self) -> None:
        detail = f"An order's total may be at most KES {MAX_TOTAL:,}; order fewer items."
        super().__init__(detail, errors=[{"field": "items", "message": detail}])


class OwnItem(Unprocessable):
    def __init__(self, item_type: str, item_id: int) -> None:
        super().__init__(f"You cannot buy your own {item_type} ({item_type} {item_id}).")


class NotYourLine(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only the line's seller or an admin may fulfil it.")


class LineNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such line in this order.")


@dataclass(frozen=True)
class OrderRules:
    """The settings orders follow."""

    hold_seconds: int = 900
    max_pending: int = 3
    car_deposit: Decimal = Decimal(50_000)

    @classmethod
    def from_settings(cls, settings: Settings) -> OrderRules:
        return cls(
            hold_seconds=settings.order_hold_seconds,
            max_pending=settings.max_pending_orders_per_user,
            car_deposit=settings.car_reservation_deposit_kes,
        )


@dataclass(frozen=True)
class Line:
    """One thing to buy, after repeated items were merged."""

    item_type: ItemType
    item_id: int
    quantity: int


@dataclass(frozen=True)
class BuyerContact:
    name: str
    phone: str | None


@dataclass(frozen=True)
class OrderView:
    """An order as one viewer may see it: a seller sees only their own lines (and
    their sum), and the buyer's name and phone once the order is paid."""

    order: Order
    items: list[OrderItem]
    total: Decimal
    amount_due: Decimal
    buyer: BuyerContact | None

    def __getattr__(self, name: str) -> object:
        return getattr(self.order, name)


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
    cars = [line for line in lines if line.item_type is ItemType.CAR]
    if cars and len(lines) > 1:
        raise OneCarOrParts()
    return lines


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    """The price of ``quantity`` units, in cents."""
    return (unit_price * quantity).quantize(_CENT)


def amount_due(*, total: Decimal, has_car: bool, deposit: Decimal) -> Decimal:
    """Parts are paid in full; a car is reserved by the deposit (never above its price)."""
    return min(deposit, total).quantize(_CENT) if has_car else total


def request_hash(lines: Sequence[Line], payment_method: str | None) -> str:
    """What identifies an order request for its Idempotency-Key (after merging)."""
    body = {
        "items": [[line.item_type.value, line.item_id, line.quantity] for line in lines],
        "payment_method": payment_method,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _reserve_car(car: Car | None, *, car_id: int, buyer: Principal) -> Car:
    if car is None or car.status not in (CarStatus.ACTIVE, CarStatus.RESERVED, CarStatus.SOLD):
        raise CarNotForSale(car_id)
    if buyer.owns(car.owner_id):
        raise OwnItem("car", car_id)
    if car.status == CarStatus.SOLD:
        raise CarAlreadySold(car)
    if car.status == CarStatus.RESERVED:
        raise CarReserved(car)
    car.status = CarStatus.RESERVED
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


def place_order(
    session: Session,
    *,
    buyer: Principal,
    data: OrderCreate,
    rules: OrderRules,
    idempotency_key: str | None = None,
) -> Order:
    """Holds the goods at their current prices until paid or the hold expires.

    The same ``idempotency_key`` with the same body returns the order it made.
    """
    lines = merge_lines(data.items)
    fingerprint = request_hash(lines, data.payment_method)
    repository.lock_buyer(session, buyer.id)
    if idempotency_key is not None:
        existing = repository.by_idempotency_key(session, user_id=buyer.id, key=idempotency_key)
        if existing is not None:
            if existing.request_hash != fingerprint:
                raise IdempotencyKeyReused()
            return existing
    if repository.pending_count(session, buyer.id) >= rules.max_pending:
        raise TooManyPendingOrders(rules.max_pending)
    car_ids = [line.item_id for line in lines if line.item_type is ItemType.CAR]
    part_ids = [line.item_id for line in lines if line.item_type is ItemType.PART]
    cars = repository.lock_cars(session, car_ids)
    parts = repository.lock_parts(session, part_ids)
    items: list[OrderItem] = []
    for line in lines:
        if line.item_type is ItemType.CAR:
            car = _reserve_car(cars.get(line.item_id), car_id=line.item_id, buyer=buyer)
            title, unit_price, seller_id = car.title, car.price, car.owner_id
        else:
            part = _take_stock(parts.get(line.item_id), line=line, buyer=buyer)
            title, unit_price, seller_id = part.name, part.price, part.vendor.user_id
        items.append(
            OrderItem(
                item_type=line.item_type,
                item_id=line.item_id,
                seller_id=seller_id,
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
        amount_due=amount_due(total=total, has_car=bool(car_ids), deposit=rules.car_deposit),
        currency=CURRENCY,
        hold_expires_at=clock.utcnow() + timedelta(seconds=rules.hold_seconds),
        idempotency_key=idempotency_key,
        request_hash=fingerprint,
        items=items,
    )
    session.add(order)
    session.flush()
    _audit_order(session, order=order, buyer=buyer, stock={p.id: p.stock for p in parts.values()})
    revalidate_listings(session, parts=sorted(parts))
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
            "amount_due": str(order.amount_due),
            "hold_expires_at": order.hold_expires_at.isoformat() if order.hold_expires_at else None,
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
            _audit_car(session, actor_id=buyer.id, car_id=item.item_id, order=order, to="reserved")


def _audit_car(
    session: Session, *, actor_id: int | None, car_id: int, order: Order, to: str
) -> None:
    actions = {"reserved": "car.reserve", "active": "car.release", "sold": "car.sell"}
    audit.record(
        session,
        actor_id=actor_id,
        action=actions[to],
        resource_type="car",
        resource_id=car_id,
        changes={"status": to, "order_id": order.id},
    )
    revalidate_listings(session, cars=[car_id])


def _audit_move(
    session: Session,
    *,
    order: Order,
    actor_id: int | None,
    action: str,
    previous: OrderStatus,
    **changes: object,
) -> None:
    audit.record(
        session,
        actor_id=actor_id,
        action=action,
        resource_type="order",
        resource_id=order.id,
        changes={"status": order.status, "from": previous, **changes},
    )


# Reading


def _buyer_contact(user: User | None) -> BuyerContact | None:
    if user is None:
        return None
    return BuyerContact(name=user.full_name or user.email, phone=user.phone)


def view_for(order: Order, *, viewer: Principal, buyer: User | None = None) -> OrderView:
    """``order`` as ``viewer`` may see it (``buyer``: the buying user, for contact)."""
    paid = order.status in (OrderStatus.PAID, OrderStatus.FULFILLED)
    if viewer.is_admin or viewer.owns(order.user_id):
        contact = _buyer_contact(buyer) if viewer.is_admin else None
        return OrderView(order, list(order.items), order.total, order.amount_due, contact)
    mine = [item for item in order.items if item.seller_id == viewer.id]
    contact = _buyer_contact(buyer) if paid else None
    if len(mine) == len(order.items):
        return OrderView(order, mine, order.total, order.amount_due, contact)
    share = sum((item.line_total for item in mine), Decimal("0.00"))
    return OrderView(order, mine, share, share, contact)


def _views(session: Session, orders: Sequence[Order], viewer: Principal) -> list[OrderView]:
    wants_buyers = [o.user_id for o in orders if not viewer.owns(o.user_id)]
    people = repository.buyers(session, wants_buyers)
    return [view_for(o, viewer=viewer, buyer=people.get(o.user_id)) for o in orders]


def list_orders(
    session: Session,
    *,
    viewer: Principal,
    params: PageParams,
    status: OrderStatus | None = None,
    selling: bool = False,
    sort: OrderSort = "-created_at",
) -> tuple[list[OrderView], int]:
    """The viewer's orders (a seller's: with their lines; admins: everyone's), newest
    first unless ``sort`` says otherwise; ``selling``: only those with lines the viewer
    sells."""
    query = repository.list_query(viewer=viewer, status=status, selling=selling, sort=sort)
    rows, total = paginate(session, query, params=params)
    return _views(session, rows, viewer), total


@dataclass(frozen=True)
class SalesDay:
    day: date
    revenue: Decimal
    units: int
    orders: int


@dataclass(frozen=True)
class SalesSummary:
    days: int
    start: date
    end: date
    currency: str
    revenue: Decimal
    units: int
    orders: int
    lines_to_fulfil: int
    series: list[SalesDay]


def sales_summary(session: Session, *, seller: Principal, days: int) -> SalesSummary:
    """What ``seller`` sold over the last ``days`` Nairobi days (today included): every
    day of the range, empty ones as zero, and their paid lines still to hand over."""
    end = clock.nairobi_today()
    start = end - timedelta(days=days - 1)
    since = datetime.combine(start, datetime.min.time(), clock.NAIROBI)
    offset = clock.NAIROBI.utcoffset(None)
    found = {
        day: SalesDay(day, Decimal(revenue).quantize(_CENT), units, orders)
        for day, revenue, units, orders in repository.sales_by_day(
            session, seller_id=seller.id, since=since, offset=offset
        )
    }
    series = [
        found.get(day, SalesDay(day, Decimal("0.00"), 0, 0))
        for day in (start + timedelta(days=n) for n in range(days))
    ]
    return SalesSummary(
        days=days,
        start=start,
        end=end,
        currency=CURRENCY,
        revenue=sum((point.revenue for point in series), Decimal("0.00")),
        units=sum(point.units for point in series),
        orders=sum(point.orders for point in series),
        lines_to_fulfil=repository.lines_to_fulfil(session, seller_id=seller.id),
        series=series,
    )


def find_order(
    session: Session, *, viewer: Principal, order_id: int, for_update: bool = False
) -> Order:
    """The order if ``viewer`` may see it (404 otherwise)."""
    order = repository.get(session, order_id, viewer=viewer, for_update=for_update)
    if order is None:
        raise OrderNotFound()
    return order


def get_order(session: Session, *, viewer: Principal, order_id: int) -> OrderView:
    """One order, for its buyer, a seller with lines in it (their lines) or an admin."""
    return _views(session, [find_order(session, viewer=viewer, order_id=order_id)], viewer)[0]


def order_number(order_id: int) -> str:
    """The number people read (the database computes the same for ``orders.number``)."""
    return f"GM{order_id:07d}"


def lock_order(session: Session, order_id: int) -> Order | None:
    """The order, row-locked, for the system (payments, sweeps)."""
    return repository.get(session, order_id, viewer=None, for_update=True)


# Moves


def _release(session: Session, order: Order, *, actor_id: int | None) -> None:
    """Gives back what a pending (or refunded) order held."""
    car_ids = [item.item_id for item in order.items if item.item_type is ItemType.CAR]
    stock: dict[int, int] = {}
    for item in order.items:
        if item.item_type is ItemType.PART:
            stock[item.item_id] = stock.get(item.item_id, 0) + item.quantity
    repository.release_cars(session, car_ids)
    repository.return_stock(session, stock)
    revalidate_listings(session, parts=sorted(stock))
    for car_id in car_ids:
        _audit_car(session, actor_id=actor_id, car_id=car_id, order=order, to="active")


def mark_paid(session: Session, *, order: Order, payment_id: int) -> Order:
    """The provider confirmed the payment: the order is paid, buyer and sellers told.

    ``order`` must be row-locked (``lock_order``).
    """
    previous = order.status
    order.status = transitions.after_payment(order.status)
    order.paid_at = clock.utcnow()
    session.flush()
    _audit_move(
        session,
        order=order,
        actor_id=None,
        action="order.pay",
        previous=previous,
        payment_id=payment_id,
    )
    outbox.emit(
        session,
        kind=EventKind.ORDER_PAID,
        payload=OrderPaid(order_id=order.id, user_id=order.user_id, payment_id=payment_id),
        dedupe_key=f"{EventKind.ORDER_PAID}:{order.id}",
    )
    for seller_id in sorted({item.seller_id for item in order.items if item.seller_id}):
        outbox.emit(
            session,
            kind=EventKind.ORDER_TO_FULFIL,
            payload=OrderToFulfil(order_id=order.id, seller_id=seller_id),
            dedupe_key=f"{EventKind.ORDER_TO_FULFIL}:{order.id}:{seller_id}",
        )
    return order


def mark_refunded(session: Session, *, order: Order, payment_id: int) -> Order:
    """The provider confirmed the refund: the order is refunded and its goods released.

    ``order`` must be row-locked.
    """
    previous = order.status
    order.status = transitions.after_refund(order.status)
    order.closed_at = clock.utcnow()
    session.flush()
    _audit_move(
        session,
        order=order,
        actor_id=None,
        action="order.refund",
        previous=previous,
        payment_id=payment_id,
    )
    _release(session, order, actor_id=None)
    return order


def _ensure_refundable(order: Order) -> None:
    transitions.after_refund(order.status)
    if any(item.fulfilled_at for item in order.items):
        raise transitions.IllegalOrderTransition(
            "Part of this order has been handed over; it can no longer be refunded."
        )
    if order.refund_requested_at is not None:
        raise transitions.IllegalOrderTransition("A refund of this order is already under way.")


def _request_refund(session: Session, *, order: Order, admin: Principal) -> None:
    _ensure_refundable(order)
    order.refund_requested_at = clock.utcnow()
    session.flush()
    _audit_move(
        session,
        order=order,
        actor_id=admin.id,
        action="order.refund_request",
        previous=order.status,
    )
    # Payments asks the provider outside this transaction, once it committed.
    jobs.enqueue(session, jobs.Job.REFUND_ORDER, order.id)
    session.refresh(order)


def request_refund(session: Session, *, admin: Principal, order_id: int) -> OrderView:
    """Refunds a paid order through its provider; it is refunded once they confirm."""
    order = find_order(session, viewer=admin, order_id=order_id, for_update=True)
    _request_refund(session, order=order, admin=admin)
    return view_for(order, viewer=admin, buyer=session.get(User, order.user_id))


def cancel_order(session: Session, *, actor: Principal, order_id: int) -> OrderView:
    """The buyer cancels a pending order; an admin any order not yet handed over
    (a paid one is refunded). What it held goes back on sale."""
    order = find_order(session, viewer=actor, order_id=order_id, for_update=True)
    if not (actor.owns(order.user_id) or actor.is_admin):
        raise Forbidden("Only the buyer or an admin may cancel this order.")
    if order.status is OrderStatus.PAID and actor.is_admin:
        _request_refund(session, order=order, admin=actor)
        return view_for(order, viewer=actor, buyer=session.get(User, order.user_id))
    if order.status is OrderStatus.PAID:
        raise transitions.IllegalOrderTransition(
            "A paid order is cancelled by our team (and refunded); please contact us."
        )
    previous = order.status
    order.status = transitions.after_cancel(order.status)
    order.closed_at = clock.utcnow()
    session.flush()
    _audit_move(session, order=order, actor_id=actor.id, action="order.cancel", previous=previous)
    _release(session, order, actor_id=actor.id)
    session.refresh(order)
    return view_for(order, viewer=actor, buyer=session.get(User, order.user_id))


def expire_due_orders(session: Session, *, limit: int = EXPIRY_BATCH) -> list[int]:
    """Expires pending orders whose hold ran out and gives their goods back.

    An order being paid right now is locked by the payment and waits for the next run.
    """
    now = clock.utcnow()
    expired = []
    for order_id in repository.expired_ids(session, now=now, limit=limit):
        order = repository.get(session, order_id, viewer=None, for_update=True)
        if order is None or order.status is not OrderStatus.PENDING:
            continue  # paid or cancelled since the ids were read
        if order.hold_expires_at is None or order.hold_expires_at > now:
            continue
        order.status = transitions.after_expiry(order.status)
        order.closed_at = now
        session.flush()
        _audit_move(
            session, order=order, actor_id=None, action="order.expire", previous=OrderStatus.PENDING
        )
        _release(session, order, actor_id=None)
        expired.append(order.id)
    return expired


def fulfil_line(session: Session, *, actor: Principal, order_id: int, item_id: int) -> OrderView:
    """The line's seller (or an admin) hands it over; the order is fulfilled once every
    line is. A car's handover settles its balance and sells it."""
    order = find_order(session, viewer=actor, order_id=order_id, for_update=True)
    item = next((line for line in order.items if line.id == item_id), None)
    if item is None:
        raise LineNotFound()
    if not (actor.is_admin or actor.owns(item.seller_id)):
        raise NotYourLine()
    transitions.ensure_fulfillable(order.status)
    if order.refund_requested_at is not None:
        raise transitions.IllegalOrderTransition("This order is being refunded.")
    if item.fulfilled_at is not None:
        raise transitions.IllegalOrderTransition("This line has already been fulfilled.")
    item.fulfilled_at = clock.utcnow()
    item.fulfilled_by = actor.id
    changes: dict[str, object] = {"item_id": item.id, "item_type": item.item_type}
    if item.item_type is ItemType.CAR:
        changes["balance_settled"] = str(order.balance_due)
        car = session.get(Car, item.item_id, with_for_update=True)
        if car is not None and car.status is CarStatus.RESERVED:
            car.status = CarStatus.SOLD
            _audit_car(session, actor_id=actor.id, car_id=car.id, order=order, to="sold")
    audit.record(
        session,
        actor_id=actor.id,
        action="order.fulfil_line",
        resource_type="order",
        resource_id=order.id,
        changes=changes,
    )
    if all(line.fulfilled_at for line in order.items):
        previous = order.status
        order.status = transitions.after_fulfilment(order.status)
        order.closed_at = clock.utcnow()
        _audit_move(
            session, order=order, actor_id=actor.id, action="order.fulfil", previous=previous
        )
    session.flush()
    session.refresh(order)
    return _views(session, [order], actor)[0]
