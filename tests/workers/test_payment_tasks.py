"""The Celery wrappers of the order and payment jobs, run eagerly against the database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
import respx
from sqlalchemy import select

from sidecar.core import clock, inbox
from sidecar.core.clock import FrozenClock
from sidecar.models import Order, OrderItem, Payment
from tests.conftest import make_settings
from tests.parts.factories import create_part, stock_of
from tests.payments.conftest import DARAJA, payment_settings
from workers import tasks
from workers.runtime import Runtime


@pytest.fixture
def use_runtime(monkeypatch):
    def install(runtime):
        monkeypatch.setattr(tasks, "current_runtime", lambda: runtime)
        return runtime

    return install


def _pending_order(db, *, buyer, part_id, expires_in=900.0, provider=None, checkout=None):
    with db.transaction() as session:
        order = Order(
            user_id=buyer.id,
            total=Decimal(4500),
            amount_due=Decimal(4500),
            hold_expires_at=clock.utcnow() + timedelta(seconds=expires_in),
        )
        session.add(order)
        session.flush()
        session.add(
            OrderItem(
                order_id=order.id,
                item_type="part",
                item_id=part_id,
                title="Pads",
                quantity=1,
                unit_price=Decimal(4500),
                line_total=Decimal(4500),
            )
        )
        if provider is not None:
            session.add(
                Payment(
                    order_id=order.id,
                    provider=provider,
                    method="mpesa",
                    amount=Decimal(4500),
                    phone="254712345678",
                    checkout_request_id=checkout,
                    created_at=clock.utcnow(),
                )
            )
        return order.id


def test_the_expiry_task_releases_a_lapsed_hold(use_runtime, db, database_url, cast):
    part = create_part(db, vendor=cast.vendor, stock=4)
    order_id = _pending_order(db, buyer=cast.customer, part_id=part, expires_in=-1)
    use_runtime(Runtime.from_settings(make_settings(database_url), db=db))
    assert tasks.expire_orders_task.apply().get() == 1
    assert stock_of(db, part) == 5
    with db.transaction() as session:
        assert session.get(Order, order_id).status == "expired"


def test_the_simulated_confirmation_task(use_runtime, db, database_url, cast):
    part = create_part(db, vendor=cast.vendor, stock=4)
    order_id = _pending_order(db, buyer=cast.customer, part_id=part, provider="simulated")
    use_runtime(Runtime.from_settings(make_settings(database_url, payments_simulated=True), db=db))
    with clock.use(FrozenClock(clock.time() + 5)):
        assert tasks.confirm_simulated_payments_task.apply().get() == 1
    with db.transaction() as session:
        assert session.get(Order, order_id).status == "paid"


def test_payment_event_and_sweep_tasks_retry_while_daraja_is_down(
    use_runtime, db, database_url, cast
):
    part = create_part(db, vendor=cast.vendor, stock=4)
    checkout = "ws_CO_DOWN1"
    _pending_order(db, buyer=cast.customer, part_id=part, provider="mpesa", checkout=checkout)
    with db.transaction() as session:
        event_id = inbox.record(
            session,
            source="mpesa",
            dedupe_key="stk:down",
            event="stk_callback",
            payload={"Body": {"stkCallback": {"CheckoutRequestID": checkout, "ResultCode": 0}}},
        )
    use_runtime(Runtime.from_settings(payment_settings(database_url), db=db))
    with respx.mock() as router:
        router.get(f"{DARAJA}/oauth/v1/generate").mock(return_value=httpx.Response(503))
        result = tasks.process_payment_event_task.apply(args=(event_id,))
        assert not result.successful()  # retried, then given up to the sweep
        with clock.use(FrozenClock(clock.time() + 300)):
            assert tasks.sweep_payments_task.apply().get() == {"asked": 0, "republished": 1}
    with db.transaction() as session:
        payment = session.scalar(select(Payment))
        assert payment.status == "initiated"  # nothing believed, nothing lost


def test_the_refund_task_refunds_a_simulated_payment(use_runtime, db, database_url, cast):
    part = create_part(db, vendor=cast.vendor, stock=4)
    order_id = _pending_order(db, buyer=cast.customer, part_id=part, provider="simulated")
    with db.transaction() as session:
        order = session.get(Order, order_id)
        order.status, order.refund_requested_at = "paid", clock.utcnow()
        payment = session.scalar(select(Payment))
        payment.status = "succeeded"
    use_runtime(Runtime.from_settings(make_settings(database_url), db=db))
    assert tasks.refund_order_task.apply(args=(order_id,)).get() == ["order refunded"]
    assert stock_of(db, part) == 5
