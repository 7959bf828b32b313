"""CRSP releases: the search of the live list, the row an estimate uses, new releases.

A release is loaded as a draft (checked as a whole: a bad file stores nothing and the
live release stays as it was), compared with the live one, then published: it becomes
live and the one before is archived, never deleted, since estimates cite their row.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from sidecar.content import service as catalogue
from sidecar.core import audit, clock
from sidecar.core.errors import Conflict, NotFound, Unprocessable
from sidecar.core.pagination import PageParams, paginate
from sidecar.imports.crsp import repository
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
from sidecar.imports.crsp.matching import (
    ModelMatch,
    ModelWords,
    effective_fuel,
    make_key,
    make_name,
    match_words,
    quality,
    words,
)
from sidecar.imports.landed_cost import CrspEntry
from sidecar.models import CrspRelease, CrspReleaseStatus

# engineCc finds rows within this many cc: people say 1500 for KRA's 1496.
ENGINE_CC_TOLERANCE = 100
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


@dataclass(frozen=True, slots=True, kw_only=True)
class CrspCar:
    """A row as the search and the estimate show it."""

    id: int
    make: str
    model: str
    transmission: str | None
    drive: str | None
    engine_cc: int | None
    body_type: str | None
    seating: str | None
    fuel: str | None  # effective: hybrids KRA lists as PETROL say hybrid
    crsp: Decimal
    release: str
    release_id: int

    def to_dict(self) -> dict[str, Any]:
        """The row as an estimate's breakdown lists its alternatives (JSON-ready)."""
        return {
            "id": self.id,
            "make": self.make,
            "model": self.model,
            "engine_cc": self.engine_cc,
            "fuel": self.fuel,
            "body_type": self.body_type,
            "crsp": f"{self.crsp:.2f}",
            "release": self.release,
        }

    def entry(self) -> CrspEntry:
        return CrspEntry(
            row_id=self.id,
            release=self.release,
            make=self.make,
            model=self.model,
            engine_cc=self.engine_cc,
            fuel=self.fuel,
            crsp=self.crsp,
        )


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
    found = _ranked(session, live, make=make, q=q, engine_cc=engine_cc, fuel=fuel)
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
        return Choice(_car(session, found, live.label, {}), "crsp_id", (), live.label, None)
    if live is None or not make or not model:
        return Choice(None, None, (), None, None)
    ranked = _ranked(session, live, make=make, q=model, engine_cc=None, fuel=None)
    if not ranked:
        return Choice(None, None, (), live.label, None)
    # Of the rows matching every word as well: the nearest engine size (to 100 cc: KRA
    # writes 1496 and 1498 for one engine), the fuel asked for, the fewest extra words,
    # then (so the estimate is not too low) the higher CRSP.
    best = ranked.rows[0][0].score
    tied = [(found, car) for found, car in ranked.pairs() if found.score == best]
    tied.sort(
        key=lambda pair: (
            _cc_distance(pair[1].engine_cc, engine_cc) // ENGINE_CC_TOLERANCE,
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


@dataclass(frozen=True, slots=True)
class _Indexed:
    """A row as the search scores it, its model split into words once."""

    row: Any
    make_key: str
    fuel: str | None
    model: ModelWords


@dataclass(frozen=True, slots=True)
class _Index:
    """A release's rows, and which rows each distinct model word is in."""

    rows: list[_Indexed]
    by_word: dict[str, list[int]]  # a word (or two joined) -> positions in ``rows``

    def matching(self, wanted: list[str]) -> dict[int, ModelMatch]:
        """The rows every word of ``wanted`` matches, with how well (5,277 rows hold a
        few thousand distinct words: each is compared once, not once per row)."""
        total: dict[int, int] | None = None
        for word in wanted:
            best: dict[int, int] = {}
            for candidate, positions in self.by_word.items():
                found = quality(word, candidate)
                if found is None:
                    continue
                for position in positions:
                    if best.get(position, 0) < found:
                        best[position] = found
            total = (
                best
                if total is None
                else {p: total[p] + best[p] for p in total.keys() & best.keys()}
            )
        return {
            position: ModelMatch(score, max(len(self.rows[position].model.listed) - len(wanted), 0))
            for position, score in (total or {}).items()
        }


# The index of the last releases searched, by release id. A release's rows never
# change once loaded, so this needs no invalidation: publishing makes another id live.
# Scoring all 5,277 rows this way takes milliseconds where reading and comparing every
# row again took over a hundred.
_INDEX: OrderedDict[tuple[int, str], _Index] = OrderedDict()
_INDEX_LOCK = threading.Lock()
_INDEXED_RELEASES = 2
_COMPARE_ROWS_UP_TO = 1000


def _indexed(session: Session, release: CrspRelease) -> _Index:
    # The checksum too: another database (a test's, a benchmark's) may reuse an id.
    key = (release.id, release.checksum)
    with _INDEX_LOCK:
        if key in _INDEX:
            _INDEX.move_to_end(key)
            return _INDEX[key]
    rows = [
        _Indexed(row, row.make_key, effective_fuel(row.model, row.fuel), ModelWords.of(row.model))
        for row in repository.rows_of(session, release.id)
    ]
    by_word: dict[str, list[int]] = {}
    for position, indexed in enumerate(rows):
        for candidate in set(indexed.model.candidates):
            by_word.setdefault(candidate, []).append(position)
    index = _Index(rows, by_word)
    with _INDEX_LOCK:
        _INDEX[key] = index
        while len(_INDEX) > _INDEXED_RELEASES:
            _INDEX.popitem(last=False)
    return index


def _ranked(
    session: Session,
    live: CrspRelease,
    *,
    make: str | None,
    q: str | None,
    engine_cc: int | None,
    fuel: str | None,
) -> _Ranked:
    """The live rows matching, best first (the catalogue's spelling of the make is
    looked up only for the rows shown)."""
    wanted_make = None if make is None else make_key(make)
    wanted = words(q) if q else []
    index = _indexed(session, live)
    positions = [
        position
        for position, indexed in enumerate(index.rows)
        if (wanted_make is None or indexed.make_key == wanted_make)
        and (fuel is None or indexed.fuel == fuel)
        and (
            engine_cc is None
            or (
                indexed.row.engine_cc is not None
                and abs(indexed.row.engine_cc - engine_cc) <= ENGINE_CC_TOLERANCE
            )
        )
    ]
    # Few rows (one make, say): compare each; many: compare each distinct word once.
    if wanted and len(positions) > _COMPARE_ROWS_UP_TO:
        by_words = index.matching(wanted)
        matches = {p: by_words[p] for p in positions if p in by_words}
    else:
        matches = {}
        for position in positions:
            found = match_words(wanted, index.rows[position].model) if wanted else ModelMatch(0, 0)
            if found is not None:
                matches[position] = found
    scored: list[tuple[tuple[Any, ...], ModelMatch, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for position, found in sorted(matches.items()):
        row = index.rows[position].row
        # KRA lists some cars twice, identically: show each once.
        identity = tuple(row[2:])  # every column but the id and release
        if identity in seen:
            continue
        seen.add(identity)
        cc = _cc_distance(row.engine_cc, engine_cc)
        scored.append(((*found.sort_key, cc, row.make, row.model, row.crsp, row.id), found, row))
    scored.sort(key=lambda item: item[0])
    return _Ranked(session, live.label, [(found, row) for _, found, row in scored])


class _Ranked:
    """Ranked rows of one release, made into cars (with the catalogue's make) on demand."""

    def __init__(self, session: Session, release: str, rows: list[tuple[ModelMatch, Any]]):
        self._session = session
        self._release = release
        self._names: dict[str, str] = {}
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def pairs(self) -> list[tuple[ModelMatch, CrspCar]]:
        """Every row with how it matched, as cars."""
        return [
            (found, _car(self._session, row, self._release, self._names))
            for found, row in self.rows
        ]

    def cars(self, start: int = 0, stop: int | None = None) -> list[CrspCar]:
        return [
            _car(self._session, row, self._release, self._names) for _, row in self.rows[start:stop]
        ]


def _cc_distance(listed: int | None, wanted: int | None) -> int:
    """How far a row's engine is from the one asked for (a row without one: far)."""
    if wanted is None:
        return 0
    return abs(listed - wanted) if listed else 10_000


def _car(session: Session, row: Any, release: str, names: dict[str, str]) -> CrspCar:
    """A row with the make as our catalogue spells it (one lookup per make)."""
    if row.make not in names:
        names[row.make] = catalogue.canonical_make(session, make_name(row.make))
    return CrspCar(
        id=row.id,
        make=names[row.make],
        model=row.model,
        transmission=row.transmission,
        drive=row.drive,
        engine_cc=row.engine_cc,
        body_type=row.body_type,
        seating=row.seating,
        fuel=effective_fuel(row.model, row.fuel),
        crsp=row.crsp,
        release=release,
        release_id=row.release_id,
    )


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
