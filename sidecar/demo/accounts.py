"""The demo accounts: an admin, two customers, two approved vendors and one waiting.

Created through the accounts and vendors services (so their audit rows and the
vendor-approval events are real); each distinct password is hashed once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sidecar.auth import repository as accounts
from sidecar.auth import service as auth
from sidecar.auth.principal import Principal
from sidecar.auth.schemas import RegisterIn
from sidecar.core.security import PasswordHasher
from sidecar.models import Language, Role
from sidecar.vendors import service as vendors

ADMIN = "admin@gurumisha.co.ke"
WANJIKU = "wanjiku@gurumisha.co.ke"
OTIENO = "otieno@gurumisha.co.ke"
MOMBASA = "parts@mombasa-autospares.co.ke"
NAIROBI = "sales@nairobi-imports.co.ke"
KISUMU = "new@kisumu-motors.co.ke"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: Role
    note: str


DEMO_LOGINS = (
    DemoLogin(ADMIN, "Admin#Demo2026", Role.ADMIN, "approves cars and vendors"),
    DemoLogin(WANJIKU, "Customer#Demo2026", Role.CUSTOMER, "buys, sells, imports"),
    DemoLogin(OTIENO, "Customer#Demo2026", Role.CUSTOMER, "a second customer"),
    DemoLogin(MOMBASA, "Vendor#Demo2026", Role.VENDOR, "approved vendor"),
    DemoLogin(NAIROBI, "Vendor#Demo2026", Role.VENDOR, "approved importer"),
    DemoLogin(KISUMU, "Vendor#Demo2026", Role.VENDOR, "awaiting approval"),
)


@dataclass(frozen=True)
class _Profile:
    full_name: str
    phone: str | None
    company: str | None = None
    approved: bool = False
    language: Language = Language.EN


_PROFILES = {
    ADMIN: _Profile("Amina Admin", "+254700000001"),
    WANJIKU: _Profile("Wanjiku Kamau", "+254712345678"),
    OTIENO: _Profile("Otieno Ochieng", "+254722000111", language=Language.SW),
    MOMBASA: _Profile("Hassan Ali", "+254733000222", "Mombasa Auto Spares", approved=True),
    NAIROBI: _Profile("Grace Njeri", "+254701000333", "Nairobi Imports Ltd", approved=True),
    KISUMU: _Profile("Peter Odhiambo", None, "Kisumu Motors"),
}

People = dict[str, Principal]


def seed(session: Session, hasher: PasswordHasher) -> People:
    """Creates the demo accounts that do not exist yet; returns all of them by email."""
    hashes: dict[str, str] = {}

    def hashed(password: str) -> str:
        if password not in hashes:
            hashes[password] = hasher.hash(password)
        return hashes[password]

    admin_login = DEMO_LOGINS[0]
    if accounts.find_by_email(session, admin_login.email) is None:
        user, _ = auth.create_or_promote_admin(
            session, email=admin_login.email, password=admin_login.password, hasher=hasher
        )
        user.full_name, user.phone = _PROFILES[ADMIN].full_name, _PROFILES[ADMIN].phone
    people: People = {}
    for login in DEMO_LOGINS:
        existing = accounts.find_by_email(session, login.email)
        if existing is None:
            profile = _PROFILES[login.email]
            auth.create_account(
                session,
                data=RegisterIn.model_validate(
                    {
                        "email": login.email,
                        "password": login.password,
                        "role": login.role,
                        "full_name": profile.full_name,
                        "phone": profile.phone,
                        "whatsapp_opt_in": profile.phone is not None,
                        "language": profile.language,
                        "company_name": profile.company,
                    }
                ),
                password_hash=hashed(login.password),
            )
        people[login.email] = _principal(session, login.email)
    admin = people[ADMIN]
    for email, profile in _PROFILES.items():
        vendor = people[email].vendor
        if profile.approved and vendor is not None and not vendor.approved:
            vendors.approve_vendor(session, vendor_id=vendor.id, admin=admin)
    return people


def _principal(session: Session, email: str) -> Principal:
    user = accounts.find_by_email(session, email)
    principal = accounts.principal_for(session, user.id) if user else None
    if principal is None:
        raise LookupError(f"demo account {email} is missing")
    return principal
