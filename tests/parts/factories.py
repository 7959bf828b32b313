"""Factories for parts tests: keyword-only, writing rows directly."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sidecar.core.database import Database
from sidecar.models import Part, User, Vendor
from sidecar.parts.compatibility import to_stored
from sidecar.parts.schemas import CompatibilityIn

_skus = itertools.count(1)


def vendor_id_of(db: Database, user: User) -> int:
    with db.transaction() as session:
        vendor_id = session.scalar(select(Vendor.id).where(Vendor.user_id == user.id))
    assert vendor_id is not None
    return vendor_id


def create_part(
    db: Database,
    *,
    vendor: User,
    name: str = "Front brake pads",
    sku: str | None = None,
    compatibility: Iterable[dict[str, Any]] = (),
    price: str = "4500.00",
    stock: int = 10,
) -> int:
    """Inserts a part for ``vendor`` (any approval state) and returns its id."""
    fitments = [CompatibilityIn.model_validate(entry).fitment() for entry in compatibility]
    with db.transaction() as session:
        part = Part(
            vendor_id=session.scalar(select(Vendor.id).where(Vendor.user_id == vendor.id)),
            name=name,
            sku=sku or f"SKU-{next(_skus):05d}",
            compatibility_json=to_stored(fitments),
            price=Decimal(price),
            stock=stock,
        )
        session.add(part)
        session.flush()
        return part.id


def stock_of(db: Database, part_id: int) -> int:
    with db.transaction() as session:
        part = session.get(Part, part_id)
        assert part is not None
        return part.stock
