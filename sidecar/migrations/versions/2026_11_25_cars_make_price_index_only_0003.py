"""cars: the make + price index carries make, so the list's COUNT is an index-only scan

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["status", sa.literal_column("lower(make)"), "price"]


def upgrade() -> None:
    op.drop_index("ix_cars_status_make_price", table_name="cars")
    op.create_index("ix_cars_status_make_price", "cars", COLUMNS, postgresql_include=["make"])


def downgrade() -> None:
    op.drop_index("ix_cars_status_make_price", table_name="cars")
    op.create_index("ix_cars_status_make_price", "cars", COLUMNS)
