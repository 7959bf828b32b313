"""Delivery of outbox events through real channels: a local fake Twilio and real SMTP."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from sidecar.core.events import CarModerated
from sidecar.models import EventKind, Notification
from tests.workers.conftest import dispatched
from workers.delivery import RetryLater, backoff_seconds, deliver_outbox


def notifications(db):
    with db.transaction() as session:
        rows = session.scalars(select(Notification).order_by(Notification.channel)).all()
        return {row.channel: row for row in rows}


class TestDeliverOutbox:
    def test_whatsapp_and_email_once(self, runtime_for, import_event, fake_twilio, smtp, db):
        outbox_id = import_event()
        runtime = runtime_for(twilio=fake_twilio, smtp=smtp)

        assert deliver_outbox(runtime, outbox_id) == "dispatched"

        assert len(fake_twilio.accepted) == 1
        message = fake_twilio.accepted[0]
        assert message["To"] == "whatsapp:+254712345678"
        assert "Harrier" in message["Body"]
        assert len(smtp.messages) == 1
        assert "Harrier" in smtp.messages[0]["Subject"]
        rows = notifications(db)
        assert rows["whatsapp"].status == "sent"
        assert rows["whatsapp"].provider_id == message["Sid"]
        assert rows["email"].status == "sent"
        assert dispatched(db, outbox_id)

    def test_running_twice_sends_nothing_more(self, runtime_for, import_event, fake_twilio, smtp):
        outbox_id = import_event()
        runtime = runtime_for(twilio=fake_twilio, smtp=smtp)
        deliver_outbox(runtime, outbox_id)

        assert deliver_outbox(runtime, outbox_id) == "nothing to do"

        assert (len(fake_twilio.requests), len(smtp.messages)) == (1, 1)

    def test_email_only_without_opt_in(self, runtime_for, import_event, fake_twilio, smtp, db):
        outbox_id = import_event(opt_in=False)
        deliver_outbox(runtime_for(twilio=fake_twilio, smtp=smtp), outbox_id)
        assert fake_twilio.requests == []
        assert set(notifications(db)) == {"email"}

    def test_swahili_speakers_get_swahili(self, runtime_for, import_event, fake_twilio, smtp):
        english = import_event(language="en")
        swahili = import_event(language="sw")
        runtime = runtime_for(twilio=fake_twilio, smtp=smtp)
        deliver_outbox(runtime, english)
        deliver_outbox(runtime, swahili)
        assert fake_twilio.accepted[0]["Body"] != fake_twilio.accepted[1]["Body"]

    def test_unconfigured_channels_record_and_say_so(self, runtime_for, import_event, db):
        outbox_id = import_event()
        assert deliver_outbox(runtime_for(), outbox_id) == "dispatched"
        rows = notifications(db)
        assert {row.status for row in rows.values()} == {"logged"}
        assert "not configured" in rows["whatsapp"].error
        assert "Harrier" in rows["whatsapp"].body

    def test_twilio_500_twice_then_201_sends_exactly_once(
        self, runtime_for, import_event, fake_twilio, smtp, db
    ):
        fake_twilio.script.statuses = [500, 500]
        outbox_id = import_event()
        runtime = runtime_for(twilio=fake_twilio, smtp=smtp)

        for _ in range(2):
            with pytest.raises(RetryLater):
                deliver_outbox(runtime, outbox_id)
            assert not dispatched(db, outbox_id)
        assert deliver_outbox(runtime, outbox_id) == "dispatched"

        assert len(fake_twilio.requests) == 3
        assert len(fake_twilio.accepted) == 1
        assert len(smtp.messages) == 1  # email went out on the first try, and only then
        whatsapp = notifications(db)["whatsapp"]
        assert (whatsapp.status, whatsapp.attempts) == ("sent", 3)

    def test_permanent_whatsapp_failure_is_marked_and_email_still_goes(
        self, runtime_for, import_event, fake_twilio, smtp, db
    ):
        fake_twilio.script.statuses = [400]
        outbox_id = import_event()
        assert deliver_outbox(runtime_for(twilio=fake_twilio, smtp=smtp), outbox_id) == "dispatched"
        rows = notifications(db)
        assert rows["whatsapp"].status == "undeliverable"
        assert rows["email"].status == "sent"
        assert len(fake_twilio.requests) == 1

    def test_gives_up_after_the_attempt_cap(self, runtime_for, import_event, fake_twilio, db):
        fake_twilio.script.statuses = [503, 503]
        outbox_id = import_event()
        runtime = runtime_for(twilio=fake_twilio, notification_max_attempts=2)
        with pytest.raises(RetryLater):
            deliver_outbox(runtime, outbox_id)
        assert deliver_outbox(runtime, outbox_id) == "dispatched"
        assert notifications(db)["whatsapp"].status == "failed"

    def test_a_row_held_by_another_worker_is_skipped(
        self, runtime_for, import_event, fake_twilio, smtp, db
    ):
        """Two tasks for one event at once: the second sends nothing the first holds."""
        outbox_id = import_event()
        fake_twilio.script.delays = [1.0]
        runtime = runtime_for(twilio=fake_twilio, smtp=smtp)
        first = threading.Thread(target=deliver_outbox, args=(runtime, outbox_id))
        first.start()
        assert fake_twilio.arrived.wait(5)

        second = deliver_outbox(runtime, outbox_id)
        first.join()

        assert second in ("in progress elsewhere", "nothing to do")
        assert len(fake_twilio.requests) == 1
        assert len(smtp.messages) == 1
        assert dispatched(db, outbox_id)

    def test_a_vanished_subject_is_dispatched_without_messages(self, runtime_for, db):
        from sidecar.core import outbox

        with db.transaction() as session:
            outbox_id = outbox.emit(
                session,
                kind=EventKind.CAR_APPROVED,
                payload=CarModerated(car_id=999, owner_id=999),
                dedupe_key="car.approved:999",
            )
        assert deliver_outbox(runtime_for(), outbox_id) == "nothing to do"
        assert dispatched(db, outbox_id)
        assert notifications(db) == {}


class TestBackoff:
    def test_grows_exponentially_and_is_capped(self):
        assert all(0 <= backoff_seconds(1, base=2, cap=600) <= 2 for _ in range(50))
        assert all(0 <= backoff_seconds(4, base=2, cap=600) <= 16 for _ in range(50))
        assert all(backoff_seconds(30, base=2, cap=600) <= 600 for _ in range(50))
        assert max(backoff_seconds(6, base=2, cap=600) for _ in range(200)) > 16
