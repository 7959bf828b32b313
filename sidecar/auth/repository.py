"""Queries of the accounts domain: users, vendor profiles, refresh tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.models import RefreshToken, User, Vendor


def find_by_email(session: Session, email: str) -> User | None:
    """Gets a user by email, ignoring case."""
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def vendor_of(session: Session, user_id: int) -> Vendor | None:
    """Gets the vendor profile of a user, if any."""
    return session.scalar(select(Vendor).where(Vendor.user_id == user_id))


def principal_for(session: Session, user_id: int) -> Principal | None:
    """The user and their vendor profile, in one query."""
    row = session.execute(
        select(User, Vendor).outerjoin(Vendor, Vendor.user_id == User.id).where(User.id == user_id)
    ).one_or_none()
    return Principal(row.User, row.Vendor) if row is not None else None


def principal_in_session(
    session: Session, user_id: int, session_id: uuid.UUID, now: datetime
) -> Principal | None:
    """The user, their vendor profile, and whether the login is still live — one query.

    A login is live while its family holds an unrevoked, unexpired refresh token;
    logout and reuse revocation end it, and with it every access token it issued.
    """
    live = (
        select(RefreshToken.id)
        .where(
            RefreshToken.family_id == session_id,
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .exists()
    )
    row = session.execute(
        select(User, Vendor)
        .outerjoin(Vendor, Vendor.user_id == User.id)
        .where(User.id == user_id, live)
    ).one_or_none()
    return Principal(row.User, row.Vendor) if row is not None else None


def refresh_token_for_update(session: Session, token_hash: str) -> RefreshToken | None:
    """The refresh token with this hash, locked (rotation is check-then-write)."""
    return session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    )


def refresh_token(session: Session, token_hash: str) -> RefreshToken | None:
    return session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


def revoke_family(session: Session, family_id: uuid.UUID, now: datetime) -> None:
    """Revokes every live token of one login."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
