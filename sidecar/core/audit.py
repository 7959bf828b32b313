"""The audit trail's writer: one row per state change, in the change's own transaction.

Every domain records what a user changed here (reading the trail is the ``audit``
domain's API). The client address comes from the request context.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sidecar.core.context import current_request
from sidecar.models import AuditLog


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    resource_type: str,
    resource_id: int | str | None,
    changes: dict[str, Any] | None = None,
) -> AuditLog:
    """Adds an audit row to the current transaction."""
    context = current_request()
    entry = AuditLog(
        user_id=actor_id,
        action=action,
        resource_type=resource_type,
        resource_id=None if resource_id is None else str(resource_id),
        ip=context.client_ip if context else None,
        changes=changes,
    )
    session.add(entry)
    return entry
