"""cms_sync_bookmarks: reconciliation bookmarks get a table of their own

They were rows of the webhook inbox (source "reconcile"), which made every query of
the inbox step around them. The bookmarks move over; the fake inbox rows go.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cms_sync_bookmarks",
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.Column("updated_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("full", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_cms_sync_bookmarks")),
    )
    op.execute(
        """
        INSERT INTO cms_sync_bookmarks (uid, updated_after, "full", synced_at)
        SELECT dedupe_key,
               (payload ->> 'updated_after')::timestamptz,
               coalesce((payload ->> 'full')::boolean, false),
               coalesce(processed_at, received_at)
          FROM webhook_events
         WHERE source = 'reconcile' AND payload ? 'updated_after'
        """
    )
    op.execute("DELETE FROM webhook_events WHERE source = 'reconcile'")


def downgrade() -> None:
    op.execute(
        """
        INSERT INTO webhook_events (source, dedupe_key, event, payload, processed_at, outcome)
        SELECT 'reconcile', uid, 'reconcile.watermark',
               jsonb_build_object('updated_after', updated_after, 'full', "full",
                                  'at', synced_at),
               synced_at, 'ok'
          FROM cms_sync_bookmarks
        """
    )
    op.drop_table("cms_sync_bookmarks")
