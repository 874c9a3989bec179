"""spool: rejected jobs, the status check and the queue index

A job whose document can never be printed is set aside as "rejected" (with the time) instead of
blocking the queue; the status column only takes the three known values; the worker's query
(this till's pending jobs, oldest first) gets one index.

Revision ID: 0003_spool_rejected
Revises: 0001
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_spool_rejected"
down_revision: str | Sequence[str] | None = "0002_orders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            "ck_print_job_status", "status IN ('pending', 'done', 'rejected')"
        )
        batch_op.create_index("ix_print_job_queue", ["till_id", "status", "id"], unique=False)


def downgrade() -> None:
    # The old schema knows no "rejected": such jobs stay set aside as done (their error kept).
    op.execute(
        "UPDATE print_job SET status = 'done', done_at = rejected_at WHERE status = 'rejected'"
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index("ix_print_job_queue")
        batch_op.drop_constraint("ck_print_job_status", type_="check")
        batch_op.drop_column("rejected_at")
