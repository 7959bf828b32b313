"""Searching a CRSP release: an in-process index of its rows, ranked for a query.

The rows of a release are read once per process and kept (a release never changes
once loaded); a query is scored against them in Python, since the matching KRA's
spellings need (any word order, one-letter typos) is not something PostgreSQL's
built-in search does, and pg_trgm is not in every PostgreSQL we run.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from sidecar.content import service as catalogue
from sidecar.core.cache import Lru
from sidecar.imports.breakdown import CrspEntry
from sidecar.imports.crsp import repository
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
from sidecar.models import CrspRelease

# engineCc finds rows within this many cc: people say 1500 for KRA's 1496.
ENGINE_CC_TOLERANCE = 100


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
class _Indexed:
    """A row as the search scores it, its model split into words once."""

    row: Any
    make_key: str
    fuel: str | None
    model: ModelWords


# Ranked queries remembered per release index: (make key, words, engine cc, fuel).
_RankedKey = tuple[str | None, tuple[str, ...], int | None, str | None]
_RANKED_QUERIES = 4096


@dataclass(frozen=True, slots=True)
class _Index:
    """A release's rows, which rows each distinct model word and each make is in, and
    the queries ranked so far (a release never changes, so neither do their answers:
    an estimate of a Fielder asked a thousand times is scored once)."""

    rows: list[_Indexed]
    by_word: dict[str, list[int]]  # a word (or two joined) -> positions in ``rows``
    by_make: dict[str, list[int]]  # a make key -> positions in ``rows``
    ranked: Lru[_RankedKey, list[tuple[ModelMatch, Any]]] = field(
        default_factory=lambda: Lru(_RANKED_QUERIES)
    )

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
    by_make: dict[str, list[int]] = {}
    for position, indexed in enumerate(rows):
        by_make.setdefault(indexed.make_key, []).append(position)
        for candidate in set(indexed.model.candidates):
            by_word.setdefault(candidate, []).append(position)
    index = _Index(rows, by_word, by_make)
    with _INDEX_LOCK:
        _INDEX[key] = index
        while len(_INDEX) > _INDEXED_RELEASES:
            _INDEX.popitem(last=False)
    return index


def ranked(
    session: Session,
    live: CrspRelease,
    *,
    make: str | None,
    q: str | None,
    engine_cc: int | None,
    fuel: str | None,
) -> Ranked:
    """The live rows matching, best first (the catalogue's spelling of the make is
    looked up only for the rows shown)."""
    wanted_make = None if make is None else make_key(make)
    wanted = words(q) if q else []
    index = _indexed(session, live)
    key: _RankedKey = (wanted_make, tuple(wanted), engine_cc, fuel)
    rows = index.ranked.get(key)
    if rows is None:
        rows = _rank(index, wanted_make, wanted, engine_cc, fuel)
        index.ranked.put(key, rows)
    return Ranked(session, live.label, rows)


def _rank(
    index: _Index,
    wanted_make: str | None,
    wanted: list[str],
    engine_cc: int | None,
    fuel: str | None,
) -> list[tuple[ModelMatch, Any]]:
    candidates = (
        range(len(index.rows)) if wanted_make is None else index.by_make.get(wanted_make, [])
    )
    positions = [
        position
        for position in candidates
        if (fuel is None or index.rows[position].fuel == fuel)
        and (
            engine_cc is None
            or (
                index.rows[position].row.engine_cc is not None
                and abs(index.rows[position].row.engine_cc - engine_cc) <= ENGINE_CC_TOLERANCE
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
        cc = cc_distance(row.engine_cc, engine_cc)
        scored.append(((*found.sort_key, cc, row.make, row.model, row.crsp, row.id), found, row))
    scored.sort(key=lambda item: item[0])
    return [(found, row) for _, found, row in scored]


class Ranked:
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
            (found, car_of(self._session, row, self._release, self._names))
            for found, row in self.rows
        ]

    def cars(self, start: int = 0, stop: int | None = None) -> list[CrspCar]:
        return [
            car_of(self._session, row, self._release, self._names)
            for _, row in self.rows[start:stop]
        ]


def cc_distance(listed: int | None, wanted: int | None) -> int:
    """How far a row's engine is from the one asked for (a row without one: far)."""
    if wanted is None:
        return 0
    return abs(listed - wanted) if listed else 10_000


def car_of(session: Session, row: Any, release: str, names: dict[str, str]) -> CrspCar:
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
