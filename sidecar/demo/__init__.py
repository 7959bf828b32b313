"""Demo data for `gurumisha dev` and `gurumisha seed-demo`: a Kenyan marketplace in use.

Everything is made through the real services, as the people in the story would
make it (so the audit trail and the outbox events are real), then backdated.
Loading twice adds nothing.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sidecar.core.security import PasswordHasher
from sidecar.demo import accounts, cars, imports, inquiries, orders, parts
from sidecar.demo.accounts import DEMO_LOGINS, DemoLogin
from sidecar.models import Vendor

__all__ = ["DEMO_LOGINS", "DemoLogin", "seed_demo"]


def seed_demo(session: Session, hasher: PasswordHasher) -> dict[str, int]:
    """Loads all demo data; running it again adds nothing."""
    people = accounts.seed(session, hasher)
    counts = {
        "users": len(people),
        "vendors": int(session.scalar(select(func.count()).select_from(Vendor)) or 0),
    }
    # Order matters: inquiries and orders are about parts.
    for name, seed in (
        ("cars", cars.seed),
        ("imports", imports.seed),
        ("parts", parts.seed),
        ("inquiries", inquiries.seed),
        ("orders", orders.seed),
    ):
        counts[name] = seed(session, people)
    return counts
