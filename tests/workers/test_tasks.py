"""The task layer, run the way the embedded default runs it: in-process, after commit."""

from __future__ import annotations

import json
import os
import time

import pytest
import respx
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from sidecar import cli
from sidecar.app import create_app
from sidecar.core.settings import get_settings
from sidecar.models import CmsEntry, Notification, Vendor, WebhookEvent
from tests.conftest import make_settings
from tests.content.factories import STRAPI_TOKEN, STRAPI_URL, FakeStrapi, article, delivery
from workers.runtime import Runtime
from workers.tasks import JOBS, run_reconcile_cms

SECRET = "webhook-secret-for-task-tests"


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def fake_strapi():
    fake = FakeStrapi()
    with respx.mock(assert_all_called=False) as router:
        router.get(url__startswith=f"{STRAPI_URL}/api/").mock(side_effect=fake)
        yield fake


def strapi_settings(database_url, **extra):
    return make_settings(
        database_url,
        strapi_url=STRAPI_URL,
        strapi_api_token=STRAPI_TOKEN,
        strapi_webhook_secret=SECRET,
        **extra,
    )


class TestEmbeddedDefault:
    def test_events_are_delivered_in_process_after_commit(
        self, database_url, db, create_user, auth_headers
    ):
        """No broker: the vendor-approved message is rendered and recorded as logged."""
        admin = create_user(role="admin")
        user = create_user(role="vendor", approved=False)
        with db.transaction() as session:
            vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))

        with TestClient(create_app(make_settings(database_url), database=db)) as client:
            response = client.put(f"/v1/vendors/{vendor_id}/approve", headers=auth_headers(admin))
            assert response.status_code == 200

            def logged():
                with db.transaction() as session:
                    rows = session.scalars(select(Notification)).all()
                    return [(n.channel, n.status) for n in rows] == [("email", "logged")]

            assert wait_for(logged)

    def test_a_strapi_webhook_updates_the_mirror_in_process(self, database_url, db, fake_strapi):
        document = fake_strapi.publish("articles", article())
        settings = strapi_settings(database_url)

        with TestClient(create_app(settings, database=db)) as client:
            response = client.post(
                "/v1/webhooks/strapi",
                json=delivery("entry.publish", "api::article.article", document),
                headers={"X-Gurumisha-Webhook-Secret": SECRET, "X-Strapi-Event": "entry.publish"},
            )
            assert response.status_code == 202, response.text

            def mirrored():
                with db.transaction() as session:
                    return session.scalar(select(CmsEntry.document_id))

            assert wait_for(lambda: mirrored() == document["documentId"])
        with db.transaction() as session:
            assert session.scalar(select(WebhookEvent.outcome)) == "upserted"


class TestJobs:
    def test_every_beat_and_publish_target_has_a_job(self):
        from sidecar.core.jobs import Job
        from workers.celery_app import create_celery
        from workers.runners import IN_PROCESS_BEAT_TASKS

        assert set(JOBS) == set(Job)
        assert set(IN_PROCESS_BEAT_TASKS) <= set(JOBS)
        beat = create_celery(get_settings()).conf.beat_schedule
        assert {entry["task"] for entry in beat.values()} <= set(JOBS)

    def test_reconcile_is_skipped_without_strapi(self, database_url, db):
        runtime = Runtime.from_settings(make_settings(database_url), db=db)
        assert run_reconcile_cms(runtime) == {"skipped": "STRAPI_URL is not set"}

    def test_reconcile_repairs_a_missed_webhook(self, database_url, db, fake_strapi):
        fake_strapi.publish("articles", article())
        runtime = Runtime.from_settings(strapi_settings(database_url), db=db)

        report = run_reconcile_cms(runtime)

        assert report["upserted"] == 1
        with db.transaction() as session:
            assert session.scalar(select(CmsEntry.uid)) == "api::article.article"

    def test_sweep_of_webhook_events_runs(self, database_url, db):
        runtime = Runtime.from_settings(make_settings(database_url), db=db)
        assert JOBS["workers.tasks.sweep_webhook_events"](runtime) == 0


class TestCmsSyncCommand:
    def test_runs_a_full_reconciliation(self, database_url, db, fake_strapi):
        fake_strapi.publish("articles", article())
        saved = dict(os.environ)
        os.environ.update(
            {
                "DATABASE_URL": database_url,
                "STRAPI_URL": STRAPI_URL,
                "STRAPI_API_TOKEN": STRAPI_TOKEN,
            }
        )
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(cli.app, ["cms-sync", "--full"])
        finally:
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
        assert result.exit_code == 0, result.output
        report = json.loads(result.output.strip().splitlines()[-1])
        assert (report["full"], report["upserted"]) == (True, 1)
