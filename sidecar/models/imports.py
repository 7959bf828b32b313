from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sidecar.models.base import Base, Money, created_at, enum_type, pk, updated_at


class ImportStatus(StrEnum):
    PENDING = "pending"
    SOURCING = "sourcing"
    SHIPPED = "shipped"
    ARRIVED = "arrived"
    CLEARED = "cleared"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class ImportRequest(Base):
    __tablename__ = "import_requests"
    __table_args__ = (
        Index("ix_import_requests_user_id_created_at", "user_id", "created_at"),
        Index("ix_import_requests_status_created_at", "status", "created_at"),
        Index("ix_import_requests_importer_id_created_at", "importer_id", "created_at"),
    )

    id: Mapped[int] = pk()
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    # The importer (a vendor) an admin gave the request to: only it and admins see and
    # move it.
    importer_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("vendors.id", ondelete="SET NULL")
    )
    specs_json: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # The CRSP release and row the estimate valued the car from (None: not in the list).
    # Releases are archived, never deleted, so an old estimate can always be explained.
    crsp_release_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("crsp_releases.id", ondelete="SET NULL")
    )
    crsp_row_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("crsp_rows.id", ondelete="SET NULL")
    )
    estimated_cost: Mapped[Money]
    cost_breakdown: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[ImportStatus] = mapped_column(
        enum_type(ImportStatus, name="status"), server_default="pending"
    )
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    # The timeline, in the order it happened (ids follow the row lock of each move).
    events: Mapped[list[ImportStatusEvent]] = relationship(
        lazy="raise", order_by="ImportStatusEvent.id"
    )


class ImportStatusEvent(Base):
    __tablename__ = "import_status_events"
    __table_args__ = (Index("ix_import_status_events_import_id", "import_id", "created_at"),)

    id: Mapped[int] = pk()
    import_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("import_requests.id", ondelete="CASCADE")
    )
    # The timeline has no CHECK of its own: its statuses are the request's.
    from_status: Mapped[ImportStatus | None] = mapped_column(
        enum_type(ImportStatus, name="from_status", check=False)
    )
    to_status: Mapped[ImportStatus] = mapped_column(
        enum_type(ImportStatus, name="to_status", check=False)
    )
    note: Mapped[str | None] = mapped_column(String(1000))
    actor_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at()
