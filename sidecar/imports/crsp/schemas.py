"""CRSP rows and releases out of the API (snake_case); their query names (camelCase)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from sidecar.core.pagination import PageInfo, PageParams, build_page
from sidecar.imports.crsp.listing import DiffEntry, DiffKind
from sidecar.imports.crsp.service import ImportedRelease, ReleaseDiff
from sidecar.imports.rates import Fuel
from sidecar.models import CrspReleaseStatus

# The examples the report shows of KRA's exact duplicate rows.
MAX_DUPLICATE_EXAMPLES = 20


class CrspFilters(BaseModel):
    """Query parameters of ``GET /v1/imports/crsp`` (camelCase or snake_case)."""

    make: str | None = Field(default=None, min_length=1, max_length=60)
    q: str | None = Field(default=None, min_length=1, max_length=100, description="model words")
    engine_cc: int | None = Field(
        default=None,
        ge=1,
        le=20_000,
        validation_alias=AliasChoices("engineCc", "engine_cc"),
        description="rows within 100 cc of this size",
    )
    fuel: Fuel | None = None


class CrspCarOut(BaseModel):
    """A car of KRA's live list, as the search finds it; ``id`` is the estimate's crspId."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    make: str
    model: str
    transmission: str | None
    drive: str | None
    engine_cc: int | None
    body_type: str | None
    seating: str | None
    fuel: str | None
    crsp: Decimal
    release: str


class CrspReleaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    label: str
    effective_from: date
    status: CrspReleaseStatus
    source_file: str
    checksum: str
    row_count: int
    created_at: datetime
    published_at: datetime | None
    archived_at: datetime | None


class DuplicateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line: int
    same_as_line: int
    make: str
    model: str


class ImportReportOut(BaseModel):
    rows: int
    duplicates: int
    duplicate_examples: list[DuplicateOut]


class DiffSummaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    against: str | None
    added: int
    removed: int
    changed: int
    unchanged: int


class ImportedReleaseOut(BaseModel):
    """``POST /v1/imports/crsp/releases``: the draft, its file's report, its diff."""

    release: CrspReleaseOut
    report: ImportReportOut
    diff: DiffSummaryOut

    @classmethod
    def of(cls, imported: ImportedRelease) -> ImportedReleaseOut:
        duplicates = imported.listing.duplicates
        return cls(
            release=CrspReleaseOut.model_validate(imported.release),
            report=ImportReportOut(
                rows=len(imported.listing.rows),
                duplicates=len(duplicates),
                duplicate_examples=[
                    DuplicateOut.model_validate(duplicate)
                    for duplicate in duplicates[:MAX_DUPLICATE_EXAMPLES]
                ],
            ),
            diff=DiffSummaryOut.model_validate(imported.diff),
        )


class DiffEntryOut(BaseModel):
    kind: DiffKind
    make: str
    model: str
    transmission: str | None
    drive: str | None
    engine_cc: int | None
    body_type: str | None
    seating: str | None
    fuel: str | None
    old_crsp: Decimal | None
    new_crsp: Decimal | None

    @classmethod
    def of(cls, entry: DiffEntry) -> DiffEntryOut:
        car = entry.car
        return cls(
            kind=entry.kind,
            make=car.make,
            model=car.model,
            transmission=car.transmission,
            drive=car.drive,
            engine_cc=car.engine_cc,
            body_type=car.body_type,
            seating=car.seating,
            fuel=car.fuel,
            old_crsp=entry.old_crsp,
            new_crsp=entry.new_crsp,
        )


class ReleaseDiffOut(BaseModel):
    """``GET /v1/imports/crsp/releases/{label}/diff``: a page of the differences."""

    against: str | None
    summary: DiffSummaryOut
    data: list[DiffEntryOut]
    pagination: PageInfo

    @classmethod
    def of(cls, diff: ReleaseDiff, *, params: PageParams) -> ReleaseDiffOut:
        page = build_page([], params=params, total=diff.total)
        return cls(
            against=diff.summary.against,
            summary=DiffSummaryOut.model_validate(diff.summary),
            data=[DiffEntryOut.of(entry) for entry in diff.entries],
            pagination=PageInfo(**page["pagination"]),
        )
