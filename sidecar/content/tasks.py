"""What the Celery tasks (and the in-process runner) call for the Strapi sync.

Each function opens its own short transactions and never holds one across an HTTP
call. Errors meant for the caller:
- ``StrapiUnavailable``: transient. The inbox row stays unprocessed and counts the
  failure; the sweep re-publishes it with growing delays, and gives it up as
  ``failed`` after ``inbox.MAX_ATTEMPTS`` (reconciliation repairs the mirror).
- ``StrapiRejected``: Strapi refused (token, configuration); counted the same way.
- ``RevalidationFailed``: the mirror change is committed; retry only
  ``Revalidator.revalidate(exc.paths)`` (re-running the event would find it done).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from sidecar.content import repository, service
from sidecar.content.repository import MirrorChange
from sidecar.content.revalidation import Revalidator, merge_paths, paths_for
from sidecar.content.strapi_client import (
    CONTENT_TYPES,
    VEHICLE_MAKE,
    VEHICLE_MODEL,
    ContentType,
    StrapiClient,
    StrapiError,
)
from sidecar.core import clock, inbox, jobs
from sidecar.core.database import Database
from sidecar.core.log import get_logger
from sidecar.models import WebhookEvent

log = get_logger(__name__)

# Re-read a little before the last watermark: a Strapi write committed just after
# we listed past its updatedAt would otherwise be skipped for good.
RECONCILE_OVERLAP = timedelta(minutes=5)
# A safety stop should Strapi report a page count that never ends.
MAX_PAGES = 10_000
SWEEP_AFTER = timedelta(minutes=2)
# A change to these may let records flagged catalogue_unknown take the catalogue spelling.
_CATALOGUE_UIDS = frozenset({VEHICLE_MAKE.uid, VEHICLE_MODEL.uid})

# Called in the transaction that published a make or model; the entry point wires in
# the domains that keep catalogue spellings (cars), so content never imports them.
CatalogueHook = Callable[[Session], None]


def _paths(changes: list[MirrorChange]) -> list[str]:
    return merge_paths(
        paths_for(change.uid, change.locale, (change.before, change.after))
        for change in changes
        if change.changed
    )


def _catalogue_changed(
    session: Session, changes: list[MirrorChange], hook: CatalogueHook | None
) -> None:
    """A make or model newly published may be one some records were flagged for."""
    if hook is None:
        return
    if any(change.uid in _CATALOGUE_UIDS and change.outcome == "upserted" for change in changes):
        hook(session)


def process_webhook_event(
    db: Database,
    event_id: int,
    *,
    client: StrapiClient,
    revalidator: Revalidator,
    on_catalogue_change: CatalogueHook | None = None,
) -> str:
    """Re-reads the document a delivery is about and makes the mirror match; returns the
    outcome (upserted, deleted, stale, ignored). Running it twice changes nothing."""
    with db.transaction() as session:
        event = session.get(WebhookEvent, event_id)
        if event is None or event.source != service.SOURCE:
            log.warning("content.event_missing", event_id=event_id)
            return "missing"
        if event.processed_at is not None:
            return event.outcome or "ignored"
        target = service.target_of(event.payload)
        if target is None:
            inbox.mark_processed(session, event, outcome="ignored")
            return "ignored"

    # Outside any transaction: Strapi may be slow. Raises StrapiUnavailable when down.
    try:
        document = client.fetch_published(
            target.content_type, document_id=target.document_id, locale=target.locale
        )
    except StrapiError as exc:
        if _count_failure(db, event_id, error=str(exc) or type(exc).__name__):
            return inbox.FAILED
        raise

    with db.transaction() as session:
        event = session.get(WebhookEvent, event_id, with_for_update=True)
        if event is None or event.processed_at is not None:  # a concurrent run did it
            return (event.outcome if event else None) or "ignored"
        if document is None:
            change = repository.remove_document(
                session,
                content_type=target.content_type,
                document_id=target.document_id,
                locale=target.locale,
            )
        else:
            change = repository.upsert_document(
                session, content_type=target.content_type, document=document
            )
        inbox.mark_processed(session, event, outcome=change.outcome)
        _catalogue_changed(session, [change], on_catalogue_change)
    log.info(
        "content.event_processed",
        event_id=event_id,
        strapi_event=event.event,
        uid=change.uid,
        document_id=change.document_id,
        locale=change.locale,
        outcome=change.outcome,
    )
    revalidator.revalidate(_paths([change]))
    return change.outcome


def _count_failure(db: Database, event_id: int, *, error: str) -> bool:
    """Records a failed re-read; True when the delivery was given up for good."""
    with db.transaction() as session:
        event = session.get(WebhookEvent, event_id, with_for_update=True)
        if event is None or event.processed_at is not None:
            return False
        gave_up = inbox.record_failure(session, event, error=error)
        attempts, retry_at = event.attempts, event.retry_at
    if gave_up:
        # Nothing is lost: the next reconciliation re-reads every changed document.
        log.warning("content.event_failed", event_id=event_id, attempts=attempts, error=error)
    else:
        log.info("content.event_retry", event_id=event_id, attempts=attempts, retry_at=retry_at)
    return gave_up


@dataclass
class ReconcileReport:
    full: bool
    fetched: int = 0
    upserted: int = 0
    stale: int = 0
    deleted: int = 0
    ignored: int = 0
    paths: list[str] = field(default_factory=list)

    def record(self, changes: list[MirrorChange]) -> None:
        for change in changes:
            setattr(self, change.outcome, getattr(self, change.outcome) + 1)
        self.paths = merge_paths([self.paths, _paths(changes)])


def reconcile(
    db: Database,
    *,
    client: StrapiClient,
    full: bool = False,
    revalidator: Revalidator | None = None,
    content_types: tuple[ContentType, ...] = CONTENT_TYPES,
    on_catalogue_change: CatalogueHook | None = None,
) -> ReconcileReport:
    """Repairs the mirror from Strapi's REST API, one page (one transaction) at a time.

    Incremental (default): documents changed since the last pass of each type are
    re-read; then the keys of everything published now are listed (no content, 100 a
    page), so what was unpublished or deleted while no webhook reached us is dropped
    too. Full: every published document is re-read (a daily safety net for changes a
    page shift skipped). Either way a mirrored document missing from Strapi's listing
    is asked for once more before it is dropped: a listing can skip a row when others
    are unpublished meanwhile, a direct read cannot. A failure midway keeps the pages
    already applied and the old watermark.
    """
    report = ReconcileReport(full=full)
    for content_type in content_types:
        _reconcile_type(
            db, client, content_type, full=full, report=report, hook=on_catalogue_change
        )
    log.info(
        "content.reconciled",
        full=full,
        fetched=report.fetched,
        upserted=report.upserted,
        deleted=report.deleted,
        stale=report.stale,
    )
    if revalidator is not None:
        revalidator.revalidate(report.paths)
    return report


def _reconcile_type(
    db: Database,
    client: StrapiClient,
    content_type: ContentType,
    *,
    full: bool,
    report: ReconcileReport,
    hook: CatalogueHook | None,
) -> None:
    started = clock.utcnow()
    with db.transaction() as session:
        watermark = None if full else repository.get_bookmark(session, uid=content_type.uid)
    since = watermark - RECONCILE_OVERLAP if watermark else None
    newest = watermark
    seen: set[tuple[str, str]] = set()
    page = 1
    while page <= MAX_PAGES:
        result = client.list_published(content_type, page=page, updated_after=since)
        with db.transaction() as session:
            changes = [
                repository.upsert_document(session, content_type=content_type, document=document)
                for document in result.documents
            ]
            _catalogue_changed(session, changes, hook)
        report.fetched += len(result.documents)
        report.record(changes)
        for change in changes:
            seen.add((change.document_id, change.locale))
            if change.updated_at and (newest is None or change.updated_at > newest):
                newest = change.updated_at
        if not result.documents or page >= result.page_count:
            break
        page += 1
    if since is not None:  # only changes were listed: what else is still published?
        seen |= _published_keys(client, content_type)
    _remove_unpublished(db, client, content_type, seen=seen, started=started, report=report)
    if newest is not None and newest != watermark:
        with db.transaction() as session:
            repository.set_bookmark(session, uid=content_type.uid, updated_at=newest, full=full)


def _published_keys(client: StrapiClient, content_type: ContentType) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    page = 1
    while page <= MAX_PAGES:
        result = client.list_published_keys(content_type, page=page)
        for document in result.documents:
            locale = repository.mirror_locale(content_type, document.get("locale"))
            keys.add((str(document["documentId"]), locale))
        if not result.documents or page >= result.page_count:
            break
        page += 1
    return keys


def _remove_unpublished(
    db: Database,
    client: StrapiClient,
    content_type: ContentType,
    *,
    seen: set[tuple[str, str]],
    started: datetime,
    report: ReconcileReport,
) -> None:
    """Drops mirrored documents Strapi no longer publishes, each confirmed by a read."""
    with db.transaction() as session:
        candidates = repository.vanished(
            session, content_type=content_type, seen=seen, synced_before=started
        )
    gone = [
        (document_id, locale)
        for document_id, locale in candidates
        if client.fetch_published(content_type, document_id=document_id, locale=locale) is None
    ]
    with db.transaction() as session:
        report.record(
            repository.remove_vanished(
                session, content_type=content_type, gone=gone, synced_before=started
            )
        )


def republish_pending_webhook_events(db: Database, *, older_than: timedelta = SWEEP_AFTER) -> int:
    """Re-publishes Strapi deliveries left unprocessed (lost job, Strapi outage); for beat."""
    with db.transaction() as session:
        pending = inbox.pending(session, source=service.SOURCE, older_than=older_than)
    for event_id in pending:
        jobs.publish(jobs.Job.PROCESS_STRAPI_EVENT, event_id)
    if pending:
        log.info("content.webhooks_swept", republished=len(pending))
    return len(pending)
