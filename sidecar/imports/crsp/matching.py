"""Finding a car in the CRSP list from what people type: pure functions.

KRA's list is typed by hand: stray spaces ("HARRIER "), typos ("COROLLA FILEDER
HYBRID EX"), makes spelled its own way ("Mercedes", "Landrover", "Bmw") and hybrids
listed with Fuel = PETROL. A query matches a row when every word of it matches a
word of the model, in any order: the same word, its beginning ("fiel" for
"FIELDER"), or the same word with one letter wrong, missing, extra or swapped
(for words of four letters or more).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise

from sidecar.content.catalogue import match_key

# What people and our catalogue call a make -> the key of the make as KRA lists it.
MAKE_ALIASES: Mapping[str, str] = {
    "mercedesbenz": "mercedes",
    "benz": "mercedes",
    "vw": "volkswagen",
    "rangerover": "landrover",
    "ud": "nissandieselud",
    "udtrucks": "nissandieselud",
    "fuso": "mitsubishifuso",
    "iveco": "ivecodaily",
    "maruti": "marutisuzuki",
    "greatwallmotors": "greatwall",
    "saic": "saicmotors",
}
# How the catalogue spells the makes KRA writes its own way (keys as above).
MAKE_NAMES: Mapping[str, str] = {
    "mercedes": "Mercedes-Benz",
    "landrover": "Land Rover",
    "bmw": "BMW",
    "byd": "BYD",
    "faw": "FAW",
    "jac": "JAC",
    "man": "MAN",
    "rollsroyce": "Rolls-Royce",
    "greatwall": "Great Wall",
    "nissandieselud": "Nissan Diesel/UD",
    "mitsubishifuso": "Mitsubishi Fuso",
    "ivecodaily": "Iveco",
    "marutisuzuki": "Maruti Suzuki",
    "saicmotors": "SAIC Motor",
}
_WORD = re.compile(r"[A-Z0-9]+")
_FUZZY_FROM = 4  # shorter words must match exactly or as a beginning


def make_key(make: str) -> str:
    """The key of a make as KRA lists it: "Mercedes-Benz", "mercedes" -> "mercedes"."""
    key = match_key(make)
    return MAKE_ALIASES.get(key, key)


def make_name(listed: str) -> str:
    """How we write a make KRA lists as ``listed`` ("Landrover" -> "Land Rover")."""
    key = match_key(listed)
    return MAKE_NAMES.get(key, " ".join(word.capitalize() for word in listed.split()))


def effective_fuel(model: str, fuel: str | None) -> str | None:
    """The fuel a row really has: KRA lists many hybrids as PETROL ("... HYBRID EX")."""
    if fuel in (None, "petrol") and "HYBRID" in model.upper():
        return "hybrid"
    return fuel


def words(text: str) -> list[str]:
    """The words of a model or query, upper case, punctuation dropped ("CX-5" -> CX, 5)."""
    return _WORD.findall(text.upper())


class Quality(IntEnum):
    FUZZY = 1
    PREFIX = 2
    EXACT = 3


@dataclass(frozen=True, slots=True)
class ModelMatch:
    """How well a query matched a model: higher ``score`` first, then fewer extra words."""

    score: int
    extra_words: int

    @property
    def sort_key(self) -> tuple[int, int]:
        return (-self.score, self.extra_words)


@dataclass(frozen=True, slots=True)
class ModelWords:
    """A model's words, and its adjacent words joined ("CX5" for "CX-5", "LANDCRUISER")."""

    listed: tuple[str, ...]
    candidates: tuple[str, ...]

    @classmethod
    def of(cls, model: str) -> ModelWords:
        listed = tuple(words(model))
        return cls(listed, listed + tuple(a + b for a, b in pairwise(listed)))


def match_model(query: str, model: str | ModelWords) -> ModelMatch | None:
    """How ``query`` matches ``model``, or None when a word of it matches nothing."""
    return match_words(
        words(query), model if isinstance(model, ModelWords) else ModelWords.of(model)
    )


def match_words(wanted: list[str], model: ModelWords) -> ModelMatch | None:
    """``match_model`` with the query already split into words."""
    score = 0
    for word in wanted:
        found = [
            q for candidate in model.candidates if (q := _quality(word, candidate)) is not None
        ]
        if not found:
            return None
        score += max(found)
    return ModelMatch(score=score, extra_words=max(len(model.listed) - len(wanted), 0))


def quality(word: str, candidate: str) -> Quality | None:
    """How one query word matches one word of a model, or None."""
    return _quality(word, candidate)


def _quality(word: str, candidate: str) -> Quality | None:
    if word == candidate:
        return Quality.EXACT
    if candidate.startswith(word):
        return Quality.PREFIX
    if (
        len(word) >= _FUZZY_FROM
        and len(candidate) >= _FUZZY_FROM
        and one_edit_apart(word, candidate)
    ):
        return Quality.FUZZY
    return None


def one_edit_apart(a: str, b: str) -> bool:
    """True when one letter changed, added, dropped, or two neighbours swapped turn a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]
