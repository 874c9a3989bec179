"""Discount registers (PRC sources 2, 4, 5, 6): one table per register, keyed for cart loading.

Each unique constraint leads with the column a cart query filters on by equality (customer,
category) and then the IN-list column (article, group), so loading the rules of one cart is one
index range scan per register. A rule is a percentage or a fixed unit price, never both.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from tui_pos.store.models import catalog as _catalog  # noqa: F401  (the tables our keys name)
from tui_pos.store.types import Money, Percent, Quantity

#: Exactly one of pct / price is set.
ONE_VALUE = "(pct IS NULL) <> (price IS NULL)"
#: 0 … 100 % in the scaled integer (4 places) the Percent type stores.
PCT_RANGE = "pct IS NULL OR (pct >= 0 AND pct <= 1000000)"
PRICE_RANGE = "price IS NULL OR price >= 0"


class ArticleCustomerRule(SQLModel, table=True):
    """Source 2: an agreed percentage or unit price for one article and one customer."""

    __tablename__ = "discount_article_customer"
    __table_args__ = (
        UniqueConstraint("customer_code", "article_code", name="uq_discount_article_customer"),
        CheckConstraint(ONE_VALUE, name="ck_discount_article_customer_one"),
        CheckConstraint(PCT_RANGE, name="ck_discount_article_customer_pct"),
        CheckConstraint(PRICE_RANGE, name="ck_discount_article_customer_price"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_code: str = Field(foreign_key="article.code", max_length=32, index=True)
    customer_code: str = Field(foreign_key="customer.code", max_length=32)
    pct: Decimal | None = Field(default=None, sa_column=Column(Percent(), nullable=True))
    price: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))


class ArticleCategoryRule(SQLModel, table=True):
    """Source 4: a percentage or unit price for one article and one customer category."""

    __tablename__ = "discount_article_category"
    __table_args__ = (
        UniqueConstraint("category", "article_code", name="uq_discount_article_category"),
        CheckConstraint(ONE_VALUE, name="ck_discount_article_category_one"),
        CheckConstraint(PCT_RANGE, name="ck_discount_article_category_pct"),
        CheckConstraint(PRICE_RANGE, name="ck_discount_article_category_price"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_code: str = Field(foreign_key="article.code", max_length=32, index=True)
    category: str = Field(max_length=32)
    pct: Decimal | None = Field(default=None, sa_column=Column(Percent(), nullable=True))
    price: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))


class CategoryGroupRule(SQLModel, table=True):
    """Source 5: a percentage on every article of a group for one customer category."""

    __tablename__ = "discount_category_group"
    __table_args__ = (
        UniqueConstraint("category", "group_code", name="uq_discount_category_group"),
        CheckConstraint("pct >= 0 AND pct <= 1000000", name="ck_discount_category_group_pct"),
    )

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(max_length=32)
    group_code: str = Field(foreign_key="article_group.code", max_length=32, index=True)
    pct: Decimal = Field(sa_column=Column(Percent(), nullable=False))


class VolumeBreakRule(SQLModel, table=True):
    """Source 6: from `min_qty` of an article on one line, a percentage or unit price."""

    __tablename__ = "discount_volume_break"
    __table_args__ = (
        UniqueConstraint("article_code", "min_qty", name="uq_discount_volume_break"),
        CheckConstraint(ONE_VALUE, name="ck_discount_volume_break_one"),
        CheckConstraint(PCT_RANGE, name="ck_discount_volume_break_pct"),
        CheckConstraint(PRICE_RANGE, name="ck_discount_volume_break_price"),
        CheckConstraint("min_qty > 0", name="ck_discount_volume_break_qty"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_code: str = Field(foreign_key="article.code", max_length=32)
    min_qty: Decimal = Field(sa_column=Column(Quantity(), nullable=False))
    pct: Decimal | None = Field(default=None, sa_column=Column(Percent(), nullable=True))
    price: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
