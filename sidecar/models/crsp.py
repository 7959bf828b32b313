"""KRA's CRSP lists, as versioned releases of rows (sidecar/imports/crsp/)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, Money, created_at, enum_type, pk, unique_conflict

LABEL_CONSTRAINT = unique_conflict("uq_crsp_releases_label", "A CRSP release has this label.")


class CrspReleaseStatus(StrEnum):
    DRAFT = "draft"  # loaded and checked, not used by estimates yet
    LIVE = "live"  # the one release estimates and the search use
    ARCHIVED = "archived"  # replaced by a newer release; kept, estimates still cite it


class CrspRelease(Base):
    __tablename__ = "crsp_releases"
    __table_args__ = (
        UniqueConstraint("label", name=LABEL_CONSTRAINT),
        # At most one live release at any moment.
        Index(
            "ix_crsp_releases_one_live",
            "status",
            unique=True,
            postgresql_where=text("status = 'live'"),
        ),
    )

    id: Mapped[int] = pk()
    label: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[date] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(200))
    checksum: Mapped[str] = mapped_column(String(80))
    status: Mapped[CrspReleaseStatus] = mapped_column(
        enum_type(CrspReleaseStatus, name="status"), server_default="draft"
    )
    row_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CrspRow(Base):
    __tablename__ = "crsp_rows"
    __table_args__ = (Index("ix_crsp_rows_release_id_make_key", "release_id", "make_key"),)

    id: Mapped[int] = pk()
    release_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("crsp_releases.id", ondelete="CASCADE")
    )
    line: Mapped[int] = mapped_column(Integer)  # in the source file, the header being 1
    make: Mapped[str] = mapped_column(String(60))
    make_key: Mapped[str] = mapped_column(String(60))  # matching.make_key(make)
    model: Mapped[str] = mapped_column(String(200))
    transmission: Mapped[str | None] = mapped_column(String(60))
    drive: Mapped[str | None] = mapped_column(String(20))
    engine_cc: Mapped[int | None] = mapped_column(Integer)
    body_type: Mapped[str | None] = mapped_column(String(40))
    seating: Mapped[str | None] = mapped_column(String(40))
    fuel: Mapped[str | None] = mapped_column(String(40))
    crsp: Mapped[Money]
    # The row's values as the file had them, for traceability.
    source_row: Mapped[dict[str, str]] = mapped_column(JSONB)
