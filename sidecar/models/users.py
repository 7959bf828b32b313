from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from sidecar.models.base import Base, created_at, pk, updated_at


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
        Index("uq_users_email_lower", func.lower(text("email")), unique=True),
        CheckConstraint("role IN ('customer', 'vendor', 'admin')", name="role"),
        CheckConstraint("language IN ('en', 'sw')", name="language"),
    )

    id: Mapped[int] = pk()
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(16))
    whatsapp_opt_in: Mapped[bool] = mapped_column(Boolean, server_default="false")
    language: Mapped[str] = mapped_column(String(2), server_default="en")
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
