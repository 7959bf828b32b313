from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, String, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sidecar.models.base import Base, created_at, pk
from sidecar.models.users import User


class VendorKind(StrEnum):
    PARTS = "parts"  # lists spare parts, answers inquiries, fulfils parts orders
    IMPORTER = "importer"  # handles the import requests an admin assigns to it


VENDOR_KINDS_CHECK = "kinds <@ ARRAY['parts', 'importer']::varchar[] AND cardinality(kinds) > 0"


class Vendor(Base):
    __tablename__ = "vendors"
    __table_args__ = (CheckConstraint(VENDOR_KINDS_CHECK, name="kinds"),)

    id: Mapped[int] = pk()
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    company_name: Mapped[str] = mapped_column(String(200))
    approved: Mapped[bool] = mapped_column(Boolean, server_default="false")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kinds: Mapped[list[str]] = mapped_column(
        ARRAY(String(16)), server_default=text("ARRAY['parts']::varchar[]")
    )
    created_at: Mapped[datetime] = created_at()

    user: Mapped[User] = relationship(lazy="raise")
