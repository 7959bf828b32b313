"""Demo import requests: two customers' cars at every stage of the journey.

Each request is made and moved through the imports service (its car found in KRA's
CRSP list by the search, estimated by the real calculator on the day it was made,
with its timeline, audit rows and the customer's notifications), then backdated to
the days of its story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from sidecar.core import clock
from sidecar.core.pagination import PageParams
from sidecar.demo import backdate
from sidecar.demo.accounts import ADMIN as _ADMIN
from sidecar.demo.accounts import NAIROBI as _IMPORTER
from sidecar.demo.accounts import People
from sidecar.imports import service as imports
from sidecar.imports.crsp import service as crsp
from sidecar.imports.rates import rates_in_force
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.models import ImportStatus


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
    listed_as: str  # the car's model in KRA's CRSP list, as a customer picks it in the search
    moves: tuple[_Move, ...] = ()


_DEMO_IMPORTS = (
    _DemoImport(
        owner="wanjiku@gurumisha.co.ke",
        make="Toyota",
        model="Harrier",
        listed_as="HARRIER",
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
        listed_as="CX-5 XD",
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
        listed_as="LAND CRUISER PRADO TX",
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
        listed_as="FORESTER 2.0I-L EYESIGHT",
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
        listed_as="C-CLASS C200 AVANTGARDE AMG LINE",
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


def seed(session: Session, people: People) -> int:
    """Adds the demo import requests unless there are any already; returns how many."""
    if backdate.any_imports(session):
        return 0
    now = clock.utcnow()
    added = 0
    for demo in _DEMO_IMPORTS:
        if demo.owner not in people:
            continue
        _add(session, demo, people=people, made_at=now - timedelta(days=demo.days_ago))
        added += 1
    return added


def _add(session: Session, demo: _DemoImport, *, people: People, made_at: datetime) -> None:
    """Makes one request, estimated on the day it was made, and walks its timeline."""
    on = made_at.date()
    # Keep the demo loadable in later years: the age rule moves on every 1 January.
    oldest = on.year - (rates_in_force(on).max_vehicle_age_years - 1)
    # The customer found the car in KRA's list first, as the storefront has them do.
    found, _ = crsp.search(
        session,
        make=demo.make,
        q=demo.listed_as,
        engine_cc=demo.engine_cc,
        fuel=None,
        params=PageParams(page=1, limit=1),
    )
    specs = ImportSpecsIn.model_validate(
        {
            "crspId": found[0].id if found else None,
            "make": demo.make,
            "model": demo.model,
            "year": max(demo.year, oldest),
            "budget": Decimal(demo.budget),
            "originCountry": demo.origin,
            "engineCc": demo.engine_cc,
            "fuel": demo.fuel,
        }
    )
    request = imports.create_import(session, principal=people[demo.owner], specs=specs, on=on)
    if demo.moves:  # handled by our importing partner, as the admin assigned it
        importer = people[_IMPORTER]
        if importer.vendor_id is not None:
            imports.assign_importer(
                session, admin=people[_ADMIN], import_id=request.id, vendor_id=importer.vendor_id
            )
    for move in demo.moves:
        imports.change_status(
            session,
            actor=people[move.actor],
            import_id=request.id,
            target=move.to,
            note=move.note,
        )
    backdate.import_request(
        session,
        request.id,
        created_at=made_at,
        event_times=[made_at, *(made_at + timedelta(days=m.after_days) for m in demo.moves)],
    )
