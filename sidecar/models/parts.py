from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sidecar.models.base import Base, Money, created_at, pk, unique_conflict, updated_at
from sidecar.models.vendors import Vendor

SKU_CONSTRAINT = unique_conflict(
    "uq_parts_vendor_id_sku", "This vendor already lists a part with that SKU."
)


class Part(Base):
    __tablename__ = "parts"
    __table_args__ = (
        UniqueConstraint(
            "vendor_id",
            "sku",
            name=SKU_CONSTRAINT,
        ),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price > 0", name="price_positive"),
        # The compatibility search: fitment_keys && the filter's keys (migration 0014).
        Index("ix_parts_fitment_keys", "fitment_keys", postgresql_using="gin"),
        # Built-in full-text search (pg_trgm is not in every PostgreSQL we run).
        Index("ix_parts_search", "search", postgresql_using="gin"),
    )

    id: Mapped[int] = pk()
    vendor_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("vendors.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str] = mapped_column(String(64))
    compatibility_json: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    # What a compatibility search can ask of it, kept by PostgreSQL from the list above
    # (part_fitment_keys, migration 0014; parts.compatibility.filter_keys asks).
    fitment_keys: Mapped[list[str]] = mapped_column(
        ARRAY(Text),
        Computed("part_fitment_keys(compatibility_json)", persisted=True),
        deferred=True,  # searched, never shown
    )
    price: Mapped[Money]
    stock: Mapped[int] = mapped_column(Integer, server_default="0")
    # Storage keys of its photos (POST /v1/media/uploads), in the vendor's order.
    images: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    search: Mapped[str] = mapped_column(
        TSVECTOR, Computed("to_tsvector('simple', name)", persisted=True)
    )
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    vendor: Mapped[Vendor] = relationship(lazy="raise")
