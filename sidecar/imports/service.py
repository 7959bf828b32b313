"""Import requests: the landed-cost estimate, requests by customers, status moves by staff.

Who sees what (``repository.visible_to``): a customer sees their own requests; an
importer (an approved vendor of that kind) sees and moves the requests an admin
assigned to it; admins see and move every request. A request someone may not see is
a 404; one they may see but not move is a 403. Every
status move is written to the timeline, the outbox (to tell the customer) and the
audit log, in the request's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.content import service as catalogue
from sidecar.core import audit, clock, outbox
from sidecar.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from sidecar.core.events import ImportAssigned, ImportStatusChanged
from sidecar.core.pagination import PageParams, paginate
from sidecar.imports import notes, repository
from sidecar.imports.breakdown import ImportSpecs, LandedCostEstimate
from sidecar.imports.crsp import service as crsp
from sidecar.imports.landed_cost import estimate_landed_cost
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.imports.transitions import FINAL, check_transition
from sidecar.models import EventKind, ImportRequest, ImportStatus, ImportStatusEvent, VendorKind

_CENTS = Decimal("0.01")
# The calculator names fields as ImportSpecs does; the API as the request body does.
_REQUEST_FIELDS = {"origin_country": "originCountry", "engine_cc": "engineCc"}


class ImportNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such import request.")


class ImportStatusForbidden(Forbidden):
    """The caller may see the import but not move it."""


@dataclass(frozen=True)
class Estimate:
    """An estimate not saved anywhere: the specs as stored, and the breakdown."""

    specs: dict[str, Any]
    estimated_cost: Decimal
    cost_breakdown: dict[str, Any]


@dataclass(frozen=True)
class Valued:
    """The calculator's estimate and the CRSP row it valued the car from."""

    estimate: LandedCostEstimate
    choice: crsp.Choice

    def breakdown(self) -> dict[str, Any]:
        """``cost_breakdown``: the estimate, with how its CRSP row was found."""
        breakdown = self.estimate.to_dict()
        breakdown["valuation"] |= {
            "matched_by": self.choice.matched_by,
            "alternatives": [car.to_dict() for car in self.choice.alternatives],
        }
        if self.choice.warning:
            breakdown["warnings"] = [self.choice.warning, *breakdown["warnings"]]
        return breakdown

    def specs(self, specs: ImportSpecsIn) -> dict[str, Any]:
        """The specs as stored: the car's names from its CRSP row when not typed."""
        stored = specs.stored()
        car = self.choice.car
        if car is not None and (specs.make is None or specs.model is None):
            stored |= {"make": car.make, "model": car.model}
        return stored


def estimate_import(session: Session, *, specs: ImportSpecsIn, on: date | None = None) -> Estimate:
    """Estimates the landed cost of the car in ``specs`` without saving anything."""
    valued = estimate_for(session, specs, on=on)
    return Estimate(
        specs=valued.specs(specs),
        estimated_cost=valued.estimate.total,
        cost_breakdown=valued.breakdown(),
    )


def create_import(
    session: Session, *, principal: Principal, specs: ImportSpecsIn, on: date | None = None
) -> ImportRequest:
    """Saves an import request, pending, with its estimate and first timeline event;
    it records the CRSP release and row the car was valued from."""
    valued = estimate_for(session, specs, on=on)
    stored = valued.specs(specs)
    match = catalogue.normalise_vehicle(session, stored["make"], stored["model"])
    stored |= {"make": match.make, "model": match.model, "catalogue_unknown": not match.known}
    car = valued.choice.car
    request = ImportRequest(
        user_id=principal.id,
        specs_json=stored,
        crsp_release_id=None if car is None else car.release_id,
        crsp_row_id=None if car is None else car.id,
        estimated_cost=valued.estimate.total.quantize(_CENTS),
        cost_breakdown=valued.breakdown(),
        status=ImportStatus.PENDING,
    )
    session.add(request)
    session.flush()
    session.add(
        ImportStatusEvent(
            import_id=request.id,
            from_status=None,
            to_status=ImportStatus.PENDING,
            actor_id=principal.id,
        )
    )
    audit.record(
        session,
        actor_id=principal.id,
        action="import.create",
        resource_type="import",
        resource_id=request.id,
        changes={
            "status": ImportStatus.PENDING.value,
            "estimated_cost": f"{valued.estimate.total:.2f}",
            "crsp_row_id": request.crsp_row_id,
        },
    )
    return repository.with_timeline(session, request)


def list_imports(
    session: Session,
    *,
    viewer: Principal,
    params: PageParams,
    status: ImportStatus | None = None,
    assigned: bool = False,
) -> tuple[list[ImportRequest], int]:
    """Lists import requests, newest first, with timelines: the viewer's own and those
    assigned to them (``assigned``: only those), or all for admins."""
    query = repository.list_query(viewer=viewer, status=status, assigned=assigned)
    return paginate(session, query, params=params)


def get_import(session: Session, *, viewer: Principal, import_id: int) -> ImportRequest:
    """Returns one import request with its timeline, if the viewer may see it."""
    request = repository.get(session, import_id, viewer=viewer)
    if request is None:
        raise ImportNotFound()
    return request


def change_status(
    session: Session,
    *,
    actor: Principal,
    import_id: int,
    target: ImportStatus,
    note: str | None = None,
) -> ImportRequest:
    """Moves an import to ``target`` if the journey allows it; records, notifies, audits.

    The importer assigned to the request and admins move it; its customer sees it but
    may not (403); anyone else cannot see it (404).
    """
    request = repository.lock(session, import_id, viewer=actor)
    if request is None:
        raise ImportNotFound()
    if not repository.may_move(actor, request):
        raise ImportStatusForbidden(
            "Only the importer handling this import, or an admin, updates its status."
        )
    current = ImportStatus(request.status)
    check_transition(current, target)

    note = notes.for_customer(note, by_admin=actor.is_admin)
    event = ImportStatusEvent(
        import_id=request.id,
        from_status=current,
        to_status=target,
        note=note,
        actor_id=actor.id,
    )
    session.add(event)
    request.status = target
    session.flush()
    outbox.emit(
        session,
        kind=EventKind.IMPORT_STATUS_CHANGED,
        payload=ImportStatusChanged(
            import_id=request.id,
            user_id=request.user_id,
            from_status=current,
            to_status=target,
            note=note,
        ),
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
    return repository.with_timeline(session, request)


class NotAnImporter(Unprocessable):
    def __init__(self, vendor_id: int) -> None:
        detail = f"Vendor {vendor_id} is not an approved importer."
        super().__init__(detail, errors=[{"field": "vendorId", "message": detail}])


class ImportClosed(Conflict):
    def __init__(self, status: ImportStatus) -> None:
        super().__init__(f"A {status} import can no longer be handed to an importer.")


def assign_importer(
    session: Session, *, admin: Principal, import_id: int, vendor_id: int
) -> ImportRequest:
    """Gives a request to an approved importer (admins); it alone (and admins) may then
    see and move it. The importer is told."""
    request = repository.lock(session, import_id, viewer=admin)
    if request is None:
        raise ImportNotFound()
    if ImportStatus(request.status) in FINAL:
        raise ImportClosed(ImportStatus(request.status))
    vendor = repository.importer(session, vendor_id)
    if vendor is None or not vendor.approved or VendorKind.IMPORTER not in vendor.kinds:
        raise NotAnImporter(vendor_id)
    previous = request.importer_id
    if previous == vendor.id:
        return repository.with_timeline(session, request)
    request.importer_id = vendor.id
    session.flush()
    entry = audit.record(
        session,
        actor_id=admin.id,
        action="import.assign",
        resource_type="import",
        resource_id=request.id,
        changes={"importer_id": vendor.id, "from": previous},
    )
    session.flush()
    outbox.emit(
        session,
        kind=EventKind.IMPORT_ASSIGNED,
        payload=ImportAssigned(import_id=request.id, vendor_id=vendor.id),
        dedupe_key=f"import.assigned:{request.id}:{entry.id}",
    )
    return repository.with_timeline(session, request)


def estimate_for(session: Session, specs: ImportSpecsIn, *, on: date | None) -> Valued:
    """Finds the car's CRSP row and runs the calculator; its field errors are renamed to
    the request's fields."""
    choice = crsp.choose(
        session,
        crsp_id=specs.crsp_id,
        make=specs.make,
        model=specs.model,
        engine_cc=specs.engine_cc,
        fuel=specs.fuel,
    )
    try:
        estimate = estimate_landed_cost(
            ImportSpecs(
                year=specs.year,
                month=specs.month,
                budget=specs.budget,
                origin_country=specs.origin_country,
                engine_cc=specs.engine_cc,
                fuel=specs.fuel,
                route=specs.route,
                price_basis=specs.price_basis,
                crsp=None if choice.car is None else choice.car.entry(),
                crsp_release=choice.release,
            ),
            on=on or clock.nairobi_today(),
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
    return Valued(estimate, choice)
