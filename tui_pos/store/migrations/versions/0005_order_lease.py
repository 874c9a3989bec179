"""order lease: which till has an order open; sale.order_ref (the order a sale settled)

Revision ID: 0005_order_lease
Revises: 0001
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_order_lease"
down_revision: str | Sequence[str] | None = "0003_spool_rejected"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_lease",
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("till_id", sa.String(length=16), nullable=False),
        sa.Column("cashier", sa.String(length=60), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )
    # A nullable column: the sale table's immutability triggers stay as they are.
    op.add_column("sale", sa.Column("order_ref", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("sale", "order_ref")  # SQLite ≥ 3.35 drops it in place (triggers kept)
    op.drop_table("order_lease")
