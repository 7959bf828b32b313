"""Factories for inquiries tests."""

from __future__ import annotations

from sidecar.core.database import Database
from sidecar.models import Inquiry, User


def create_inquiry(
    db: Database,
    *,
    user: User,
    part_id: int,
    quantity: int = 1,
    message: str = "Is this still available?",
    status: str = "new",
) -> int:
    with db.transaction() as session:
        inquiry = Inquiry(
            user_id=user.id, part_id=part_id, quantity=quantity, message=message, status=status
        )
        session.add(inquiry)
        session.flush()
        return inquiry.id
