from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, created_at, enum_type, pk, unique_conflict, updated_at


class Role(StrEnum):
    CUSTOMER = "customer"
    VENDOR = "vendor"
    ADMIN = "admin"


class Language(StrEnum):
    EN = "en"
    SW = "sw"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # Emails are unique case-insensitively; citext is a contrib extension the
        # embedded PostgreSQL lacks, so a unique index on lower(email) does it.
        Index(
            unique_conflict("uq_users_email_lower", "An account with this email already exists."),
            func.lower(text("email")),
            unique=True,
        ),
    )

    id: Mapped[int] = pk()
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(enum_type(Role, name="role"))
    full_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(16))
    whatsapp_opt_in: Mapped[bool] = mapped_column(Boolean, server_default="false")
    language: Mapped[Language] = mapped_column(
        enum_type(Language, name="language", length=2), server_default="en"
    )
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
