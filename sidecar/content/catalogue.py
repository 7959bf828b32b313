"""Matching what people type against the make/model catalogue: pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueEntry:
    document_id: str
    name: str | None
    slug: str | None


@dataclass(frozen=True)
class VehicleMatch:
    make: str
    model: str
    known: bool


def match_key(value: str) -> str:
    """Case-, space- and punctuation-insensitive: "Mercedes Benz" == "mercedes-benz"."""
    return re.sub(r"[\W_]+", "", value.casefold())


def slugify(value: str) -> str:
    """The slug Strapi derives from a name ("Land Cruiser" -> "land-cruiser")."""
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")


def clean(value: str) -> str:
    """Trims and collapses inner whitespace."""
    return " ".join(value.split())


def find(entries: list[CatalogueEntry], value: str) -> CatalogueEntry | None:
    """The entry whose name or slug matches ``value``, ignoring case and punctuation."""
    key = match_key(value)
    if not key:
        return None
    for entry in entries:
        if key in (match_key(entry.name or ""), match_key(entry.slug or "")):
            return entry
    return None
