"""payments and the order lifecycle: holds, expiry, fulfilment per line, refunds

Orders gain a number, amount_due, a hold, an idempotency key and their lifecycle
dates; order lines their seller and fulfilment; cars the reserved status; and the
payments table. Orders placed before this (when placing an order sold at once) keep
their status; pending ones get a 24-hour hold from now, after which the sweep
expires them and releases their stock, and the cars they "sold" become reserved.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ORDER_STATUSES = "status IN ('pending', 'paid', 'cancelled', 'fulfilled')"
NEW_ORDER_STATUSES = (
    "status IN ('pending', 'paid', 'fulfilled', 'cancelled', 'expired', 'refunded')"
)
OLD_CAR_STATUSES = "status IN ('pending', 'active', 'sold', 'rejected')"
NEW_CAR_STATUSES = "status IN ('pending', 'active', 'reserved', 'sold', 'rejected')"


def _timestamp(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.drop_constraint(op.f("ck_cars_status"), "cars", type_="check")
    op.create_check_constraint(op.f("ck_cars_status"), "cars", NEW_CAR_STATUSES)

    op.drop_constraint(op.f("ck_orders_status"), "orders", type_="check")
    op.create_check_constraint(op.f("ck_orders_status"), "orders", NEW_ORDER_STATUSES)
    op.alter_column("orders", "payment_method", existing_type=sa.String(length=8), nullable=True)
    op.add_column(
        "orders",
        sa.Column(
            "number",
            sa.String(length=12),
            sa.Computed("'GM' || lpad(id::text, 7, '0')", persisted=True),
            nullable=False,
        ),
    )
    op.add_column("orders", sa.Column("amount_due", sa.Numeric(precision=14, scale=2)))
    op.execute("UPDATE orders SET amount_due = total")
    op.alter_column("orders", "amount_due", nullable=False)
    for name in ("hold_expires_at", "paid_at", "closed_at", "refund_requested_at"):
        op.add_column("orders", _timestamp(name))
    op.add_column("orders", sa.Column("idempotency_key", sa.String(length=200), nullable=True))
    op.add_column("orders", sa.Column("request_hash", sa.String(length=64), nullable=True))
    op.create_check_constraint(
        op.f("ck_orders_amount_due_range"), "orders", "amount_due >= 0 AND amount_due <= total"
    )
    op.create_unique_constraint(
        op.f("uq_orders_user_id_idempotency_key"), "orders", ["user_id", "idempotency_key"]
    )
    op.create_index(
        "ix_orders_pending_hold_expires_at",
        "orders",
        ["hold_expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.execute(
        "UPDATE orders SET hold_expires_at = now() + interval '1 day' WHERE status = 'pending'"
    )

    op.add_column("order_items", sa.Column("seller_id", sa.BigInteger(), nullable=True))
    op.add_column("order_items", _timestamp("fulfilled_at"))
    op.add_column("order_items", sa.Column("fulfilled_by", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        op.f("fk_order_items_seller_id_users"),
        "order_items",
        "users",
        ["seller_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_order_items_fulfilled_by_users"),
        "order_items",
        "users",
        ["fulfilled_by"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index(op.f("ix_order_items_seller_id"), "order_items", ["seller_id"], unique=False)
    op.execute(
        "UPDATE order_items SET seller_id = cars.owner_id FROM cars "
        "WHERE order_items.item_type = 'car' AND cars.id = order_items.item_id"
    )
    op.execute(
        "UPDATE order_items SET seller_id = vendors.user_id FROM parts, vendors "
        "WHERE order_items.item_type = 'part' AND parts.id = order_items.item_id "
        "AND vendors.id = parts.vendor_id"
    )
    op.execute(
        "UPDATE cars SET status = 'reserved' FROM order_items, orders "
        "WHERE cars.status = 'sold' AND order_items.item_type = 'car' "
        "AND order_items.item_id = cars.id AND orders.id = order_items.order_id "
        "AND orders.status = 'pending'"
    )

    op.create_table(
        "payments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="KES", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="initiated", nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("checkout_request_id", sa.String(length=100), nullable=True),
        sa.Column("merchant_request_id", sa.String(length=100), nullable=True),
        sa.Column("mpesa_receipt", sa.String(length=40), nullable=True),
        sa.Column("payment_intent_id", sa.String(length=100), nullable=True),
        sa.Column("refund_reference", sa.String(length=100), nullable=True),
        sa.Column("failure_message", sa.String(length=300), nullable=True),
        sa.Column(
            "raw_callbacks",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        _timestamp("succeeded_at"),
        _timestamp("refund_requested_at"),
        _timestamp("refunded_at"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "provider IN ('mpesa', 'stripe', 'simulated')", name=op.f("ck_payments_provider")
        ),
        sa.CheckConstraint(
            "status IN ('initiated', 'succeeded', 'failed', 'refunded')",
            name=op.f("ck_payments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_payments_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("checkout_request_id", name=op.f("uq_payments_checkout_request_id")),
        sa.UniqueConstraint("mpesa_receipt", name=op.f("uq_payments_mpesa_receipt")),
        sa.UniqueConstraint("payment_intent_id", name=op.f("uq_payments_payment_intent_id")),
        sa.UniqueConstraint("refund_reference", name=op.f("uq_payments_refund_reference")),
    )
    op.create_index(
        "ix_payments_order_id_created_at", "payments", ["order_id", "created_at"], unique=False
    )
    op.create_index(
        "uq_payments_order_id_initiated",
        "payments",
        ["order_id"],
        unique=True,
        postgresql_where=sa.text("status = 'initiated'"),
    )
    op.create_index(
        "ix_payments_initiated_created_at",
        "payments",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("status = 'initiated'"),
    )


def downgrade() -> None:
    op.drop_table("payments")
    op.execute("UPDATE cars SET status = 'sold' WHERE status = 'reserved'")
    op.drop_index(op.f("ix_order_items_seller_id"), table_name="order_items")
    op.drop_constraint(op.f("fk_order_items_fulfilled_by_users"), "order_items", type_="foreignkey")
    op.drop_constraint(op.f("fk_order_items_seller_id_users"), "order_items", type_="foreignkey")
    for column in ("fulfilled_by", "fulfilled_at", "seller_id"):
        op.drop_column("order_items", column)
    op.drop_index("ix_orders_pending_hold_expires_at", table_name="orders")
    op.drop_constraint(op.f("uq_orders_user_id_idempotency_key"), "orders", type_="unique")
    op.drop_constraint(op.f("ck_orders_amount_due_range"), "orders", type_="check")
    op.execute("UPDATE orders SET status = 'cancelled' WHERE status IN ('expired', 'refunded')")
    op.execute("UPDATE orders SET payment_method = 'cash' WHERE payment_method IS NULL")
    for column in (
        "request_hash",
        "idempotency_key",
        "refund_requested_at",
        "closed_at",
        "paid_at",
        "hold_expires_at",
        "amount_due",
        "number",
    ):
        op.drop_column("orders", column)
    op.alter_column("orders", "payment_method", existing_type=sa.String(length=8), nullable=False)
    op.drop_constraint(op.f("ck_orders_status"), "orders", type_="check")
    op.create_check_constraint(op.f("ck_orders_status"), "orders", OLD_ORDER_STATUSES)
    op.drop_constraint(op.f("ck_cars_status"), "cars", type_="check")
    op.create_check_constraint(op.f("ck_cars_status"), "cars", OLD_CAR_STATUSES)
