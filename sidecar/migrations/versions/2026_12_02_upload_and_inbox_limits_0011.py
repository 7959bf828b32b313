"""upload and inbox limits: images are stored once; webhook re-reads give up

An upload form writes to a staging key; the image a listing shows is copied from it
once (``media_uploads.stored_at``), so a form that is still valid can never rewrite
an image an admin approved. A webhook whose re-read keeps failing is retried with
backoff (``retry_at``) and closed as failed after a few ``attempts``.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("media_uploads", sa.Column("stored_at", sa.DateTime(timezone=True)))
    # Images already on listings were written before forms were single use: they count
    # as stored, so a form still valid for them cannot be claimed again.
    op.execute(
        "UPDATE media_uploads SET stored_at = created_at"
        " WHERE key IN (SELECT unnest(images) FROM cars)"
    )
    op.add_column(
        "webhook_events",
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column("webhook_events", sa.Column("retry_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("webhook_events", "retry_at")
    op.drop_column("webhook_events", "attempts")
    op.drop_column("media_uploads", "stored_at")
