"""Reading the audit trail (rows are written by ``sidecar.core.audit.record``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from sidecar.audit import repository
from sidecar.audit.schemas import AuditSort
from sidecar.core.errors import Unprocessable
from sidecar.core.pagination import PageParams, paginate
from sidecar.models import AuditLog


def list_logs(
    session: Session,
    *,
    params: PageParams,
    user_id: int | None = None,
    resource_type: str | None = None,
    resource_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    action: str | None = None,
    sort: AuditSort = "-timestamp",
) -> tuple[list[AuditLog], int]:
    """Lists audit rows, newest first, filtered; a time without a zone is UTC. An
    ``action`` ending in a dot is a prefix: ``car.`` is every car action."""
    since, until = _utc(since), _utc(until)
    if since and until and since > until:
        raise Unprocessable("'from' must not be after 'to'.")
    query = repository.list_query(
        user_id=user_id,
        resource_type=resource_type,
        resource_id=resource_id,
        since=since,
        until=until,
        action=action,
        sort=sort,
    )
    return paginate(session, query, params=params)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
