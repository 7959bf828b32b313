"""cars: fuel, transmission, body type and location, for the storefront's filters

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cars", sa.Column("fuel", sa.String(length=16), nullable=True))
    op.add_column("cars", sa.Column("transmission", sa.String(length=16), nullable=True))
    op.add_column("cars", sa.Column("body_type", sa.String(length=40), nullable=True))
    op.add_column("cars", sa.Column("location", sa.String(length=80), nullable=True))
    op.create_check_constraint(
        op.f("ck_cars_fuel"), "cars", "fuel IN ('petrol', 'diesel', 'hybrid', 'electric')"
    )
    op.create_check_constraint(
        op.f("ck_cars_transmission"), "cars", "transmission IN ('automatic', 'manual')"
    )
    op.create_check_constraint(op.f("ck_cars_mileage_not_negative"), "cars", "mileage_km >= 0")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_cars_mileage_not_negative"), "cars", type_="check")
    op.drop_constraint(op.f("ck_cars_transmission"), "cars", type_="check")
    op.drop_constraint(op.f("ck_cars_fuel"), "cars", type_="check")
    for column in ("location", "body_type", "transmission", "fuel"):
        op.drop_column("cars", column)
