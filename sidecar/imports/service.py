"""Import requests: the landed-cost estimate, the request itself, its status journey.

Who sees what: a customer sees their own requests; approved vendors (our importing
partners) and admins see and move every request. A request someone may not see is a
404; a request they may see but not move is a 403. Every status move is written to
the timeline, the outbox (to tell the customer) and the audit log, in the request's
transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from sidecar.audit import service as audit
from sidecar.content import service as catalogue
from sidecar.errors import Forbidden, NotFound, Unprocessable
from sidecar.imports.landed_cost import ImportSpecs, LandedCostEstimate, estimate_landed_cost
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.imports.transitions import check_transition
from sidecar.models import ImportRequest, ImportStatus, ImportStatusEvent, Role, User, Vendor
from sidecar.notifications import outbox
from sidecar.pagination import PageParams, paginate

# Kenya keeps East Africa Time (UTC+3) all year. The age rule turns over on 1 January
# in Nairobi, not in UTC.
_EAT = timezone(timedelta(hours=3), "EAT")
_CENTS = Decimal("0.01")
# The calculator names fields as ImportSpecs does; the API as the request body does.
_REQUEST_FIELDS = {"origin_country": "originCountry", "engine_cc": "engineCc"}


class ImportNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such import request.")


class ImportStatusForbidden(Forbidden):
    """The caller may see the import but not move it."""


def kenya_today() -> date:
    """Returns today's date in Nairobi."""
    return datetime.now(UTC).astimezone(_EAT).date()


def stored_specs(specs: ImportSpecsIn) -> dict[str, Any]:
    """Returns the specs as ``specs_json`` holds them: snake_case, money as a string."""
    return {
        "make": specs.make,
        "model": specs.model,
        "year": specs.year,
        "budget": f"{specs.budget:.2f}",
        "origin_country": specs.origin_country,
        "engine_cc": specs.engine_cc,
        "fuel": specs.fuel,
    }


def estimate_import(*, specs: ImportSpecsIn, on: date | None = None) -> dict[str, Any]:
    """Estimates the landed cost of the car in ``specs`` without saving anything."""
    estimate = estimate_for(specs, on=on)
    return {"specs": stored_specs(specs), **_estimate_fields(estimate.to_dict())}


def create_import(
    session: Session, *, user: User, specs: ImportSpecsIn, on: date | None = None
) -> dict[str, Any]:
    """Saves an import request, pending, with its estimate and first timeline event."""
    estimate = estimate_for(specs, on=on)
    match = catalogue.normalise_vehicle(session, specs.make, specs.model)
    stored = stored_specs(specs) | {
        "make": match.make,
        "model": match.model,
        "catalogue_unknown": not match.known,
    }
    request = ImportRequest(
        user_id=user.id,
        specs_json=stored,
        estimated_cost=estimate.total.quantize(_CENTS),
        cost_breakdown=estimate.to_dict(),
        status=ImportStatus.PENDING.value,
    )
    session.add(request)
    session.flush()
    session.add(
        ImportStatusEvent(
            import_id=request.id,
            from_status=None,
            to_status=ImportStatus.PENDING.value,
            actor_id=user.id,
        )
    )
    audit.record(
        session,
        actor_id=user.id,
        action="import.create",
        resource_type="import",
        resource_id=request.id,
        changes={"status": ImportStatus.PENDING.value, "estimated_cost": f"{estimate.total:.2f}"},
    )
    session.flush()
    return _import_out(request, _timelines(session, [request.id])[request.id])


def list_imports(
    session: Session, *, viewer: User, params: PageParams, status: ImportStatus | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Lists import requests, newest first, with timelines: the viewer's own, or all for staff."""
    query: Select[Any] = select(ImportRequest)
    if not _is_staff(session, viewer):
        query = query.where(ImportRequest.user_id == viewer.id)
    if status is not None:
        query = query.where(ImportRequest.status == status.value)
    query = query.order_by(ImportRequest.created_at.desc(), ImportRequest.id.desc())
    rows, total = paginate(session, query, params=params)
    timelines = _timelines(session, [row.id for row in rows])
    return [_import_out(row, timelines[row.id]) for row in rows], total


def get_import(session: Session, *, viewer: User, import_id: int) -> dict[str, Any]:
    """Returns one import request with its timeline, if the viewer may see it."""
    request = session.get(ImportRequest, import_id)
    if request is None or not (request.user_id == viewer.id or _is_staff(session, viewer)):
        raise ImportNotFound()
    return _import_out(request, _timelines(session, [request.id])[request.id])


def change_status(
    session: Session,
    *,
    actor: User,
    import_id: int,
    target: ImportStatus,
    note: str | None = None,
) -> dict[str, Any]:
    """Moves an import to ``target`` if the journey allows it; records, notifies, audits."""
    if not _is_staff(session, actor):
        _refuse_status_change(session, actor=actor, import_id=import_id)
    # The row lock makes check-then-move atomic: a concurrent move waits here and
    # then checks against the status this one wrote.
    request = session.scalar(
        select(ImportRequest)
        .where(ImportRequest.id == import_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise ImportNotFound()
    current = ImportStatus(request.status)
    check_transition(current, target)

    note = note or None
    event = ImportStatusEvent(
        import_id=request.id,
        from_status=current.value,
        to_status=target.value,
        note=note,
        actor_id=actor.id,
    )
    session.add(event)
    request.status = target.value
    session.flush()
    outbox.emit(
        session,
        kind="import.status_changed",
        payload={
            "import_id": request.id,
            "user_id": request.user_id,
            "from_status": current.value,
            "to_status": target.value,
            "note": note,
        },
        dedupe_key=f"import.status:{request.id}:{event.id}",
    )
    audit.record(
        session,
        actor_id=actor.id,
        action="import.status_change",
        resource_type="import",
        resource_id=request.id,
        changes={"from_status": current.value, "to_status": target.value, "note": note},
    )
    return _import_out(request, _timelines(session, [request.id])[request.id])


def _refuse_status_change(session: Session, *, actor: User, import_id: int) -> None:
    """Raises the right refusal for someone who may not move imports: 403, or 404 if unseen."""
    if actor.role == Role.VENDOR:
        raise ImportStatusForbidden("Your vendor account is awaiting approval.")
    owner_id = session.scalar(select(ImportRequest.user_id).where(ImportRequest.id == import_id))
    if owner_id is not None and owner_id == actor.id:
        raise ImportStatusForbidden(
            "Only our import team (approved vendors and admins) updates an import's status."
        )
    raise ImportNotFound()


def _is_staff(session: Session, user: User) -> bool:
    """Admins and approved vendors handle every import request."""
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.VENDOR:
        return False
    return bool(session.scalar(select(Vendor.approved).where(Vendor.user_id == user.id)))


def estimate_for(specs: ImportSpecsIn, *, on: date | None) -> LandedCostEstimate:
    """Runs the calculator; its field errors are renamed to the request's fields."""
    try:
        return estimate_landed_cost(
            ImportSpecs(
                make=specs.make,
                model=specs.model,
                year=specs.year,
                budget=specs.budget,
                origin_country=specs.origin_country,
                engine_cc=specs.engine_cc,
                fuel=specs.fuel,
            ),
            on=on or kenya_today(),
        )
    except Unprocessable as exc:
        errors = [
            {
                "field": "specs." + _REQUEST_FIELDS.get(error["field"], error["field"]),
                "message": error["message"],
            }
            for error in exc.errors or []
        ]
        raise Unprocessable(exc.detail, errors=errors) from exc


def _estimate_fields(breakdown: dict[str, Any]) -> dict[str, Any]:
    """The estimate as the API shows it; the budget check is repeated at the top level."""
    return {
        "estimated_cost": Decimal(breakdown["total"]),
        "cost_breakdown": breakdown,
        "over_budget": bool(breakdown.get("over_budget", False)),
        "budget_message": str(breakdown.get("budget_message", "")),
    }


def _timelines(session: Session, import_ids: list[int]) -> dict[int, list[ImportStatusEvent]]:
    """Returns each import's events in the order they happened (ids follow the row lock)."""
    timelines: dict[int, list[ImportStatusEvent]] = {import_id: [] for import_id in import_ids}
    if import_ids:
        events = session.scalars(
            select(ImportStatusEvent)
            .where(ImportStatusEvent.import_id.in_(import_ids))
            .order_by(ImportStatusEvent.id)
        )
        for event in events:
            timelines[event.import_id].append(event)
    return timelines


def _import_out(request: ImportRequest, timeline: list[ImportStatusEvent]) -> dict[str, Any]:
    """Shapes an import request for ``ImportOut``."""
    return {
        "id": request.id,
        "user_id": request.user_id,
        "specs": request.specs_json,
        "status": request.status,
        **_estimate_fields(request.cost_breakdown),
        "estimated_cost": request.estimated_cost,
        "created_at": request.created_at,
        "updated_at": request.updated_at,
        "timeline": timeline,
    }
