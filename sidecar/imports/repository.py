"""Queries of the imports domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select, true
from sqlalchemy.orm import Session, selectinload

from sidecar.auth.principal import Principal
from sidecar.models import ImportRequest, ImportStatus, Vendor


def may_move(principal: Principal, request: ImportRequest) -> bool:
    """Admins move any request; an importer moves the ones assigned to it."""
    if principal.is_admin:
        return True
    return principal.is_importer and request.importer_id == principal.vendor_id


def visible_to(principal: Principal) -> ColumnElement[bool]:
    """A customer sees their own requests; an importer also those assigned to it;
    admins see them all."""
    if principal.is_admin:
        return true()
    own = ImportRequest.user_id == principal.id
    if principal.is_importer:
        return or_(own, ImportRequest.importer_id == principal.vendor_id)
    return own


def list_query(*, viewer: Principal, status: ImportStatus | None, assigned: bool) -> Select[Any]:
    """The requests ``viewer`` may see, newest first, with their timelines; ``assigned``:
    only those assigned to the viewer as importer (an importer's work, not their own)."""
    query: Select[Any] = (
        select(ImportRequest).options(selectinload(ImportRequest.events)).where(visible_to(viewer))
    )
    if status is not None:
        query = query.where(ImportRequest.status == status)
    if assigned:
        mine = viewer.vendor_id if viewer.is_importer else None
        query = query.where(ImportRequest.importer_id == mine if mine is not None else false())
    return query.order_by(ImportRequest.created_at.desc(), ImportRequest.id.desc())


def get(session: Session, import_id: int, *, viewer: Principal) -> ImportRequest | None:
    """One request with its timeline, if ``viewer`` may see it."""
    return session.scalar(
        select(ImportRequest)
        .options(selectinload(ImportRequest.events))
        .where(ImportRequest.id == import_id, visible_to(viewer))
    )


def lock(session: Session, import_id: int, *, viewer: Principal) -> ImportRequest | None:
    """The request if ``viewer`` may see it, row-locked and re-read: a concurrent move
    waits here, then checks against the status that move wrote."""
    return session.scalar(
        select(ImportRequest)
        .where(ImportRequest.id == import_id, visible_to(viewer))
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def importer(session: Session, vendor_id: int) -> Vendor | None:
    return session.get(Vendor, vendor_id)


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
