"""The audit trail: one row per state change, in the change's own transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sidecar.errors import Unprocessable
from sidecar.models import AuditLog
from sidecar.pagination import PageParams, paginate
from sidecar.request_context import current_request


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


def list_logs(
    session: Session,
    *,
    params: PageParams,
    user_id: int | None = None,
    resource_type: str | None = None,
    resource_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[AuditLog], int]:
    """Lists audit rows, newest first, filtered; a time without a zone is UTC."""
    since, until = _utc(since), _utc(until)
    if since and until and since > until:
        raise Unprocessable("'from' must not be after 'to'.")
    query: Select[Any] = select(AuditLog)
    if user_id is not None:
        query = query.where(AuditLog.user_id == user_id)
    if resource_type:
        query = query.where(AuditLog.resource_type == resource_type)
    if resource_id:
        query = query.where(AuditLog.resource_id == resource_id)
    if since:
        query = query.where(AuditLog.timestamp >= since)
    if until:
        query = query.where(AuditLog.timestamp < until)
    query = query.order_by(AuditLog.timestamp.desc(), AuditLog.id.desc())
    return paginate(session, query, params=params)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
