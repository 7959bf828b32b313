"""Queries of the imports domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import Session, selectinload

from sidecar.auth.principal import Principal
from sidecar.models import ImportRequest, ImportStatus


def handles_imports(principal: Principal) -> bool:
    """Admins and approved vendors (our importing partners) handle every request."""
    return principal.is_admin or principal.is_approved_vendor


def visible_to(principal: Principal) -> ColumnElement[bool]:
    """A customer sees their own requests; import staff see them all."""
    if handles_imports(principal):
        return true()
    return ImportRequest.user_id == principal.id


def list_query(*, viewer: Principal, status: ImportStatus | None) -> Select[Any]:
    """The requests ``viewer`` may see, newest first, with their timelines."""
    query: Select[Any] = (
        select(ImportRequest).options(selectinload(ImportRequest.events)).where(visible_to(viewer))
    )
    if status is not None:
        query = query.where(ImportRequest.status == status)
    return query.order_by(ImportRequest.created_at.desc(), ImportRequest.id.desc())


def get(session: Session, import_id: int, *, viewer: Principal) -> ImportRequest | None:
    """One request with its timeline, if ``viewer`` may see it."""
    return session.scalar(
        select(ImportRequest)
        .options(selectinload(ImportRequest.events))
        .where(ImportRequest.id == import_id, visible_to(viewer))
    )


def lock(session: Session, import_id: int) -> ImportRequest | None:
    """The request, row-locked and re-read: a concurrent move waits here, then checks
    against the status that move wrote."""
    return session.scalar(
        select(ImportRequest)
        .where(ImportRequest.id == import_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def owner_of(session: Session, import_id: int) -> int | None:
    return session.scalar(select(ImportRequest.user_id).where(ImportRequest.id == import_id))


def with_timeline(session: Session, request: ImportRequest) -> ImportRequest:
    """``request`` with its events (re)loaded."""
    session.flush()
    reloaded = session.scalar(
        select(ImportRequest)
        .options(selectinload(ImportRequest.events))
        .where(ImportRequest.id == request.id)
        .execution_options(populate_existing=True)
    )
    return reloaded if reloaded is not None else request
