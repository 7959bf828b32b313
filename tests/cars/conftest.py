from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from sidecar.models import User, Vendor


@dataclass
class Cast:
    """One user per role; ``owner`` (a customer) owns the cars under test."""

    owner: User
    other_customer: User
    unapproved_vendor: User
    approved_vendor: User
    admin: User
    auth: Callable[[User], dict[str, str]]

    def headers(self, role: str) -> dict[str, str]:
        return {} if role == "anonymous" else self.auth(getattr(self, role))


@pytest.fixture
def cast(db, auth_headers) -> Cast:
    # One transaction for the five users (they sign in with tokens, not passwords).
    roles = {
        "owner": ("customer", None),
        "other_customer": ("customer", None),
        "unapproved_vendor": ("vendor", False),
        "approved_vendor": ("vendor", True),
        "admin": ("admin", None),
    }
    users: dict[str, User] = {}
    with db.transaction() as session:
        for name, (role, approved) in roles.items():
            user = User(
                email=f"{name}-{uuid.uuid4().hex[:8]}@example.co.ke",
                password_hash="!unusable",
                role=role,
                full_name=name.replace("_", " ").title(),
            )
            session.add(user)
            session.flush()
            if approved is not None:
                session.add(Vendor(user_id=user.id, company_name=f"{name} Ltd", approved=approved))
            users[name] = user
    return Cast(**users, auth=auth_headers)
