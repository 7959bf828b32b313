"""Demo import requests: two customers' cars at every stage of the journey.

Estimates come from the real calculator, dated the day each request was made. The
rows are written directly (not through the service), so loading the demo sends no
notifications and writes no audit trail for actions nobody took.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from sidecar.imports.rates import rates_in_force
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.imports.service import estimate_for, stored_specs
from sidecar.imports.transitions import check_transition
from sidecar.models import ImportRequest, ImportStatus, ImportStatusEvent, User

_IMPORTER = "sales@nairobi-imports.co.ke"
_ADMIN = "admin@gurumisha.co.ke"


@dataclass(frozen=True)
class _Move:
    to: ImportStatus
    after_days: int  # after the request was made
    note: str | None
    actor: str  # the email of who made the move


@dataclass(frozen=True)
class _DemoImport:
    owner: str
    make: str
    model: str
    year: int
    budget: int  # FOB, KES
    origin: str
    engine_cc: int | None
    fuel: str | None
    days_ago: int
    moves: tuple[_Move, ...] = ()


_DEMO_IMPORTS = (
    _DemoImport(
        owner="wanjiku@gurumisha.co.ke",
        make="Toyota",
        model="Harrier",
        year=2020,
        budget=2_650_000,
        origin="Japan",
        engine_cc=2000,
        fuel="petrol",
        days_ago=40,
        moves=(
            _Move(
                ImportStatus.SOURCING,
                2,
                "Found a 2020 Harrier 2.0 Premium, 38,000 km, auction grade 4.5 (USS Tokyo).",
                _IMPORTER,
            ),
            _Move(
                ImportStatus.SHIPPED,
                19,
                "Loaded at Yokohama on a ro-ro vessel; about 24 days to Mombasa.",
                _IMPORTER,
            ),
        ),
    ),
    _DemoImport(
        owner="wanjiku@gurumisha.co.ke",
        make="Mazda",
        model="CX-5",
        year=2021,
        budget=2_300_000,
        origin="United Kingdom",
        engine_cc=2191,
        fuel="diesel",
        days_ago=120,
        moves=(
            _Move(ImportStatus.SOURCING, 3, "Dealer stock in Birmingham, 41,000 miles.", _IMPORTER),
            _Move(ImportStatus.SHIPPED, 15, "Sailed from Southampton.", _IMPORTER),
            _Move(ImportStatus.ARRIVED, 49, "Discharged at Mombasa; KRA entry lodged.", _IMPORTER),
            _Move(ImportStatus.CLEARED, 55, "Duties paid and the car released by KRA.", _IMPORTER),
            _Move(
                ImportStatus.DELIVERED,
                60,
                "Handed over in Nairobi with plates and logbook.",
                _IMPORTER,
            ),
        ),
    ),
    _DemoImport(
        owner="wanjiku@gurumisha.co.ke",
        make="Toyota",
        model="Land Cruiser Prado",
        year=2021,
        budget=4_800_000,
        origin="Japan",
        engine_cc=2755,
        fuel="diesel",
        days_ago=2,
    ),
    _DemoImport(
        owner="otieno@gurumisha.co.ke",
        make="Subaru",
        model="Forester",
        year=2019,
        budget=1_550_000,
        origin="Japan",
        engine_cc=2000,
        fuel="petrol",
        days_ago=9,
        moves=(
            _Move(
                ImportStatus.SOURCING,
                1,
                "Three Forester 2.0i-L units shortlisted at Japanese auctions.",
                _IMPORTER,
            ),
        ),
    ),
    _DemoImport(
        owner="otieno@gurumisha.co.ke",
        make="Mercedes-Benz",
        model="C200",
        year=2020,
        budget=2_900_000,
        origin="UAE",
        engine_cc=1497,
        fuel="petrol",
        days_ago=70,
        moves=(
            _Move(ImportStatus.SOURCING, 2, "Inspecting two units in Dubai.", _IMPORTER),
            _Move(
                ImportStatus.CANCELLED,
                9,
                "Cancelled at the customer's request before purchase.",
                _ADMIN,
            ),
        ),
    ),
)


def seed(session: Session, users: dict[str, User]) -> int:
    """Adds the demo import requests unless there are any already; returns how many."""
    if session.scalar(select(exists().where(ImportRequest.id.is_not(None)))):
        return 0
    now = datetime.now(UTC)
    added = 0
    for demo in _DEMO_IMPORTS:
        owner = users.get(demo.owner)
        if owner is None:
            continue
        _add(session, demo, owner=owner, users=users, made_at=now - timedelta(days=demo.days_ago))
        added += 1
    session.flush()
    return added


def _add(
    session: Session, demo: _DemoImport, *, owner: User, users: dict[str, User], made_at: datetime
) -> None:
    """Writes one request, estimated on the day it was made, with its timeline."""
    on = made_at.date()
    # Keep the demo loadable in later years: the age rule moves on every 1 January.
    oldest = on.year - (rates_in_force(on).max_vehicle_age_years - 1)
    specs = ImportSpecsIn.model_validate(
        {
            "make": demo.make,
            "model": demo.model,
            "year": max(demo.year, oldest),
            "budget": Decimal(demo.budget),
            "originCountry": demo.origin,
            "engineCc": demo.engine_cc,
            "fuel": demo.fuel,
        }
    )
    estimate = estimate_for(specs, on=on)
    status = demo.moves[-1].to if demo.moves else ImportStatus.PENDING
    last_change = made_at + timedelta(days=demo.moves[-1].after_days) if demo.moves else made_at
    request = ImportRequest(
        user_id=owner.id,
        specs_json=stored_specs(specs),
        estimated_cost=estimate.total.quantize(Decimal("0.01")),
        cost_breakdown=estimate.to_dict(),
        status=status.value,
        created_at=made_at,
        updated_at=last_change,
    )
    session.add(request)
    session.flush()
    events = [
        ImportStatusEvent(
            import_id=request.id,
            from_status=None,
            to_status=ImportStatus.PENDING.value,
            actor_id=owner.id,
            created_at=made_at,
        )
    ]
    previous = ImportStatus.PENDING
    for move in demo.moves:
        check_transition(previous, move.to)  # the demo follows the same rules as the API
        actor = users.get(move.actor)
        events.append(
            ImportStatusEvent(
                import_id=request.id,
                from_status=previous.value,
                to_status=move.to.value,
                note=move.note,
                actor_id=actor.id if actor else None,
                created_at=made_at + timedelta(days=move.after_days),
            )
        )
        previous = move.to
    session.add_all(events)
