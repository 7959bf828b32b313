"""The simulated provider of development, which provider is chosen, and the races:
two payments for one order, a confirmation during expiry."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sidecar.app import create_app
from sidecar.core.errors import AppError
from sidecar.core.settings import Settings
from sidecar.models import Order, Payment
from sidecar.orders import service as orders
from sidecar.payments import service as payments
from sidecar.payments import tasks as payment_tasks
from sidecar.payments.gateways import Gateways
from sidecar.payments.schemas import PaymentCreate
from tests.assertions import assert_problem
from tests.conftest import make_settings, principal_of, random_ip
from tests.orders.factories import order_status
from tests.parts.factories import stock_of
from tests.payments.conftest import payment_settings
from workers.runtime import Runtime
from workers.tasks import run_confirm_simulated_payments


@pytest.fixture
def simulated_client(database_url, db, published_jobs):
    settings = make_settings(database_url, payments_simulated=True)
    app = create_app(settings, database=db, job_runner=lambda n, a: published_jobs.append((n, a)))
    with TestClient(app, base_url="https://testserver", client=(random_ip(), 1)) as client:
        yield client, Runtime.from_settings(settings, db=db)


def _payments(db):
    with db.transaction() as session:
        return session.scalars(select(Payment).order_by(Payment.id)).all()


class TestSimulated:
    @pytest.mark.parametrize("method", ["mpesa", "card"])
    def test_accepted_then_confirmed_a_few_seconds_later(
        self, simulated_client, db, cast, auth_headers, place, pads, frozen_clock, method
    ):
        client, runtime = simulated_client
        order = place(("part", pads, 1))
        body = {"method": method} | ({"phone": "0712345678"} if method == "mpesa" else {})
        response = client.post(
            f"/v1/orders/{order['id']}/payments", json=body, headers=auth_headers(cast.customer)
        )
        assert response.status_code == (202 if method == "mpesa" else 201), response.text
        assert (response.json()["provider"], response.json()["status"]) == (
            "simulated",
            "initiated",
        )

        frozen_clock.advance(1)
        assert run_confirm_simulated_payments(runtime) == 0
        frozen_clock.advance(2.5)
        assert run_confirm_simulated_payments(runtime) == 1
        assert order_status(db, order["id"]) == "paid"
        (payment,) = _payments(db)
        assert payment.status == "succeeded"
        if method == "mpesa":
            assert payment.mpesa_receipt.startswith("SIM")

    def test_credentials_win_over_the_simulation(self, database_url):
        gateways = Gateways.from_settings(payment_settings(database_url, payments_simulated=True))
        assert (gateways.provider_for("mpesa"), gateways.provider_for("card")) == (
            "mpesa",
            "stripe",
        )

    def test_without_credentials_or_simulation_payments_are_unavailable(
        self, database_url, db, published_jobs, cast, auth_headers, place, pads
    ):
        app = create_app(make_settings(database_url), database=db, job_runner=lambda n, a: None)
        with TestClient(app, base_url="https://testserver", client=(random_ip(), 1)) as client:
            order = place(("part", pads, 1))
            response = client.post(
                f"/v1/orders/{order['id']}/payments",
                json={"method": "card"},
                headers=auth_headers(cast.customer),
            )
        assert "not available" in assert_problem(response, 503)["detail"]

    def test_production_refuses_simulated_payments(self):
        with pytest.raises(ValueError, match="PAYMENTS_SIMULATED must be off"):
            Settings(
                environment="production",
                jwt_secret="x" * 48,
                payments_simulated=True,
            )

    def test_the_confirmation_runs_only_where_payments_are_simulated(self, database_url):
        from workers.celery_app import create_celery
        from workers.inprocess import in_process_schedule

        def periods(settings):
            return {str(entry.job): entry.every for entry in in_process_schedule(settings)}

        job = "workers.tasks.confirm_simulated_payments"
        on, off = make_settings(database_url, payments_simulated=True), make_settings(database_url)
        assert periods(on)[job] == 1.0
        assert job not in periods(off)
        assert job not in {e["task"] for e in create_celery(off).conf.beat_schedule.values()}
        assert periods(off)["workers.tasks.expire_orders"] <= 60


def _race(*calls):
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        try:
            return ("ok", call())
        except AppError as error:
            return (type(error).__name__, error.detail)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


class TestRaces:
    def test_two_payments_for_one_order_only_one_starts(self, db, cast, place, pads):
        order = place(("part", pads, 1))
        gateways = Gateways.simulated_only()

        def pay(method):
            def call():
                with db.transaction() as session:
                    payer = principal_of(session, cast.customer)
                session.close()
                return payments.start_payment(
                    db,
                    payer=payer,
                    order_id=order["id"],
                    data=PaymentCreate(method=method, phone="0712345678"),
                    gateways=gateways,
                ).id

            return call

        results = _race(pay("mpesa"), pay("mpesa"), pay("card"), pay("mpesa"))

        assert Counter(outcome for outcome, _ in results) == {"ok": 1, "PaymentInProgress": 3}
        assert len(_payments(db)) == 1

    @pytest.mark.parametrize("round_", range(4))
    def test_a_confirmation_during_expiry_either_pays_or_is_refunded(
        self, db, cast, place, pads, frozen_clock, published_jobs, round_
    ):
        order = place(("part", pads, 3))
        with db.transaction() as session:
            payment = payments.open_payment(
                session,
                payer=principal_of(session, cast.customer),
                order_id=order["id"],
                data=PaymentCreate(method="mpesa", phone="0712345678"),
                gateways=Gateways.simulated_only(),
            )
            payment_id = payment.id
        frozen_clock.advance(901)  # the hold has just run out

        def confirm():
            with db.transaction() as session:
                return payment_tasks.confirm_simulated_now(session, payment_id=payment_id)

        def expire():
            with db.transaction() as session:
                return orders.expire_due_orders(session)

        _race(*([confirm, expire] if round_ % 2 else [expire, confirm]))

        with db.transaction() as session:
            status = session.get(Order, order["id"]).status
            paid = session.get(Payment, payment_id)
        assert paid.status == "succeeded"
        if status == "paid":
            assert stock_of(db, pads) == 7  # still held for the buyer
            assert paid.refund_requested_at is None
        else:
            assert status == "expired"
            assert stock_of(db, pads) == 10  # released
            assert paid.refund_requested_at is not None  # the late money goes back
            assert ("workers.tasks.refund_order", (order["id"],)) in published_jobs
