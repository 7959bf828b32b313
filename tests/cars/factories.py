"""Keyword-only factories for the cars tests; each commits its own transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sidecar.core.database import Database
from sidecar.media.keys import new_key
from sidecar.models import Car, MediaUpload, User


def create_car(
    db: Database,
    *,
    owner: User,
    status: str = "active",
    title: str = "Toyota Fielder 2017 hybrid",
    make: str = "Toyota",
    model: str = "Fielder",
    year: int = 2017,
    price: str = "1650000",
    mileage_km: int | None = 78000,
    images: list[str] | None = None,
    rejection_reason: str | None = None,
    created_at: datetime | None = None,
    fuel: str | None = None,
    location: str | None = None,
) -> int:
    with db.transaction() as session:
        car = Car(
            owner_id=owner.id,
            status=status,
            title=title,
            make=make,
            model=model,
            year=year,
            price=Decimal(price),
            mileage_km=mileage_km,
            description="Kenyan-used, Nairobi.",
            images=images or [],
            rejection_reason=rejection_reason,
            fuel=fuel,
            location=location,
        )
        if created_at is not None:
            car.created_at = created_at
        session.add(car)
        session.flush()
        return car.id


def issue_key(db: Database, *, user: User, content_type: str = "image/jpeg") -> str:
    """A key issued to ``user`` whose image is already stored (tests/media uploads for real)."""
    key = new_key(user_id=user.id, content_type=content_type)
    with db.transaction() as session:
        session.add(
            MediaUpload(
                user_id=user.id,
                key=key,
                content_type=content_type,
                max_bytes=1 << 20,
                stored_at=datetime.now(UTC),
            )
        )
    return key
