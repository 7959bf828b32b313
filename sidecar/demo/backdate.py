"""Moving demo rows back in time, so a fresh demo looks like a marketplace in use.

The rows are made by the real services (with their audit trail) at load time; these
statements then give them, and the audit rows about them, the dates of the story.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from sidecar.models import (
    AuditLog,
    Car,
    ImportRequest,
    ImportStatusEvent,
    Inquiry,
    ItemType,
    OrderItem,
    Part,
)


def any_cars(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Car.id.is_not(None)))))


def any_imports(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(ImportRequest.id.is_not(None)))))


def any_parts(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Part.id.is_not(None)))))


def any_inquiries(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Inquiry.id.is_not(None)))))


def any_part_orders(session: Session) -> bool:
    """Orders of parts (the sold demo car comes with an order of its own)."""
    return bool(session.scalar(select(exists().where(OrderItem.item_type == ItemType.PART))))


def _audit(session: Session, resource_type: str, resource_id: int, moment: datetime) -> None:
    session.execute(
        update(AuditLog)
        .where(AuditLog.resource_type == resource_type)
        .where(AuditLog.resource_id == str(resource_id))
        .values(timestamp=moment)
    )


def car(session: Session, car_id: int, *, created_at: datetime, updated_at: datetime) -> None:
    session.execute(
        update(Car).where(Car.id == car_id).values(created_at=created_at, updated_at=updated_at)
    )
    _audit(session, "car", car_id, created_at)


def import_request(
    session: Session, import_id: int, *, created_at: datetime, event_times: list[datetime]
) -> None:
    """The request made at ``created_at``; its timeline events at ``event_times``, in order."""
    session.flush()
    event_ids = session.scalars(
        select(ImportStatusEvent.id)
        .where(ImportStatusEvent.import_id == import_id)
        .order_by(ImportStatusEvent.id)
    ).all()
    for event_id, moment in zip(event_ids, event_times, strict=True):
        session.execute(
            update(ImportStatusEvent)
            .where(ImportStatusEvent.id == event_id)
            .values(created_at=moment)
        )
    session.execute(
        update(ImportRequest)
        .where(ImportRequest.id == import_id)
        .values(created_at=created_at, updated_at=event_times[-1])
    )
    _audit(session, "import", import_id, created_at)


def inquiry(
    session: Session, inquiry_id: int, *, created_at: datetime, responded_at: datetime | None
) -> None:
    values: dict[str, datetime] = {"created_at": created_at}
    if responded_at is not None:
        values["responded_at"] = responded_at
    session.execute(update(Inquiry).where(Inquiry.id == inquiry_id).values(**values))
    _audit(session, "inquiry", inquiry_id, created_at)
