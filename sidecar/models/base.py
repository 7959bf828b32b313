"""Declarative base: one MetaData with a naming convention, so Alembic names match."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from sqlalchemy import BigInteger, DateTime, Enum, Identity, MetaData, Numeric, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money is NUMERIC(14,2) in KES, never float.
Money = Annotated[Decimal, mapped_column(Numeric(14, 2))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def pk() -> Mapped[int]:
    return mapped_column(BigInteger, Identity(always=False), primary_key=True)


def created_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def updated_at() -> Mapped[datetime]:
    return mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


def enum_type(enum: type[StrEnum], *, name: str, length: int = 16, check: bool = True) -> Enum:
    """A text column holding ``enum``'s values, with its CHECK generated from the enum.

    The CHECK is named ``ck_<table>_<name>`` by the naming convention; rows come back
    as enum members. ``check=False`` for open sets (event kinds grow with the code).
    """
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=check,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


# Unique constraints whose violation means the client asked for something that
# exists already (a 409 with this detail; sidecar.http.problems). Any other
# integrity error is a bug of ours and answers 500: a foreign key violation is never
# the client's "conflict".
UNIQUE_CONFLICTS: dict[str, str] = {}


def unique_conflict(constraint_name: str, detail: str) -> str:
    """Declares ``constraint_name`` a real conflict, next to the constraint; returns it."""
    UNIQUE_CONFLICTS[constraint_name] = detail
    return constraint_name
