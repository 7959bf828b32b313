from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import select, update

from sidecar.cars import service as cars_service
from sidecar.content import repository, tasks
from sidecar.content import service as inbox
from sidecar.content.revalidation import RevalidationFailed, Revalidator
from sidecar.content.strapi_client import (
    VEHICLE_MAKE,
    StrapiClient,
    StrapiError,
    StrapiRejected,
    StrapiUnavailable,
    strapi_timestamp,
)
from sidecar.core import clock
from sidecar.core import inbox as core_inbox
from sidecar.core.database import Database
from sidecar.core.jobs import Job
from sidecar.models import AuditLog, Car, CmsEntry, WebhookEvent
from tests.cars.factories import create_car
from tests.conftest import make_settings
from tests.content.factories import (
    REVALIDATE_SECRET,
    REVALIDATE_URL,
    STRAPI_TOKEN,
    STRAPI_URL,
    FakeStrapi,
    article,
    delivery,
    vehicle_make,
    vehicle_model,
)
from workers.runtime import Runtime
from workers.tasks import run_process_strapi_event, run_reconcile_cms

ARTICLE_UID = "api::article.article"
MAKE_UID = "api::vehicle-make.vehicle-make"
MODEL_UID = "api::vehicle-model.vehicle-model"


def record(db: Database, body: dict[str, Any]) -> int:
    """Records a delivery as the endpoint does; returns the inbox row id."""
    with db.transaction() as session:
        inbox.record_delivery(session, parsed=inbox.parse_delivery(json.dumps(body).encode()))
        event_id = session.scalar(select(WebhookEvent.id).order_by(WebhookEvent.id.desc()).limit(1))
        assert event_id is not None
        return event_id


def mirror(db: Database) -> list[CmsEntry]:
    with db.transaction() as session:
        query = select(CmsEntry).order_by(CmsEntry.uid, CmsEntry.document_id, CmsEntry.locale)
        return list(session.scalars(query))


def inbox_row(db: Database, event_id: int) -> WebhookEvent:
    with db.transaction() as session:
        row = session.get(WebhookEvent, event_id)
        assert row is not None
        return row


def sent_paths(route: respx.Route) -> list[list[str]]:
    return [json.loads(call.request.content)["paths"] for call in route.calls]


@pytest.fixture
def process(db: Database, strapi_client: StrapiClient, revalidator: Revalidator) -> Any:
    def run(event_id: int) -> str:
        return tasks.process_webhook_event(
            db, event_id, client=strapi_client, revalidator=revalidator
        )

    return run


class TestProcessWebhookEvent:
    def test_create_then_publish_mirrors_the_published_document(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        published = fake_strapi.publish("articles", article())
        draft = {**published, "id": published["id"] - 100, "publishedAt": None}
        create_id = record(db, delivery("entry.create", ARTICLE_UID, draft))
        publish_id = record(db, delivery("entry.publish", ARTICLE_UID, published))

        # The draft's event re-reads the document and already finds it published.
        assert process(create_id) == "upserted"
        assert process(publish_id) == "stale"

        [entry] = mirror(db)
        assert (entry.uid, entry.document_id, entry.locale) == (
            ARTICLE_UID,
            published["documentId"],
            "en",
        )
        assert entry.data["title"] == published["title"]
        assert entry.published_at == datetime.fromisoformat(published["publishedAt"])
        assert "createdBy" not in entry.data  # Strapi admin users stay out of the mirror
        assert inbox_row(db, create_id).outcome == "upserted"
        assert inbox_row(db, publish_id).outcome == "stale"
        assert inbox_row(db, publish_id).processed_at is not None
        assert sent_paths(revalidations) == [["/articles", f"/articles/{published['slug']}"]]

    def test_reread_uses_the_api_token_and_asks_for_the_published_locale(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        swahili = fake_strapi.publish("articles", article(locale="sw", title="Kununua Toyota"))
        process(record(db, delivery("entry.publish", ARTICLE_UID, swahili)))
        [request] = fake_strapi.requests
        assert request.headers["Authorization"] == f"Bearer {STRAPI_TOKEN}"
        assert request.url.path == "/api/articles"
        assert dict(request.url.params) == {
            "filters[documentId][$eq]": swahili["documentId"],
            "status": "published",
            "populate": "*",
            "locale": "sw",
        }
        [entry] = mirror(db)
        assert entry.locale == "sw"
        assert sent_paths(revalidations) == [["/sw/articles", "/sw/articles/kununua-toyota"]]

    def test_older_update_after_a_newer_one_changes_nothing(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        older = article(updated_at="2026-11-25T06:00:00.000Z", title="Old title")
        newer = article(updated_at="2026-11-25T07:00:00.000Z", title="New title")
        fake_strapi.publish("articles", newer)
        assert process(record(db, delivery("entry.publish", ARTICLE_UID, newer))) == "upserted"

        # A lagging read (or a late retry) returns the older version: ignored.
        fake_strapi.publish("articles", older)
        late = record(db, delivery("entry.publish", ARTICLE_UID, older))
        assert process(late) == "stale"

        [entry] = mirror(db)
        assert entry.data["title"] == "New title"
        assert entry.updated_at == datetime(2026, 11, 25, 7, tzinfo=UTC)
        assert len(revalidations.calls) == 1

    def test_empty_entry_on_publish_is_filled_by_the_reread(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        full = fake_strapi.publish("articles", article())
        bare = {"id": full["id"], "documentId": full["documentId"], "locale": "en"}
        assert process(record(db, delivery("entry.publish", ARTICLE_UID, bare))) == "upserted"
        [entry] = mirror(db)
        assert entry.data["body"] == full["body"]
        assert entry.data["slug"] == full["slug"]

    @pytest.mark.parametrize("event", ["entry.unpublish", "entry.delete"])
    def test_unpublish_and_delete_remove_from_the_mirror(
        self,
        db: Database,
        fake_strapi: FakeStrapi,
        revalidations: respx.Route,
        process: Any,
        event: str,
    ) -> None:
        doc = fake_strapi.publish("articles", article(slug="kra-duty-explained"))
        other = fake_strapi.publish("articles", article(document_id="other0000000000000001"))
        process(record(db, delivery("entry.publish", ARTICLE_UID, doc)))
        process(record(db, delivery("entry.publish", ARTICLE_UID, other)))

        fake_strapi.unpublish("articles", doc["documentId"], "en")
        removed = record(db, delivery(event, ARTICLE_UID, doc))
        assert process(removed) == "deleted"

        assert [entry.document_id for entry in mirror(db)] == [other["documentId"]]
        assert inbox_row(db, removed).outcome == "deleted"
        assert sent_paths(revalidations)[-1] == ["/articles", "/articles/kra-duty-explained"]

    def test_unpublish_of_one_locale_keeps_the_other(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        english = fake_strapi.publish("articles", article(locale="en"))
        swahili = fake_strapi.publish("articles", article(locale="sw", title="Kununua gari"))
        for doc in (english, swahili):
            process(record(db, delivery("entry.publish", ARTICLE_UID, doc)))
        fake_strapi.unpublish("articles", swahili["documentId"], "sw")
        assert process(record(db, delivery("entry.unpublish", ARTICLE_UID, swahili))) == "deleted"
        assert [entry.locale for entry in mirror(db)] == ["en"]

    def test_draft_save_of_unpublished_document_is_ignored(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        draft = {**article(), "publishedAt": None}
        assert process(record(db, delivery("entry.update", ARTICLE_UID, draft))) == "ignored"
        assert mirror(db) == []
        assert revalidations.calls.call_count == 0

    def test_strapi_down_raises_and_keeps_the_event(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        fake_strapi.publish("articles", article(title="Before"))
        process(record(db, delivery("entry.publish", ARTICLE_UID, article(title="Before"))))
        changed = fake_strapi.publish(
            "articles", article(title="After", updated_at="2026-11-26T09:00:00.000Z")
        )
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, changed))

        fake_strapi.down = True
        with pytest.raises(StrapiUnavailable):
            process(event_id)
        row = inbox_row(db, event_id)
        assert (row.processed_at, row.outcome) == (None, None)
        assert [entry.data["title"] for entry in mirror(db)] == ["Before"]

        fake_strapi.down = False  # the retry succeeds
        assert process(event_id) == "upserted"
        assert [entry.data["title"] for entry in mirror(db)] == ["After"]

    @pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
    def test_connection_failures_are_transient(
        self, db: Database, mocked_http: respx.MockRouter, process: Any, failure: Exception
    ) -> None:
        mocked_http.get(url__regex=r"/api/articles").mock(side_effect=failure)
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, article()))
        with pytest.raises(StrapiUnavailable):
            process(event_id)
        assert inbox_row(db, event_id).processed_at is None

    def test_rejected_token_is_not_transient(
        self, db: Database, mocked_http: respx.MockRouter, process: Any
    ) -> None:
        mocked_http.get(url__regex=r"/api/articles").mock(return_value=httpx.Response(401))
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, article()))
        with pytest.raises(StrapiRejected):
            process(event_id)
        assert inbox_row(db, event_id).processed_at is None

    def test_processing_twice_changes_nothing(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        doc = fake_strapi.publish("articles", article())
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, doc))
        assert process(event_id) == "upserted"
        synced_at = mirror(db)[0].synced_at
        assert process(event_id) == "upserted"  # the recorded outcome, no new work
        assert len(fake_strapi.requests) == 1
        assert len(revalidations.calls) == 1
        assert mirror(db)[0].synced_at == synced_at

    def test_catalogue_entry_is_mirrored_under_the_default_locale(
        self, db: Database, fake_strapi: FakeStrapi, revalidations: respx.Route, process: Any
    ) -> None:
        make = fake_strapi.publish("vehicle-makes", vehicle_make(document_id="mk1", name="Toyota"))
        process(record(db, delivery("entry.publish", MAKE_UID, make)))
        [request] = fake_strapi.requests
        assert "locale" not in request.url.params  # the catalogue is not translated
        [entry] = mirror(db)
        assert (entry.uid, entry.locale, entry.data["name"]) == (MAKE_UID, "en", "Toyota")
        assert sent_paths(revalidations) == [["/cars", "/makes/toyota"]]

    def test_revalidation_failure_after_the_mirror_committed(
        self, db: Database, fake_strapi: FakeStrapi, mocked_http: respx.MockRouter, process: Any
    ) -> None:
        mocked_http.post(REVALIDATE_URL).mock(return_value=httpx.Response(502))
        doc = fake_strapi.publish("articles", article(slug="nissan-note-review"))
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, doc))
        with pytest.raises(RevalidationFailed) as failure:
            process(event_id)
        assert failure.value.paths == ["/articles", "/articles/nissan-note-review"]
        assert inbox_row(db, event_id).outcome == "upserted"
        assert len(mirror(db)) == 1

    def test_unknown_event_id_is_reported_missing(
        self, db: Database, fake_strapi: FakeStrapi, process: Any
    ) -> None:
        assert process(999_999) == "missing"
        assert fake_strapi.requests == []


class TestRepublishPendingWebhookEvents:
    def test_only_old_unprocessed_strapi_rows_are_republished(
        self, db: Database, runner_jobs: list[Any]
    ) -> None:
        old = record(db, delivery("entry.publish", ARTICLE_UID, article()))
        record(db, delivery("entry.update", ARTICLE_UID, article()))  # too recent
        done = record(db, delivery("entry.delete", ARTICLE_UID, article()))
        with db.transaction() as session:
            an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
            session.execute(
                update(WebhookEvent)
                .where(WebhookEvent.id.in_([old, done]))
                .values(received_at=an_hour_ago)
            )
            session.execute(
                update(WebhookEvent)
                .where(WebhookEvent.id == done)
                .values(processed_at=datetime.now(UTC), outcome="deleted")
            )
            session.add(
                WebhookEvent(source="twilio", dedupe_key="SM1", payload={}, received_at=an_hour_ago)
            )
        runner_jobs.clear()  # forget the jobs the deliveries themselves queued
        assert tasks.republish_pending_webhook_events(db, older_than=timedelta(minutes=5)) == 1
        assert runner_jobs == [(Job.PROCESS_STRAPI_EVENT, (old,))]


class TestAWebhookWhoseRereadKeepsFailing:
    """Audit finding 13e: every sweep re-queued it, at once and without end."""

    @pytest.mark.parametrize("status", [503, 401], ids=["strapi-down", "token-refused"])
    def test_is_retried_with_growing_delays_then_closed_as_failed(
        self,
        db: Database,
        mocked_http: respx.MockRouter,
        process: Any,
        runner_jobs: list[Any],
        frozen_clock: Any,
        status: int,
    ) -> None:
        reads = mocked_http.get(url__regex=r"/api/articles").mock(
            return_value=httpx.Response(status)
        )
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, article()))
        frozen_clock.advance(tasks.SWEEP_AFTER.total_seconds() + 1)
        runner_jobs.clear()

        waits = []
        for attempt in range(1, core_inbox.MAX_ATTEMPTS):
            with pytest.raises(StrapiError):
                process(event_id)
            row = inbox_row(db, event_id)
            assert (row.attempts, row.processed_at) == (attempt, None)
            assert row.retry_at is not None
            waits.append(row.retry_at - clock.utcnow())
            assert tasks.republish_pending_webhook_events(db) == 0  # not due yet
            frozen_clock.set(row.retry_at)
            assert tasks.republish_pending_webhook_events(db) == 1  # due: once more
        assert waits == sorted(waits)
        assert waits[0] < waits[-1] <= core_inbox.RETRY_CAP

        assert process(event_id) == "failed"
        row = inbox_row(db, event_id)
        assert row.processed_at is not None
        assert str(row.outcome).startswith("failed: ")
        frozen_clock.advance(86_400)
        assert tasks.republish_pending_webhook_events(db) == 0  # given up for good
        assert process(event_id) == row.outcome  # a late duplicate job does nothing
        assert reads.call_count == core_inbox.MAX_ATTEMPTS

    def test_a_success_after_failures_closes_it_normally(
        self,
        db: Database,
        fake_strapi: FakeStrapi,
        revalidations: respx.Route,
        process: Any,
        frozen_clock: Any,
    ) -> None:
        doc = fake_strapi.publish("articles", article(title="Back"))
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, doc))
        fake_strapi.down = True
        for _ in range(3):
            with pytest.raises(StrapiUnavailable):
                process(event_id)
        fake_strapi.down = False
        frozen_clock.set(inbox_row(db, event_id).retry_at)
        assert process(event_id) == "upserted"
        row = inbox_row(db, event_id)
        assert (row.attempts, row.outcome) == (3, "upserted")
        assert [entry.data["title"] for entry in mirror(db)] == ["Back"]


def _many_articles(fake: FakeStrapi, count: int, *, start: datetime) -> list[dict[str, Any]]:
    return [
        fake.publish(
            "articles",
            article(
                document_id=f"bulk{n:019d}",
                title=f"Car of the week {n}",
                updated_at=(start + timedelta(minutes=n)).isoformat(),
            ),
        )
        for n in range(count)
    ]


def _article_pages(fake: FakeStrapi) -> list[dict[str, str]]:
    """The article listings with content (not the key listings, not single reads)."""
    return [
        dict(r.url.params)
        for r in fake.requests
        if r.url.path == "/api/articles"
        and "fields[0]" not in r.url.params
        and "filters[documentId][$eq]" not in r.url.params
    ]


def _key_pages(fake: FakeStrapi, path: str = "/api/articles") -> list[dict[str, str]]:
    return [
        dict(r.url.params)
        for r in fake.requests
        if r.url.path == path and "fields[0]" in r.url.params
    ]


class TestReconcile:
    START = datetime(2026, 11, 1, tzinfo=UTC)

    def test_pages_through_every_type_and_locale(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        _many_articles(fake_strapi, 230, start=self.START)
        fake_strapi.publish("articles", article(document_id="sw0000000000000000001", locale="sw"))
        fake_strapi.publish("vehicle-makes", vehicle_make(document_id="mk1", name="Subaru"))

        report = tasks.reconcile(db, client=strapi_client)

        assert (report.fetched, report.upserted, report.deleted) == (232, 232, 0)
        assert len(mirror(db)) == 232
        pages = _article_pages(fake_strapi)
        assert [p["pagination[page]"] for p in pages] == ["1", "2", "3"]
        assert {p["pagination[pageSize]"] for p in pages} == {"100"}
        assert {p["locale"] for p in pages} == {"*"}
        assert {p["status"] for p in pages} == {"published"}
        assert all("filters[updatedAt][$gt]" not in p for p in pages)  # first run: all
        types = {r.url.path for r in fake_strapi.requests}
        assert types == {
            "/api/articles",
            "/api/pages",
            "/api/vehicle-makes",
            "/api/vehicle-models",
            "/api/faqs",
            "/api/banners",
        }

    def test_second_run_asks_only_for_changes_and_changes_nothing(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        _many_articles(fake_strapi, 3, start=self.START)
        tasks.reconcile(db, client=strapi_client)
        fake_strapi.requests.clear()

        report = tasks.reconcile(db, client=strapi_client)

        [params] = _article_pages(fake_strapi)
        newest = self.START + timedelta(minutes=2)
        since = newest - tasks.RECONCILE_OVERLAP
        assert params["filters[updatedAt][$gt]"] == strapi_timestamp(since)
        assert (report.upserted, report.stale, report.deleted) == (0, 3, 0)

    def test_missed_webhook_is_repaired(
        self,
        db: Database,
        fake_strapi: FakeStrapi,
        strapi_client: StrapiClient,
        revalidator: Revalidator,
        revalidations: respx.Route,
    ) -> None:
        _many_articles(fake_strapi, 2, start=self.START)
        tasks.reconcile(db, client=strapi_client)
        # Two later edits: the first one's webhook is lost, the second one's arrives.
        missed = fake_strapi.publish(
            "articles",
            article(
                document_id="missed000000000000001",
                slug="missed-review",
                updated_at="2026-11-10T08:00:00.000Z",
            ),
        )
        delivered = fake_strapi.publish(
            "articles",
            article(document_id="deliver00000000000001", updated_at="2026-11-10T09:00:00.000Z"),
        )
        event_id = record(db, delivery("entry.publish", ARTICLE_UID, delivered))
        tasks.process_webhook_event(db, event_id, client=strapi_client, revalidator=revalidator)
        assert missed["documentId"] not in {e.document_id for e in mirror(db)}

        report = tasks.reconcile(db, client=strapi_client, revalidator=revalidator)

        assert missed["documentId"] in {e.document_id for e in mirror(db)}
        assert report.upserted == 1
        assert "/articles/missed-review" in report.paths
        assert sent_paths(revalidations)[-1] == report.paths

    def test_incremental_run_drops_what_was_unpublished_while_no_webhook_came(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        kept, gone = _many_articles(fake_strapi, 2, start=self.START)
        fake_strapi.publish("vehicle-makes", vehicle_make(document_id="mk1", name="Isuzu"))
        fake_strapi.publish("articles", article(document_id=kept["documentId"], locale="sw"))
        tasks.reconcile(db, client=strapi_client)
        # Unpublished (or deleted) in Strapi while the sidecar was down: no webhook.
        fake_strapi.unpublish("articles", gone["documentId"], "en")
        fake_strapi.unpublish("articles", kept["documentId"], "sw")
        fake_strapi.unpublish("vehicle-makes", "mk1")
        fake_strapi.requests.clear()

        report = tasks.reconcile(db, client=strapi_client)

        assert (report.full, report.deleted, report.upserted) == (False, 3, 0)
        assert [(e.document_id, e.locale) for e in mirror(db)] == [(kept["documentId"], "en")]
        [keys] = _key_pages(fake_strapi)
        assert (keys["fields[0]"], keys["fields[1]"], keys["locale"]) == (
            "updatedAt",
            "locale",
            "*",
        )
        assert keys["sort[0]"] == "documentId:asc"
        [make_keys] = _key_pages(fake_strapi, "/api/vehicle-makes")
        assert "locale" not in make_keys  # the catalogue is not translated

    def test_a_document_the_key_listing_skipped_is_kept_after_a_direct_read(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        (older,) = _many_articles(fake_strapi, 1, start=self.START)
        later = self.START + 2 * tasks.RECONCILE_OVERLAP  # the next pass re-lists only this one
        fake_strapi.publish(
            "articles", article(document_id="later0000000000000001", updated_at=later.isoformat())
        )
        tasks.reconcile(db, client=strapi_client)
        # Still published, but left out of the listing (as when rows shift between pages).
        fake_strapi.missing_from_key_listing.add(older["documentId"])

        report = tasks.reconcile(db, client=strapi_client)

        assert report.deleted == 0
        assert len(mirror(db)) == 2
        reads = [r for r in fake_strapi.requests if "filters[documentId][$eq]" in r.url.params]
        assert [r.url.params["filters[documentId][$eq]"] for r in reads] == [older["documentId"]]

    def test_full_run_rereads_everything_and_drops_what_is_gone(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        kept, gone = _many_articles(fake_strapi, 2, start=self.START)
        tasks.reconcile(db, client=strapi_client)
        fake_strapi.unpublish("articles", gone["documentId"], "en")
        fake_strapi.requests.clear()

        report = tasks.reconcile(db, client=strapi_client, full=True)

        assert (report.deleted, report.stale) == (1, 1)
        assert [e.document_id for e in mirror(db)] == [kept["documentId"]]
        assert "filters[updatedAt][$gt]" not in _article_pages(fake_strapi)[-1]
        assert _key_pages(fake_strapi) == []  # the full listing already says what is published

    def test_full_run_keeps_rows_a_webhook_wrote_meanwhile(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        _many_articles(fake_strapi, 1, start=self.START)
        with db.transaction() as session:  # written after the pass started listing
            session.add(
                CmsEntry(
                    uid=ARTICLE_UID,
                    document_id="fresh00000000000000001",
                    locale="en",
                    updated_at=datetime.now(UTC),
                    synced_at=datetime.now(UTC) + timedelta(minutes=1),
                    data={"title": "Fresh"},
                )
            )
        tasks.reconcile(db, client=strapi_client, full=True)
        assert "fresh00000000000000001" in {e.document_id for e in mirror(db)}

    def test_strapi_down_midway_keeps_applied_pages_and_no_watermark(
        self, db: Database, fake_strapi: FakeStrapi, strapi_client: StrapiClient
    ) -> None:
        _many_articles(fake_strapi, 150, start=self.START)
        fake_strapi.failing_page = 2
        with pytest.raises(StrapiUnavailable):
            tasks.reconcile(db, client=strapi_client)
        assert len(mirror(db)) == 100
        with db.transaction() as session:
            assert repository.get_bookmark(session, uid=ARTICLE_UID) is None

        fake_strapi.failing_page = None
        report = tasks.reconcile(db, client=strapi_client)
        assert (report.upserted, report.stale) == (50, 100)
        with db.transaction() as session:
            newest = repository.get_bookmark(session, uid=ARTICLE_UID)
        assert newest == self.START + timedelta(minutes=149)


class TestCarsFlaggedBeforeTheCatalogueKnewThem:
    """A car listed as "subaru"/"forester" before editors published Subaru and Forester
    is flagged catalogue_unknown; the sync that brings them in spells the car anew."""

    @pytest.fixture
    def flagged_car(self, db: Database, create_user: Any) -> int:
        other = vehicle_make(document_id="mk-toyota", name="Toyota")
        with db.transaction() as session:  # a synced catalogue without Subaru
            repository.upsert_document(session, content_type=VEHICLE_MAKE, document=other)
        return create_car(
            db, owner=create_user(), make="subaru", model="FORESTER", title="Forester 2018"
        )

    def _car(self, db: Database, car_id: int) -> tuple[str, str, bool]:
        with db.transaction() as session:
            car = session.get(Car, car_id)
            assert car is not None
            return car.make, car.model, car.catalogue_unknown

    def _flag(self, db: Database, car_id: int) -> None:
        with db.transaction() as session:
            session.execute(update(Car).where(Car.id == car_id).values(catalogue_unknown=True))

    @pytest.fixture
    def worker_runtime(self, database_url: str, db: Database) -> Runtime:
        """The runtime the worker's tasks get: these tests go through the wiring."""
        settings = make_settings(
            database_url,
            strapi_url=STRAPI_URL,
            strapi_api_token=STRAPI_TOKEN,
            frontend_revalidate_url=REVALIDATE_URL,
            frontend_revalidate_secret=REVALIDATE_SECRET,
        )
        return Runtime.from_settings(settings, db=db)

    def test_the_webhook_of_the_new_model_fixes_the_car(
        self,
        db: Database,
        fake_strapi: FakeStrapi,
        revalidations: respx.Route,
        worker_runtime: Runtime,
        flagged_car: int,
    ) -> None:

        def process(event_id: int) -> str:
            return run_process_strapi_event(worker_runtime, event_id)

        self._flag(db, flagged_car)
        subaru = fake_strapi.publish(
            "vehicle-makes", vehicle_make(document_id="mk-subaru", name="Subaru")
        )
        forester = fake_strapi.publish(
            "vehicle-models",
            vehicle_model(document_id="md-forester", name="Forester", make=subaru),
        )
        process(record(db, delivery("entry.publish", MAKE_UID, subaru)))
        assert self._car(db, flagged_car) == ("subaru", "FORESTER", True)  # model still unknown

        process(record(db, delivery("entry.publish", MODEL_UID, forester)))

        assert self._car(db, flagged_car) == ("Subaru", "Forester", False)
        with db.transaction() as session:
            entry = session.scalar(
                select(AuditLog).where(AuditLog.action == "car.catalogue_matched")
            )
            assert entry is not None
            assert entry.changes["cars"] == [flagged_car]
            assert entry.changes["to"] == {"make": "Subaru", "model": "Forester"}

    def test_the_reconciliation_fixes_the_car_too(
        self,
        db: Database,
        fake_strapi: FakeStrapi,
        revalidations: respx.Route,
        worker_runtime: Runtime,
        flagged_car: int,
    ) -> None:
        self._flag(db, flagged_car)
        subaru = fake_strapi.publish(
            "vehicle-makes", vehicle_make(document_id="mk-subaru", name="Subaru")
        )
        fake_strapi.publish(
            "vehicle-models",
            vehicle_model(document_id="md-forester", name="Forester", make=subaru),
        )

        run_reconcile_cms(worker_runtime)

        assert self._car(db, flagged_car) == ("Subaru", "Forester", False)

    def test_names_the_catalogue_still_lacks_stay_flagged(
        self, db: Database, flagged_car: int
    ) -> None:
        self._flag(db, flagged_car)
        with db.transaction() as session:
            assert cars_service.recheck_unknown_vehicles(session) == 0
        assert self._car(db, flagged_car) == ("subaru", "FORESTER", True)
