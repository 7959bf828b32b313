"""cars: the public list's orders walk indexes of listed cars (active or reserved)

Since orders reserve cars, the public list shows status IN ('active', 'reserved').
With two statuses no (status, created_at) index gives the rows in order, so every
page of the newest Toyotas sorted all 26,000 of them: 93 ms instead of 1.7 ms, and
the uncached car list fell from about 600 to 19 requests/s at 16 connections. A
partial index per public order (newest, price, year) restores the index walk.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED = sa.text("status IN ('active', 'reserved')")
ORDERS = {
    "ix_cars_listed_created_at": ["created_at", "id"],
    "ix_cars_listed_price": ["price", "id"],
    "ix_cars_listed_year": ["year", "id"],
}


def upgrade() -> None:
    for name, columns in ORDERS.items():
        op.create_index(name, "cars", columns, postgresql_where=LISTED)


def downgrade() -> None:
    for name in ORDERS:
        op.drop_index(name, table_name="cars")
