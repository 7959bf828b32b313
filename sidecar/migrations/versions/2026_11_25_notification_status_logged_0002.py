"""notification status logged (recorded, not sent); longer provider ids; webhook sweep index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = "status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'undeliverable')"
_NEW = "status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'undeliverable', 'logged')"


def upgrade() -> None:
    op.drop_constraint(op.f("ck_notifications_status"), "notifications", type_="check")
    op.create_check_constraint(op.f("ck_notifications_status"), "notifications", _NEW)
    op.alter_column("notifications", "provider_id", type_=sa.String(255))
    op.create_index(
        "ix_webhook_events_unprocessed",
        "webhook_events",
        ["received_at"],
        postgresql_where=sa.text("processed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_events_unprocessed", table_name="webhook_events")
    op.alter_column("notifications", "provider_id", type_=sa.String(64))
    op.execute("UPDATE notifications SET status = 'sent' WHERE status = 'logged'")
    op.drop_constraint(op.f("ck_notifications_status"), "notifications", type_="check")
    op.create_check_constraint(op.f("ck_notifications_status"), "notifications", _OLD)
