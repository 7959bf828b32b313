"""CRSP releases: the search of the live list, the row an estimate uses, new releases.

A release is loaded as a draft (checked as a whole: a bad file stores nothing and the
live release stays as it was), compared with the live one, then published: it becomes
live and the one before is archived, never deleted, since estimates cite their row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from sidecar.core import audit, clock
from sidecar.core.errors import Conflict, NotFound, Unprocessable
from sidecar.core.pagination import PageParams, paginate
from sidecar.imports.crsp import repository
from sidecar.imports.crsp import search as search_index
from sidecar.imports.crsp.listing import (
    Diff,
    DiffEntry,
    DiffKind,
    Listing,
    ListingInvalid,
    compare,
    read_listing,
    valid_label,
)
from sidecar.imports.crsp.search import CrspCar
from sidecar.models import CrspRelease, CrspReleaseStatus

MAX_ALTERNATIVES = 5


class ReleaseNotFound(NotFound):
    def __init__(self, label: str) -> None:
        super().__init__(f"No CRSP release is labelled {label!r}.")


class ReleaseNotDraft(Conflict):
    def __init__(self, release: CrspRelease) -> None:
        super().__init__(f"Release {release.label} is {release.status}: only a draft is published.")


class ReleaseLabelTaken(Conflict):
    def __init__(self, label: str) -> None:
        super().__init__(f"A CRSP release is already labelled {label!r}.")


class CrspRowNotFound(Unprocessable):
    def __init__(self, row_id: int) -> None:
        detail = f"No car {row_id} in the live CRSP list: pick one from the search."
        super().__init__(detail, errors=[{"field": "specs.crspId", "message": detail}])


@dataclass(frozen=True, slots=True)
class Choice:
    """The row an estimate uses, how it was found, and what else matched."""

    car: CrspCar | None
    matched_by: str | None  # "crsp_id", "best_match"; None when nothing matched
    alternatives: tuple[CrspCar, ...]
    release: str | None  # the live release searched
    warning: str | None


def search(
    session: Session,
    *,
    make: str | None,
    q: str | None,
    engine_cc: int | None,
    fuel: str | None,
    params: PageParams,
) -> tuple[list[CrspCar], int]:
    """Live rows matching, best first: every word of ``q`` in the model, any order."""
    live = repository.live(session)
    if live is None:
        return [], 0
    found = search_index.ranked(session, live, make=make, q=q, engine_cc=engine_cc, fuel=fuel)
    return found.cars(params.offset, params.offset + params.limit), len(found)


def choose(
    session: Session,
    *,
    crsp_id: int | None,
    make: str | None,
    model: str | None,
    engine_cc: int | None,
    fuel: str | None,
) -> Choice:
    """The row to value the car from: the one picked, or the best match of its names."""
    live = repository.live(session)
    if crsp_id is not None:
        found = repository.row(session, crsp_id)
        if found is None or live is None or found.release_id != live.id:
            raise CrspRowNotFound(crsp_id)
        car = search_index.car_of(session, found, live.label, {})
        return Choice(car, "crsp_id", (), live.label, None)
    if live is None or not make or not model:
        return Choice(None, None, (), None, None)
    ranked = search_index.ranked(session, live, make=make, q=model, engine_cc=None, fuel=None)
    if not ranked:
        return Choice(None, None, (), live.label, None)
    # Of the rows matching every word as well: the nearest engine size (to 100 cc: KRA
    # writes 1496 and 1498 for one engine), the fuel asked for, the fewest extra words,
    # then (so the estimate is not too low) the higher CRSP.
    best = ranked.rows[0][0].score
    tied = [(found, car) for found, car in ranked.pairs() if found.score == best]
    tied.sort(
        key=lambda pair: (
            search_index.cc_distance(pair[1].engine_cc, engine_cc)
            // search_index.ENGINE_CC_TOLERANCE,
            pair[1].fuel != fuel,
            pair[0].extra_words,
            -pair[1].crsp,
            pair[1].id,
        )
    )
    chosen = tied[0][1]
    alternatives = tuple(car for _, car in tied[1:] if car.crsp != chosen.crsp)[:MAX_ALTERNATIVES]
    warning = None
    if alternatives:
        warning = (
            f"Several cars in KRA's list match {make} {model}: we used {chosen.model}"
            f" ({chosen.engine_cc or '?'} cc, CRSP KES {chosen.crsp:,.0f}). Pick yours from the"
            " search for an exact figure."
        )
    return Choice(chosen, "best_match", alternatives, live.label, warning)


# ---- releases


@dataclass(frozen=True, slots=True)
class DiffSummary:
    against: str | None
    added: int
    removed: int
    changed: int
    unchanged: int

    @classmethod
    def of(cls, diff: Diff, against: CrspRelease | None) -> DiffSummary:
        return cls(
            against=None if against is None else against.label,
            added=diff.count(DiffKind.ADDED),
            removed=diff.count(DiffKind.REMOVED),
            changed=diff.count(DiffKind.CHANGED),
            unchanged=diff.unchanged,
        )


@dataclass(frozen=True, slots=True)
class ImportedRelease:
    """A new draft, what its file held and how it differs from the live release."""

    release: CrspRelease
    listing: Listing
    diff: DiffSummary


def import_release(
    session: Session,
    *,
    content: bytes,
    source_file: str,
    label: str,
    effective_from: date,
    actor_id: int | None,
) -> ImportedRelease:
    """Loads a CRSP file as a draft release, checked as a whole; nothing is stored if
    it is malformed (422, the lines at fault) and the live release is never touched."""
    if not valid_label(label):
        detail = "A label is 1-40 letters, digits, dots, dashes or underscores."
        raise Unprocessable(detail, errors=[{"field": "label", "message": detail}])
    if repository.by_label(session, label) is not None:
        raise ReleaseLabelTaken(label)
    try:
        listing = read_listing(content)
    except ListingInvalid as exc:
        raise Unprocessable(
            f"The file is not a CRSP list: {exc.problems[0]}",
            errors=[{"field": "file", "message": problem} for problem in exc.problems],
        ) from exc
    release = CrspRelease(
        label=label,
        effective_from=effective_from,
        source_file=source_file[:200] or "upload.csv",
        checksum=listing.checksum,
        status=CrspReleaseStatus.DRAFT,
        row_count=len(listing.rows),
    )
    session.add(release)
    session.flush()
    repository.copy_into(session, release.id, listing.rows)
    live = repository.live(session)
    old = [] if live is None else repository.priced_cars(session, live.id)
    diff = compare(old, [row.car for row in listing.rows])
    audit.record(
        session,
        actor_id=actor_id,
        action="crsp.import",
        resource_type="crsp_release",
        resource_id=release.id,
        changes={"label": label, "rows": len(listing.rows), "checksum": listing.checksum},
    )
    return ImportedRelease(release, listing, DiffSummary.of(diff, live))


def publish_release(session: Session, *, label: str, actor_id: int | None) -> CrspRelease:
    """Makes a draft the live release; the live one is archived (kept for old estimates)."""
    release = repository.by_label(session, label, lock=True)
    if release is None:
        raise ReleaseNotFound(label)
    if release.status is not CrspReleaseStatus.DRAFT:
        raise ReleaseNotDraft(release)
    now = clock.utcnow()
    previous = repository.lock_live(session)
    if previous is not None:
        previous.status = CrspReleaseStatus.ARCHIVED
        previous.archived_at = now
        session.flush()  # one live release at a time: the unique index checks each statement
    release.status = CrspReleaseStatus.LIVE
    release.published_at = now
    session.flush()
    audit.record(
        session,
        actor_id=actor_id,
        action="crsp.publish",
        resource_type="crsp_release",
        resource_id=release.id,
        changes={"label": label, "archived": None if previous is None else previous.label},
    )
    return release


def list_releases(
    session: Session, *, params: PageParams, status: CrspReleaseStatus | None
) -> tuple[list[CrspRelease], int]:
    """Releases, newest first."""
    return paginate(session, repository.releases_query(status), params=params)


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    summary: DiffSummary
    entries: list[DiffEntry]
    total: int


def release_diff(
    session: Session, *, label: str, kind: DiffKind | None, params: PageParams
) -> ReleaseDiff:
    """How a release differs from the live one (the live one: from the one it replaced)."""
    release = repository.by_label(session, label)
    if release is None:
        raise ReleaseNotFound(label)
    against = (
        repository.previous_of(session, release)
        if release.status is CrspReleaseStatus.LIVE
        else repository.live(session)
    )
    old = [] if against is None else repository.priced_cars(session, against.id)
    diff = compare(old, repository.priced_cars(session, release.id))
    entries = [entry for entry in diff.entries if kind is None or entry.kind is kind]
    return ReleaseDiff(
        summary=DiffSummary.of(diff, against),
        entries=entries[params.offset : params.offset + params.limit],
        total=len(entries),
    )
