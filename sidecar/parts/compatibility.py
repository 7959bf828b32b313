"""Which cars a part fits: the stored form of a part's compatibility list, and its filter.

Each entry is stored as the vendor wrote it plus lower-case keys to match on:

    {"make": "Toyota", "model": "Fielder", "years": [2015, 2016],
     "make_key": "toyota", "model_key": "fielder"}

An entry without a model fits every model of its make (``model_key`` is ``"*"``); an
entry without years fits every year (no ``years``, ``"all_years": true``). Ranges
(year_from..year_to) are expanded to explicit lists on write, so a year filter is a
plain jsonb containment (``@>``) that the GIN ``jsonb_path_ops`` index answers. The
"any model" and "any year" entries add a few alternatives, OR-ed, each index-served.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ANY_MODEL = "*"
MIN_YEAR = 1950  # the same bounds as cars.year
MAX_YEAR = 2100
MAX_FILTER_LENGTH = 200


@dataclass(frozen=True)
class Fitment:
    """One validated compatibility entry: a make, optionally a model and years."""

    make: str
    model: str | None = None
    years: tuple[int, ...] | None = None


@dataclass(frozen=True)
class CompatibilityFilter:
    """The parsed ``compatibility`` query: ``make``, ``make:model`` or ``make:model:year``."""

    make_key: str
    model_key: str | None = None
    year: int | None = None


def clean_name(value: str) -> str:
    """Trims and collapses inner whitespace, keeping the vendor's capitalisation."""
    return " ".join(value.split())


def match_key(value: str) -> str:
    """The case-insensitive form makes and models are matched on."""
    return clean_name(value).casefold()


def to_stored(fitments: Iterable[Fitment]) -> list[dict[str, Any]]:
    """The jsonb list stored in ``parts.compatibility_json``; repeated entries are dropped."""
    stored: list[dict[str, Any]] = []
    for fitment in fitments:
        entry: dict[str, Any] = {"make": clean_name(fitment.make)}
        if fitment.model is not None:
            entry["model"] = clean_name(fitment.model)
        if fitment.years is not None:
            entry["years"] = sorted(set(fitment.years))
        entry["make_key"] = match_key(fitment.make)
        entry["model_key"] = match_key(fitment.model) if fitment.model is not None else ANY_MODEL
        if fitment.years is None:
            entry["all_years"] = True
        if entry not in stored:
            stored.append(entry)
    return stored


def to_public(stored: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries as the vendor wrote them, without the matching keys."""
    return [
        {"make": entry["make"], "model": entry.get("model"), "years": entry.get("years")}
        for entry in stored
    ]


def parse_filter(text: str) -> CompatibilityFilter:
    """Parses ``make[:model[:year]]``; raises ValueError with a message for the client."""
    if len(text) > MAX_FILTER_LENGTH:
        raise ValueError(f"compatibility may be at most {MAX_FILTER_LENGTH} characters")
    parts = text.split(":")
    if len(parts) > 3:
        raise ValueError("compatibility is make, make:model or make:model:year")
    make_key = match_key(parts[0])
    if not make_key:
        raise ValueError("compatibility needs a make, e.g. 'toyota' or 'toyota:fielder:2016'")
    model_key = match_key(parts[1]) if len(parts) > 1 else ""
    year: int | None = None
    if len(parts) == 3:
        raw_year = parts[2].strip()
        if not (raw_year.isascii() and raw_year.isdigit()):
            raise ValueError("the year in compatibility must be a number, e.g. toyota:fielder:2016")
        year = int(raw_year)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the year in compatibility must be {MIN_YEAR}-{MAX_YEAR}")
    return CompatibilityFilter(make_key=make_key, model_key=model_key or None, year=year)


def filter_keys(wanted: CompatibilityFilter) -> list[str]:
    """The ``parts.fitment_keys`` any of which a matching part has (migration 0014's
    ``part_fitment_keys`` spells each entry's keys: make; make|model; make||year;
    make|model|year, with ``*`` for any model or every year)."""
    make = wanted.make_key
    if wanted.model_key is None:
        return [make] if wanted.year is None else [f"{make}||{wanted.year}", f"{make}||*"]
    models = [wanted.model_key, ANY_MODEL]
    if wanted.year is None:
        return [f"{make}|{model}" for model in models]
    return [f"{make}|{model}|{year}" for model in models for year in (wanted.year, "*")]
