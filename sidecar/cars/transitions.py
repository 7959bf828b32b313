"""The life of a listing, as pure functions: the current status in, the next one out.

    pending  --approve-->  active  --(sold through an order)-->  sold
    rejected --approve-->  active
    pending  --reject--->  rejected
    active   --reject--->  rejected
    active, rejected  --owner edits-->  pending

Cars start pending; only admins make them active. An owner's
edit sends an active or rejected car back to pending for review. A sold car is
final: no edit, approval or rejection (409). Approving an active car or rejecting a
rejected one is not a move either (409), so every approval or rejection that
succeeds is exactly one transition with one event.
"""

from __future__ import annotations

from sidecar.core.errors import Conflict
from sidecar.models import CarStatus


class IllegalCarTransition(Conflict):
    pass


def after_edit(current: CarStatus) -> CarStatus:
    """The status of a car once its owner changed it."""
    if current == CarStatus.SOLD:
        raise IllegalCarTransition("A sold car can no longer be edited.")
    return CarStatus.PENDING


def after_approval(current: CarStatus) -> CarStatus:
    """The status of a car an admin approves."""
    if current in (CarStatus.PENDING, CarStatus.REJECTED):
        return CarStatus.ACTIVE
    raise IllegalCarTransition(f"A {current} car cannot be approved.")


def after_rejection(current: CarStatus) -> CarStatus:
    """The status of a car an admin rejects."""
    if current in (CarStatus.PENDING, CarStatus.ACTIVE):
        return CarStatus.REJECTED
    raise IllegalCarTransition(f"A {current} car cannot be rejected.")
