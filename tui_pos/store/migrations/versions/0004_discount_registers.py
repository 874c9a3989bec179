"""discount registers: article+customer, article+category, category+group, volume breaks

Revision ID: 0004_discount_registers
Revises: 0001
Create Date: 2026-11-22 17:44:48.788816
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_discount_registers"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_VALUE = "(pct IS NULL) <> (price IS NULL)"
PCT_RANGE = "pct IS NULL OR (pct >= 0 AND pct <= 1000000)"
PRICE_RANGE = "price IS NULL OR price >= 0"


def _value_checks(table: str) -> list[sa.CheckConstraint]:
    return [
        sa.CheckConstraint(ONE_VALUE, name=f"ck_{table}_one"),
        sa.CheckConstraint(PCT_RANGE, name=f"ck_{table}_pct"),
        sa.CheckConstraint(PRICE_RANGE, name=f"ck_{table}_price"),
    ]


def upgrade() -> None:
    op.create_table(
        "discount_article_customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_code", sa.String(length=32), nullable=False),
        sa.Column("customer_code", sa.String(length=32), nullable=False),
        sa.Column("pct", sa.BigInteger(), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=True),
        *_value_checks("discount_article_customer"),
        sa.ForeignKeyConstraint(["article_code"], ["article.code"]),
        sa.ForeignKeyConstraint(["customer_code"], ["customer.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_code", "article_code", name="uq_discount_article_customer"),
    )
    with op.batch_alter_table("discount_article_customer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discount_article_customer_article_code"), ["article_code"]
        )

    op.create_table(
        "discount_article_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_code", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("pct", sa.BigInteger(), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=True),
        *_value_checks("discount_article_category"),
        sa.ForeignKeyConstraint(["article_code"], ["article.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("category", "article_code", name="uq_discount_article_category"),
    )
    with op.batch_alter_table("discount_article_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discount_article_category_article_code"), ["article_code"]
        )

    op.create_table(
        "discount_category_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("group_code", sa.String(length=32), nullable=False),
        sa.Column("pct", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("pct >= 0 AND pct <= 1000000", name="ck_discount_category_group_pct"),
        sa.ForeignKeyConstraint(["group_code"], ["article_group.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("category", "group_code", name="uq_discount_category_group"),
    )
    with op.batch_alter_table("discount_category_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discount_category_group_group_code"), ["group_code"])

    op.create_table(
        "discount_volume_break",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_code", sa.String(length=32), nullable=False),
        sa.Column("min_qty", sa.BigInteger(), nullable=False),
        sa.Column("pct", sa.BigInteger(), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=True),
        *_value_checks("discount_volume_break"),
        sa.CheckConstraint("min_qty > 0", name="ck_discount_volume_break_qty"),
        sa.ForeignKeyConstraint(["article_code"], ["article.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_code", "min_qty", name="uq_discount_volume_break"),
    )


def downgrade() -> None:
    op.drop_table("discount_volume_break")
    for table, column in (
        ("discount_category_group", "group_code"),
        ("discount_article_category", "article_code"),
        ("discount_article_customer", "article_code"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
