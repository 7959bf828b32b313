"""crsp releases: KRA's CRSP lists as versioned releases; July 2025 loaded as live

The estimate values a car as KRA does, from its Current Retail Selling Price. Every
fresh database gets KRA's July 2025 list (shipped with the package, checked against
its sha256) as the live release. Import requests record the release and row used.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import psycopg
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from sidecar.imports.crsp import repository, shipped
from sidecar.imports.crsp.listing import read_listing

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crsp_releases",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source_file", sa.String(length=200), nullable=False),
        sa.Column("checksum", sa.String(length=80), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "live", "archived", name="status", native_enum=False, length=16),
            server_default="draft",
            nullable=False,
        ),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'live', 'archived')", name=op.f("ck_crsp_releases_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crsp_releases")),
        sa.UniqueConstraint("label", name="uq_crsp_releases_label"),
    )
    op.create_index(
        "ix_crsp_releases_one_live",
        "crsp_releases",
        ["status"],
        unique=True,
        postgresql_where=sa.text("status = 'live'"),
    )
    op.create_table(
        "crsp_rows",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("release_id", sa.BigInteger(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("make", sa.String(length=60), nullable=False),
        sa.Column("make_key", sa.String(length=60), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("transmission", sa.String(length=60), nullable=True),
        sa.Column("drive", sa.String(length=20), nullable=True),
        sa.Column("engine_cc", sa.Integer(), nullable=True),
        sa.Column("body_type", sa.String(length=40), nullable=True),
        sa.Column("seating", sa.String(length=40), nullable=True),
        sa.Column("fuel", sa.String(length=40), nullable=True),
        sa.Column("crsp", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("source_row", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["crsp_releases.id"],
            name=op.f("fk_crsp_rows_release_id_crsp_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crsp_rows")),
    )
    op.create_index("ix_crsp_rows_release_id_make_key", "crsp_rows", ["release_id", "make_key"])
    for column, table in (("crsp_release_id", "crsp_releases"), ("crsp_row_id", "crsp_rows")):
        op.add_column("import_requests", sa.Column(column, sa.BigInteger(), nullable=True))
        op.create_foreign_key(
            op.f(f"fk_import_requests_{column}_{table}"),
            "import_requests",
            table,
            [column],
            ["id"],
            ondelete="SET NULL",
        )
    _load_shipped_release()


def _load_shipped_release() -> None:
    """KRA's July 2025 list becomes the live release (COPY: a fraction of a second)."""
    listing = read_listing(shipped.FILE.read_bytes())
    if listing.checksum != shipped.CHECKSUM:
        raise RuntimeError(f"{shipped.FILE.name} is not the file this migration ships")
    bind = op.get_bind()
    release_id = bind.execute(
        sa.text(
            "INSERT INTO crsp_releases"
            " (label, effective_from, source_file, checksum, status, row_count, published_at)"
            " VALUES (:label, :effective_from, :source, :checksum, 'live', :rows, now())"
            " RETURNING id"
        ),
        {
            "label": shipped.LABEL,
            "effective_from": shipped.EFFECTIVE_FROM,
            "source": shipped.SOURCE_FILE,
            "checksum": listing.checksum,
            "rows": len(listing.rows),
        },
    ).scalar_one()
    driver = bind.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        raise TypeError("the CRSP list is loaded with psycopg's COPY")
    repository.copy_rows(driver, release_id, listing.rows)


def downgrade() -> None:
    for column, table in (("crsp_row_id", "crsp_rows"), ("crsp_release_id", "crsp_releases")):
        op.drop_constraint(
            op.f(f"fk_import_requests_{column}_{table}"), "import_requests", type_="foreignkey"
        )
        op.drop_column("import_requests", column)
    op.drop_index("ix_crsp_rows_release_id_make_key", table_name="crsp_rows")
    op.drop_table("crsp_rows")
    op.drop_index("ix_crsp_releases_one_live", table_name="crsp_releases")
    op.drop_table("crsp_releases")
