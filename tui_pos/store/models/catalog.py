"""Catalog tables: article groups, articles (with variants), barcodes, customers."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from tui_pos.store.types import Money, Percent


class ArticleGroup(SQLModel, table=True):
    __tablename__ = "article_group"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=120)


class Article(SQLModel, table=True):
    __tablename__ = "article"
    __table_args__ = (Index("ix_article_name_lower", "name_lower"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=32)
    name: str = Field(max_length=120)
    name_lower: str = Field(max_length=120)
    group_code: str = Field(foreign_key="article_group.code", index=True, max_length=32)
    vat_rate: Decimal = Field(sa_column=Column(Percent(), nullable=False))
    list_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    unit: str = Field(default="piece", max_length=8)  # piece | kg
    parent_code: str | None = Field(default=None, index=True, max_length=32)
    colour: str | None = Field(default=None, max_length=40)
    size: str | None = Field(default=None, max_length=20)
    is_variant_parent: bool = Field(default=False)
    active: bool = Field(default=True)


class Barcode(SQLModel, table=True):
    __tablename__ = "barcode"

    code: str = Field(primary_key=True, max_length=32)
    article_code: str = Field(foreign_key="article.code", index=True, max_length=32)


class Customer(SQLModel, table=True):
    __tablename__ = "customer"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=32)
    name: str = Field(max_length=120)
    name_lower: str = Field(max_length=120, index=True)
    address: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=16)
    city: str = Field(default="", max_length=80)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    category: str | None = Field(default=None, max_length=32)
    discount_pct: Decimal = Field(sa_column=Column(Percent(), nullable=False))
