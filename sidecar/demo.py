"""Demo data for `gurumisha dev` and `gurumisha seed-demo`: idempotent, Kenyan market."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.auth.service import find_by_email
from sidecar.models import Role, User, Vendor
from sidecar.security import PasswordHasher


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    note: str


DEMO_LOGINS = (
    DemoLogin("admin@gurumisha.co.ke", "Admin#Demo2026", "admin", "approves cars and vendors"),
    DemoLogin("wanjiku@gurumisha.co.ke", "Customer#Demo2026", "customer", "buys, sells, imports"),
    DemoLogin("otieno@gurumisha.co.ke", "Customer#Demo2026", "customer", "a second customer"),
    DemoLogin("parts@mombasa-autospares.co.ke", "Vendor#Demo2026", "vendor", "approved vendor"),
    DemoLogin("sales@nairobi-imports.co.ke", "Vendor#Demo2026", "vendor", "approved importer"),
    DemoLogin("new@kisumu-motors.co.ke", "Vendor#Demo2026", "vendor", "awaiting approval"),
)

_PROFILES = {
    "admin@gurumisha.co.ke": ("Amina Admin", "+254700000001", None, True),
    "wanjiku@gurumisha.co.ke": ("Wanjiku Kamau", "+254712345678", None, True),
    "otieno@gurumisha.co.ke": ("Otieno Ochieng", "+254722000111", None, False),
    "parts@mombasa-autospares.co.ke": ("Hassan Ali", "+254733000222", "Mombasa Auto Spares", True),
    "sales@nairobi-imports.co.ke": ("Grace Njeri", "+254701000333", "Nairobi Imports Ltd", True),
    "new@kisumu-motors.co.ke": ("Peter Odhiambo", None, "Kisumu Motors", False),
}


def seed_users(session: Session, hasher: PasswordHasher) -> dict[str, User]:
    """Creates the demo accounts that do not exist yet; returns all of them by email."""
    users: dict[str, User] = {}
    for login in DEMO_LOGINS:
        user = find_by_email(session, login.email)
        full_name, phone, company, flag = _PROFILES[login.email]
        if user is None:
            user = User(
                email=login.email,
                password_hash=hasher.hash(login.password),
                role=login.role,
                full_name=full_name,
                phone=phone,
                whatsapp_opt_in=bool(phone) and login.role != Role.ADMIN,
                language="sw" if login.email.startswith("otieno") else "en",
                is_active=True,
            )
            session.add(user)
            session.flush()
            if company:
                session.add(Vendor(user_id=user.id, company_name=company, approved=flag))
                session.flush()
        users[login.email] = user
    return users


def seed_demo(session: Session, hasher: PasswordHasher) -> dict[str, int]:
    """Loads all demo data; running it again adds nothing."""
    from sidecar.cars import demo as cars_demo
    from sidecar.imports import demo as imports_demo
    from sidecar.inquiries import demo as inquiries_demo
    from sidecar.orders import demo as orders_demo
    from sidecar.parts import demo as parts_demo

    users = seed_users(session, hasher)
    counts = {"users": len(users), "vendors": len(session.scalars(select(Vendor)).all())}
    # Order matters: inquiries and orders refer to parts.
    domains = (
        ("cars", cars_demo.seed),
        ("imports", imports_demo.seed),
        ("parts", parts_demo.seed),
        ("inquiries", inquiries_demo.seed),
        ("orders", orders_demo.seed),
    )
    for name, seed in domains:
        counts[name] = seed(session, users)
    return counts
