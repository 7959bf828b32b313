"""notification status logged: recorded but not sent (channel not configured)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

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


def downgrade() -> None:
    op.execute("UPDATE notifications SET status = 'sent' WHERE status = 'logged'")
    op.drop_constraint(op.f("ck_notifications_status"), "notifications", type_="check")
    op.create_check_constraint(op.f("ck_notifications_status"), "notifications", _OLD)
