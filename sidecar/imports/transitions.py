"""Which status moves an import may make: a pure rule, data in and data out.

An import moves forward along pending -> sourcing -> shipped -> arrived -> cleared ->
delivered. Forward skips are allowed (the original platform moved imports straight
from pending to shipped and from shipped to delivered). It may be cancelled while
nothing has left port yet (pending or sourcing). It never moves backwards, never
"moves" to the status it already has, and never leaves delivered or cancelled.
"""

from __future__ import annotations

from sidecar.core.errors import Conflict
from sidecar.models.imports import ImportStatus

# The journey, in order; a move goes to any later step.
JOURNEY: tuple[ImportStatus, ...] = (
    ImportStatus.PENDING,
    ImportStatus.SOURCING,
    ImportStatus.SHIPPED,
    ImportStatus.ARRIVED,
    ImportStatus.CLEARED,
    ImportStatus.DELIVERED,
)
# Once the car is on a ship the money is spent: no cancelling from shipped onwards.
CANCELLABLE: frozenset[ImportStatus] = frozenset({ImportStatus.PENDING, ImportStatus.SOURCING})
FINAL: frozenset[ImportStatus] = frozenset({ImportStatus.DELIVERED, ImportStatus.CANCELLED})


class IllegalImportTransition(Conflict):
    """The requested status move breaks the rules above (409)."""

    def __init__(self, current: ImportStatus, target: ImportStatus, reason: str) -> None:
        super().__init__(
            f"An import cannot move from '{current}' to '{target}': {reason}",
            errors=[{"field": "status", "message": reason}],
        )
        self.current = current
        self.target = target


def allowed_targets(current: ImportStatus | str) -> frozenset[ImportStatus]:
    """Returns every status an import in ``current`` may move to."""
    status = ImportStatus(current)
    if status in FINAL:
        return frozenset()
    later = JOURNEY[JOURNEY.index(status) + 1 :]
    cancel = {ImportStatus.CANCELLED} if status in CANCELLABLE else set()
    return frozenset(later) | cancel


def ordered_targets(current: ImportStatus | str) -> list[ImportStatus]:
    """``allowed_targets`` in journey order, cancelled last (what a person is offered)."""
    targets = allowed_targets(current)
    order = [*JOURNEY, ImportStatus.CANCELLED]
    return [status for status in order if status in targets]


def check_transition(current: ImportStatus | str, target: ImportStatus | str) -> None:
    """Raises IllegalImportTransition unless an import may move from ``current`` to ``target``."""
    source, goal = ImportStatus(current), ImportStatus(target)
    if goal in allowed_targets(source):
        return
    if source == goal:
        reason = f"it is already '{source}'."
    elif source in FINAL:
        reason = f"'{source}' is final; no further status changes are possible."
    elif goal is ImportStatus.CANCELLED:
        reason = "an import can only be cancelled before it is shipped (pending or sourcing)."
    else:
        reason = "statuses only move forward: " + " -> ".join(JOURNEY) + "."
    raise IllegalImportTransition(source, goal, reason)
