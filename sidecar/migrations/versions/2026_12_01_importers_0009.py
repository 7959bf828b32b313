"""importers: vendors have kinds (parts, importer); imports are assigned to one importer

Existing vendors keep selling parts. Nobody is an importer until an admin says so,
and no import is assigned: until then only admins see and move them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_CHECK = "kinds <@ ARRAY['parts', 'importer']::varchar[] AND cardinality(kinds) > 0"


def upgrade() -> None:
    op.add_column(
        "vendors",
        sa.Column(
            "kinds",
            postgresql.ARRAY(sa.String(length=16)),
            server_default=sa.text("ARRAY['parts']::varchar[]"),
            nullable=False,
        ),
    )
    op.create_check_constraint(op.f("ck_vendors_kinds"), "vendors", KINDS_CHECK)
    op.add_column("import_requests", sa.Column("importer_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        op.f("fk_import_requests_importer_id_vendors"),
        "import_requests",
        "vendors",
        ["importer_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index(
        "ix_import_requests_importer_id_created_at",
        "import_requests",
        ["importer_id", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_import_requests_importer_id_created_at", table_name="import_requests")
    op.drop_constraint(
        op.f("fk_import_requests_importer_id_vendors"), "import_requests", type_="foreignkey"
    )
    op.drop_column("import_requests", "importer_id")
    op.drop_constraint(op.f("ck_vendors_kinds"), "vendors", type_="check")
    op.drop_column("vendors", "kinds")
