"""The demo import requests: realistic, legal timelines, real estimates, idempotent."""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlalchemy import select

from sidecar.imports import demo
from sidecar.imports.transitions import check_transition
from sidecar.models import ImportRequest, ImportStatusEvent, User

DEMO_EMAILS = (
    "admin@gurumisha.co.ke",
    "wanjiku@gurumisha.co.ke",
    "otieno@gurumisha.co.ke",
    "sales@nairobi-imports.co.ke",
)


def demo_users(create_user) -> dict[str, User]:
    roles = {"admin@": "admin", "sales@": "vendor"}
    return {
        email: create_user(
            email=email, role=next((r for p, r in roles.items() if email.startswith(p)), "customer")
        )
        for email in DEMO_EMAILS
    }


def test_seed_covers_every_kind_of_state_and_is_idempotent(db, create_user) -> None:
    users = demo_users(create_user)

    with db.transaction() as session:
        added = demo.seed(session, users)
    with db.transaction() as session:
        again = demo.seed(session, users)

    assert (added, again) == (5, 0)
    with db.transaction() as session:
        rows = session.scalars(select(ImportRequest).order_by(ImportRequest.id)).all()
        assert len(rows) == 5
        assert {row.status for row in rows} == {
            "pending",
            "sourcing",
            "shipped",
            "delivered",
            "cancelled",
        }
        owners = {row.user_id for row in rows}
        assert owners == {users["wanjiku@gurumisha.co.ke"].id, users["otieno@gurumisha.co.ke"].id}
        for row in rows:
            events = session.scalars(
                select(ImportStatusEvent)
                .where(ImportStatusEvent.import_id == row.id)
                .order_by(ImportStatusEvent.id)
            ).all()
            assert events[0].from_status is None
            assert events[0].to_status == "pending"
            assert events[-1].to_status == row.status
            for before, after in itertools.pairwise(events):
                assert after.from_status == before.to_status
                check_transition(before.to_status, after.to_status)
                assert after.created_at > before.created_at
            assert row.updated_at == events[-1].created_at
            lines = [line for line in row.cost_breakdown["lines"] if not line["is_subtotal"]]
            assert sum(Decimal(line["amount"]) for line in lines) == row.estimated_cost
            assert row.cost_breakdown["budget"] == row.specs_json["budget"]


def test_seed_skips_missing_owners(db, create_user) -> None:
    users = demo_users(create_user)
    del users["otieno@gurumisha.co.ke"]
    with db.transaction() as session:
        assert demo.seed(session, users) == 3
