"""Factories for parts tests, and the cast of users every endpoint is tried with."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sidecar.core.database import Database
from sidecar.models import Part, User, Vendor
from sidecar.parts.compatibility import to_stored
from sidecar.parts.schemas import CompatibilityIn

_skus = itertools.count(1)


@dataclass(frozen=True)
class Cast:
    """One user per role an endpoint must tell apart (anonymous is simply no user)."""

    customer: User
    other_customer: User
    unapproved_vendor: User
    vendor: User
    other_vendor: User
    admin: User

    def by_role(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = (
    "anonymous",
    "customer",
    "other_customer",
    "unapproved_vendor",
    "vendor",
    "other_vendor",
    "admin",
)


def make_cast(create_user: Callable[..., User]) -> Cast:
    return Cast(
        customer=create_user(role="customer"),
        other_customer=create_user(role="customer"),
        unapproved_vendor=create_user(role="vendor", approved=False, company_name="Kisumu Motors"),
        vendor=create_user(role="vendor", company_name="Mombasa Auto Spares"),
        other_vendor=create_user(role="vendor", company_name="Nairobi Imports Ltd"),
        admin=create_user(role="admin"),
    )


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
