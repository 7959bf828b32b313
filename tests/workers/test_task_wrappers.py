"""The Celery task wrappers (retry policy) run eagerly, and the in-process runner and beat."""

from __future__ import annotations

import threading
import time

import pytest
import respx
from sqlalchemy import select

from sidecar.models import Notification, WebhookEvent
from tests.content.factories import STRAPI_URL, FakeStrapi
from tests.workers.conftest import dispatched
from workers import tasks
from workers.inprocess import InProcessBeat, InProcessRunner


@pytest.fixture
def use_runtime(monkeypatch):
    def install(runtime):
        monkeypatch.setattr(tasks, "current_runtime", lambda: runtime)
        return runtime

    return install


class TestDeliverTask:
    def test_retries_transient_failures_until_sent(
        self, use_runtime, runtime_for, import_event, fake_twilio, smtp, db
    ):
        fake_twilio.script.statuses = [500, 500]
        outbox_id = import_event()
        use_runtime(runtime_for(twilio=fake_twilio, smtp=smtp))

        result = tasks.deliver_outbox_task.apply(args=(outbox_id,))

        assert result.successful(), result.traceback
        assert (len(fake_twilio.requests), len(fake_twilio.accepted)) == (3, 1)
        assert dispatched(db, outbox_id)

    def test_leaves_the_event_to_the_sweep_when_retries_run_out(
        self, use_runtime, runtime_for, import_event, fake_twilio, smtp, db
    ):
        fake_twilio.script.statuses = [500] * 10
        outbox_id = import_event()
        use_runtime(runtime_for(twilio=fake_twilio, smtp=smtp, notification_max_attempts=3))

        result = tasks.deliver_outbox_task.apply(args=(outbox_id,))

        assert result.get() in ("left for the sweep", "dispatched")
        with db.transaction() as session:
            whatsapp = session.scalar(
                select(Notification).where(Notification.channel == "whatsapp")
            )
            assert whatsapp.status in ("queued", "failed")
        assert fake_twilio.accepted == []

    def test_sweep_task_republishes_due_rows(self, use_runtime, runtime_for, import_event):
        import_event()
        use_runtime(runtime_for(outbox_sweep_after_seconds=1))
        published = []
        from sidecar.core import clock, jobs
        from sidecar.core.clock import FrozenClock

        previous = jobs.install_runner(lambda name, args: published.append((name, args)))
        try:
            # Two seconds on: the event is past the sweep's one-second grace.
            with clock.use(FrozenClock(time.time() + 2)):
                assert tasks.sweep_outbox_task.apply().get() == 1
        finally:
            jobs.install_runner(previous)
        assert published[0][0] == "workers.tasks.deliver_outbox"


class TestStrapiTasks:
    def test_unavailable_strapi_is_retried_then_fails_with_the_row_kept(
        self, use_runtime, runtime_for, db, database_url
    ):
        from tests.conftest import make_settings
        from workers.runtime import Runtime

        with db.transaction() as session:
            event = WebhookEvent(
                source="strapi",
                dedupe_key="k1",
                event="entry.publish",
                payload={
                    "event": "entry.publish",
                    "uid": "api::article.article",
                    "model": "article",
                    "entry": {
                        "documentId": "doc1",
                        "locale": "en",
                        "updatedAt": "2026-11-25T06:00:00Z",
                    },
                },
            )
            session.add(event)
            session.flush()
            event_id = event.id
        fake = FakeStrapi()
        fake.down = True
        settings = make_settings(
            database_url,
            strapi_url=STRAPI_URL,
            strapi_api_token="token",
            notification_retry_base_seconds=0.01,
            notification_retry_cap_seconds=0.01,
        )
        use_runtime(Runtime.from_settings(settings, db=db))
        with respx.mock(assert_all_called=False) as router:
            router.get(url__startswith=f"{STRAPI_URL}/api/").mock(side_effect=fake)
            result = tasks.process_strapi_event_task.apply(args=(event_id,))

        assert result.failed()
        assert len(fake.requests) == 9  # the first try and 8 retries
        with db.transaction() as session:
            assert session.get(WebhookEvent, event_id).processed_at is None  # nothing lost

    def test_reconcile_and_webhook_sweep_tasks(self, use_runtime, runtime_for):
        use_runtime(runtime_for())
        assert tasks.reconcile_cms_task.apply().get() == {"skipped": "STRAPI_URL is not set"}
        assert tasks.sweep_webhook_events_task.apply().get() == 0

    def test_revalidation_task_posts_the_paths(self, use_runtime, database_url, db):
        from tests.conftest import make_settings
        from workers.runtime import Runtime

        settings = make_settings(
            database_url,
            frontend_revalidate_url="https://www.gurumisha.test/api/revalidate",
            frontend_revalidate_secret="s",
        )
        use_runtime(Runtime.from_settings(settings, db=db))
        with respx.mock() as router:
            route = router.post("https://www.gurumisha.test/api/revalidate").respond(200)
            assert tasks.revalidate_frontend_task.apply(args=(["/cars"],)).successful()
        assert route.call_count == 1


class TestInProcess:
    def test_runner_runs_jobs_and_survives_failures(self, runtime_for):
        runner = InProcessRunner(runtime_for())
        calls = []
        runner.jobs = {
            "ok": lambda runtime, value: calls.append(value),
            "retry": lambda runtime: (_ for _ in ()).throw(tasks.RetryLater("later")),
            "boom": lambda runtime: 1 / 0,
        }
        runner("ok", (1,))
        runner("retry", ())
        runner("boom", ())
        runner("unknown", ())
        runner.shutdown()
        assert calls == [1]

    def test_beat_runs_its_tasks_until_stopped(self, runtime_for):
        runner = InProcessRunner(runtime_for())
        ran = threading.Event()
        runner.jobs = {"tick": lambda runtime: ran.set()}
        beat = InProcessBeat(runner, interval=0.05, tasks=("tick",))
        beat.start()
        assert ran.wait(5)
        beat.stop()
        beat.join(5)
        assert not beat.is_alive()
        runner.shutdown()
