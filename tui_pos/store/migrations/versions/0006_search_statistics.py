"""order search statistics: a finer sample of orders.search_text for the planner (PostgreSQL)

With the default statistics target PostgreSQL's estimate for `search_text LIKE '%word%'` swings
between ANALYZE runs (0.01 % to 5 % for a word in 2.4 % of a million orders), and so does the
plan: an underestimate fetches every match through the trigram index and sorts them (374 ms)
instead of walking the sort index (3 ms). A thousand-value sample keeps it within ~20 %.

Revision ID: 0006_search_statistics
Revises: 0005_order_lease
Create Date: 2026-11-22 22:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_search_statistics"
down_revision: str | Sequence[str] | None = "0005_order_lease"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_STATISTICS = 1000


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE orders ALTER COLUMN search_text SET STATISTICS {SEARCH_STATISTICS}"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE orders ALTER COLUMN search_text SET STATISTICS -1")
