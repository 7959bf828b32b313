from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sidecar.core import outbox
from sidecar.core.events import ImportStatusChanged
from sidecar.models import EventKind, ImportRequest, OutboxMessage, User
from tests.conftest import make_settings
from tests.workers.fake_twilio import FakeTwilio
from tests.workers.smtp_sink import SmtpSink
from workers.runtime import Runtime

ACCOUNT_SID = "AC" + "0" * 32


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


def channel_settings(database_url: str, twilio: FakeTwilio | None, smtp: SmtpSink | None, **extra):
    values: dict[str, Any] = {}
    if twilio is not None:
        values |= {
            "twilio_account_sid": ACCOUNT_SID,
            "twilio_auth_token": "token",
            "twilio_whatsapp_from": "+14155238886",
            "twilio_api_base_url": twilio.base_url,
            "twilio_status_callback_url": "https://api.gurumisha.test/v1/webhooks/twilio/status",
        }
    if smtp is not None:
        values |= {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False}
    values |= {"notification_retry_base_seconds": 0.05, "notification_retry_cap_seconds": 0.2}
    return make_settings(database_url, **(values | extra))


@pytest.fixture
def runtime_for(database_url, db) -> Callable[..., Runtime]:
    def build(*, twilio: FakeTwilio | None = None, smtp: SmtpSink | None = None, **extra):
        return Runtime.from_settings(channel_settings(database_url, twilio, smtp, **extra), db=db)

    return build


@pytest.fixture
def import_event(db, create_user) -> Callable[..., int]:
    """Makes an import for a customer and emits its status change; returns the outbox id."""

    def make(*, phone: str | None = "+254712345678", opt_in: bool = True, language="en") -> int:
        customer = create_user(phone=phone)
        with db.transaction() as session:
            user = session.get(User, customer.id)
            user.whatsapp_opt_in, user.language = opt_in and bool(phone), language
            request = ImportRequest(
                user_id=customer.id,
                specs_json={"make": "Toyota", "model": "Harrier", "year": 2021},
                estimated_cost=4_500_000,
                cost_breakdown={},
                status="shipped",
            )
            session.add(request)
            session.flush()
            outbox_id = outbox.emit(
                session,
                kind=EventKind.IMPORT_STATUS_CHANGED,
                payload=ImportStatusChanged(
                    import_id=request.id,
                    user_id=customer.id,
                    from_status="pending",
                    to_status="shipped",
                ),
                dedupe_key=f"import.status:{request.id}:1",
            )
        assert outbox_id is not None
        return outbox_id

    return make


def dispatched(db, outbox_id: int) -> bool:
    with db.transaction() as session:
        return session.get(OutboxMessage, outbox_id).dispatched_at is not None
