"""Queries of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from sidecar.audit.schemas import AuditSort
from sidecar.models import AuditLog


def list_query(
    *,
    user_id: int | None,
    resource_type: str | None,
    resource_id: str | None,
    since: datetime | None,
    until: datetime | None,
    action: str | None = None,
    sort: AuditSort = "-timestamp",
) -> Select[Any]:
    """Audit rows matching the filters, newest (or oldest) first."""
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
    if action and action.endswith("."):
        query = query.where(AuditLog.action.startswith(action, autoescape=True))
    elif action:
        query = query.where(AuditLog.action == action)
    if sort == "timestamp":
        return query.order_by(AuditLog.timestamp.asc(), AuditLog.id.asc())
    return query.order_by(AuditLog.timestamp.desc(), AuditLog.id.desc())
