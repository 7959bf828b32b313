"""Celery tasks: thin wrappers that take the process runtime and call domain code.

``JOBS`` maps each job of the registry (``sidecar.core.jobs.Job``) to the plain
function behind it; the embedded default (no broker) runs those functions
in-process with the same arguments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from celery import Task
from celery.signals import worker_process_init
from sqlalchemy.orm import Session

from sidecar.cars import service as cars
from sidecar.content import tasks as content
from sidecar.content.revalidation import RevalidationFailed
from sidecar.content.strapi_client import StrapiUnavailable
from sidecar.core import jobs
from sidecar.core.jobs import Job
from sidecar.core.log import get_logger
from sidecar.notifications.service import due_outbox_ids
from sidecar.orders import service as orders
from sidecar.payments import tasks as payments
from sidecar.payments.daraja import DarajaUnavailable
from sidecar.payments.stripe_gateway import StripeUnavailable
from workers.celery_app import celery_app
from workers.delivery import RetryLater, backoff_seconds, deliver_outbox
from workers.runtime import Runtime, current_runtime

log = get_logger(__name__)


def run_deliver_outbox(runtime: Runtime, outbox_id: int) -> str:
    return deliver_outbox(runtime, outbox_id)


def run_sweep_outbox(runtime: Runtime) -> int:
    """Re-publishes outbox rows left undispatched (broker outage, lost task, crash)."""
    with runtime.db.transaction() as session:
        due = due_outbox_ids(
            session, older_than_seconds=runtime.settings.outbox_sweep_after_seconds
        )
    for outbox_id in due:
        jobs.publish(Job.DELIVER_OUTBOX, outbox_id)
    if due:
        log.info("outbox.swept", republished=len(due))
    return len(due)


@worker_process_init.connect
def _publish_through_celery(**_: Any) -> None:
    """In a worker process, jobs published by tasks (the sweep) go back to Celery."""
    jobs.install_runner(lambda name, args: celery_app.send_task(name, args=list(args)))


def respell_cars(session: Session) -> None:
    """Cars flagged before their make or model was published take the catalogue's spelling."""
    fixed = cars.recheck_unknown_vehicles(session)
    if fixed:
        log.info("content.cars_matched", cars=fixed)


def run_process_strapi_event(runtime: Runtime, event_id: int) -> str:
    """Re-reads the document behind a Strapi webhook and updates the mirror."""
    return content.process_webhook_event(
        runtime.db,
        event_id,
        client=runtime.strapi,
        revalidator=runtime.revalidator,
        on_catalogue_change=respell_cars,
    )


def run_sweep_webhook_events(runtime: Runtime) -> int:
    """Re-publishes inbox rows whose processing never finished (Strapi was down...)."""
    return content.republish_pending_webhook_events(runtime.db)


def run_reconcile_cms(runtime: Runtime, full: bool = False) -> dict[str, Any]:
    """Pages through Strapi and repairs the mirror (a missed webhook, a lost job)."""
    if not runtime.settings.strapi_url:
        return {"skipped": "STRAPI_URL is not set"}
    report = content.reconcile(
        runtime.db,
        client=runtime.strapi,
        full=full,
        revalidator=runtime.revalidator,
        on_catalogue_change=respell_cars,
    )
    return dataclasses.asdict(report)


def run_revalidate_frontend(runtime: Runtime, paths: list[str]) -> None:
    runtime.revalidator.revalidate(paths)


def run_expire_orders(runtime: Runtime) -> int:
    """Pending orders whose hold ran out expire and give their stock and cars back."""
    with runtime.db.transaction() as session:
        expired = orders.expire_due_orders(session)
    if expired:
        log.info("orders.expired", orders=expired)
    return len(expired)


def run_refund_order(runtime: Runtime, order_id: int) -> list[str]:
    return payments.refund_order(runtime.db, order_id, gateways=runtime.payments)


def run_process_payment_event(runtime: Runtime, event_id: int) -> str:
    return payments.process_payment_event(runtime.db, event_id, gateways=runtime.payments)


def run_sweep_payments(runtime: Runtime) -> dict[str, int]:
    return payments.sweep_payments(runtime.db, gateways=runtime.payments)


def run_confirm_simulated_payments(runtime: Runtime) -> int:
    return payments.confirm_simulated_payments(runtime.db, gateways=runtime.payments)


JOBS: dict[str, Callable[..., Any]] = {
    Job.DELIVER_OUTBOX: run_deliver_outbox,
    Job.SWEEP_OUTBOX: run_sweep_outbox,
    Job.PROCESS_STRAPI_EVENT: run_process_strapi_event,
    Job.SWEEP_WEBHOOK_EVENTS: run_sweep_webhook_events,
    Job.RECONCILE_CMS: run_reconcile_cms,
    Job.REVALIDATE_FRONTEND: run_revalidate_frontend,
    Job.EXPIRE_ORDERS: run_expire_orders,
    Job.REFUND_ORDER: run_refund_order,
    Job.PROCESS_PAYMENT_EVENT: run_process_payment_event,
    Job.SWEEP_PAYMENTS: run_sweep_payments,
    Job.CONFIRM_SIMULATED_PAYMENTS: run_confirm_simulated_payments,
}


def _countdown(runtime: Runtime, retries: int) -> float:
    settings = runtime.settings
    return backoff_seconds(
        retries + 1,
        base=settings.notification_retry_base_seconds,
        cap=settings.notification_retry_cap_seconds,
    )


@celery_app.task(name=Job.DELIVER_OUTBOX, bind=True, max_retries=None)
def deliver_outbox_task(self: Task, outbox_id: int) -> str:
    runtime = current_runtime()
    try:
        return run_deliver_outbox(runtime, outbox_id)
    except RetryLater as exc:
        if self.request.retries + 1 >= runtime.settings.notification_max_attempts:
            log.warning("outbox.retries_exhausted", outbox_id=outbox_id)
            return "left for the sweep"
        raise self.retry(exc=exc, countdown=_countdown(runtime, self.request.retries)) from exc


@celery_app.task(name=Job.SWEEP_OUTBOX)
def sweep_outbox_task() -> int:
    return run_sweep_outbox(current_runtime())


@celery_app.task(name=Job.PROCESS_STRAPI_EVENT)
def process_strapi_event_task(event_id: int) -> str:
    runtime = current_runtime()
    try:
        return run_process_strapi_event(runtime, event_id)
    except StrapiUnavailable:
        # The inbox row counted the failure and says when to try again: the sweep
        # republishes it then (no Celery retries besides, or they would multiply).
        return "retry scheduled"
    except RevalidationFailed as exc:
        # The mirror is updated; only the frontend still has to hear about it.
        revalidate_frontend_task.delay(exc.paths)
        return "upserted; revalidation queued"


@celery_app.task(name=Job.SWEEP_WEBHOOK_EVENTS)
def sweep_webhook_events_task() -> int:
    return run_sweep_webhook_events(current_runtime())


@celery_app.task(name=Job.RECONCILE_CMS, bind=True, max_retries=3)
def reconcile_cms_task(self: Task, full: bool = False) -> dict[str, Any]:
    runtime = current_runtime()
    try:
        return run_reconcile_cms(runtime, full)
    except StrapiUnavailable as exc:
        raise self.retry(exc=exc, countdown=60) from exc


@celery_app.task(name=Job.REVALIDATE_FRONTEND, bind=True, max_retries=8)
def revalidate_frontend_task(self: Task, paths: list[str]) -> None:
    runtime = current_runtime()
    try:
        run_revalidate_frontend(runtime, paths)
    except RevalidationFailed as exc:
        raise self.retry(exc=exc, countdown=_countdown(runtime, self.request.retries)) from exc


@celery_app.task(name=Job.EXPIRE_ORDERS)
def expire_orders_task() -> int:
    return run_expire_orders(current_runtime())


@celery_app.task(name=Job.REFUND_ORDER, bind=True, max_retries=8)
def refund_order_task(self: Task, order_id: int) -> list[str]:
    runtime = current_runtime()
    try:
        return run_refund_order(runtime, order_id)
    except (DarajaUnavailable, StripeUnavailable) as exc:
        raise self.retry(exc=exc, countdown=_countdown(runtime, self.request.retries)) from exc


@celery_app.task(name=Job.PROCESS_PAYMENT_EVENT, bind=True, max_retries=8)
def process_payment_event_task(self: Task, event_id: int) -> str:
    runtime = current_runtime()
    try:
        return run_process_payment_event(runtime, event_id)
    except (DarajaUnavailable, StripeUnavailable) as exc:
        # The inbox row stays open: if retries run out, the payment sweep republishes it.
        raise self.retry(exc=exc, countdown=_countdown(runtime, self.request.retries)) from exc


@celery_app.task(name=Job.SWEEP_PAYMENTS)
def sweep_payments_task() -> dict[str, int]:
    return run_sweep_payments(current_runtime())


@celery_app.task(name=Job.CONFIRM_SIMULATED_PAYMENTS)
def confirm_simulated_payments_task() -> int:
    return run_confirm_simulated_payments(current_runtime())
