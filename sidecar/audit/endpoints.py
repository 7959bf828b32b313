from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from sidecar.audit import service
from sidecar.audit.schemas import AuditLogOut
from sidecar.auth.dependencies import AdminPrincipal
from sidecar.core.database import SessionDep
from sidecar.core.pagination import Page, PageDep, build_page
from sidecar.http.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/audit-logs", tags=["audit"])


@router.get("", response_model=Page[AuditLogOut])
def list_audit_logs(
    session: SessionDep,
    _: AdminPrincipal,
    params: PageDep,
    user: Annotated[int | None, Query(alias="user", ge=1)] = None,
    resource_type: Annotated[str | None, Query(alias="resource_type", max_length=64)] = None,
    resource_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Audit rows, newest first (admin)."""
    rows, total = service.list_logs(
        session,
        params=params,
        user_id=user,
        resource_type=resource_type,
        resource_id=resource_id,
        since=since,
        until=until,
    )
    return build_page(rows, params=params, total=total)
