"""The Celery task wrappers (retry policy) run eagerly, and the in-process runner and beat."""

from __future__ import annotations

import threading
import time

import pytest
import respx
from sqlalchemy import select

from sidecar.core.jobs import PERIODIC, Job, Periodic
from sidecar.core.settings import get_settings
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
    def test_unavailable_strapi_leaves_the_retry_to_the_inbox_schedule(
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
        )
        use_runtime(Runtime.from_settings(settings, db=db))
        with respx.mock(assert_all_called=False) as router:
            router.get(url__startswith=f"{STRAPI_URL}/api/").mock(side_effect=fake)
            result = tasks.process_strapi_event_task.apply(args=(event_id,))

        assert result.get() == "retry scheduled"
        # One try: the sweep comes back when the row says, not Celery's own retries
        # on top of it (8 retries per sweep, every sweep, used to retry without end).
        assert len(fake.requests) == 1
        with db.transaction() as session:
            row = session.get(WebhookEvent, event_id)
            assert row.processed_at is None  # nothing lost
            assert row.attempts == 1
            assert row.retry_at is not None

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
        beat = InProcessBeat(runner, schedule=(Periodic("tick", "tick", 0.05),))
        beat.start()
        assert ran.wait(5)
        beat.stop()
        beat.join(5)
        assert not beat.is_alive()
        runner.shutdown()

    def test_beat_follows_the_schedule_and_runs_start_up_entries_first(self, runtime_for):
        runner = InProcessRunner(runtime_for())
        calls: list[tuple[str, dict[str, object]]] = []
        runner.jobs = {
            "sweep": lambda runtime: calls.append(("sweep", {})),
            "sync": lambda runtime, **kwargs: calls.append(("sync", kwargs)),
        }
        now = [1000.0]
        schedule = (
            Periodic("sweep", "sweep", 30.0),
            Periodic("sync", "sync", 900.0, at_start=True),
            Periodic("sync-full", "sync", 86400.0, {"full": True}),
        )
        beat = InProcessBeat(runner, schedule=schedule, clock=lambda: now[0])

        assert beat.run_due() == ["sync"]  # at start: the reconciliation only
        now[0] += 29
        assert beat.run_due() == []
        now[0] += 1
        assert beat.run_due() == ["sweep"]
        now[0] += 900
        assert beat.run_due() == ["sweep", "sync"]
        now[0] += 86400
        assert beat.run_due() == ["sweep", "sync", "sync-full"]
        assert calls[-1] == ("sync", {"full": True})
        runner.shutdown()

    def test_the_embedded_beat_reconciles_on_celery_beats_schedule(self):
        from workers.celery_app import create_celery
        from workers.inprocess import in_process_schedule

        settings = get_settings()
        beat = create_celery(settings).conf.beat_schedule
        embedded = {
            p.name: (str(p.job), p.every, dict(p.kwargs)) for p in in_process_schedule(settings)
        }
        celery = {n: (e["task"], e["schedule"], e["kwargs"]) for n, e in beat.items()}
        assert embedded == celery  # every periodic job runs embedded too
        reconcile = {p.name: p for p in PERIODIC if p.job is Job.RECONCILE_CMS}
        assert (reconcile["reconcile-cms"].every, reconcile["reconcile-cms"].at_start) == (
            900.0,
            True,
        )
        assert dict(reconcile["reconcile-cms-full"].kwargs) == {"full": True}

    def test_celery_beat_queues_the_start_up_reconciliation(self):
        from workers.celery_app import _run_start_up_tasks

        sent: list[tuple[str, dict[str, object]]] = []

        class Broker:  # stands in for Celery's app.send_task (third-party)
            def send_task(self, name: str, kwargs: dict[str, object]) -> None:
                sent.append((name, kwargs))

        _run_start_up_tasks(sender=type("Beat", (), {"app": Broker()})())
        assert sent == [(str(Job.RECONCILE_CMS), {})]
