"""Sales tables: immutable sales with lines, payments and VAT; receipt counters; parked carts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tui_pos.store.types import Money, Percent, Quantity


class ReceiptCounter(SQLModel, table=True):
    """Last receipt number per till; bumped inside the sale's transaction, so gapless."""

    __tablename__ = "receipt_counter"

    till_id: str = Field(primary_key=True, max_length=16)
    last_no: int = Field(default=0)


class Sale(SQLModel, table=True):
    __tablename__ = "sale"
    __table_args__ = (UniqueConstraint("till_id", "receipt_no", name="uq_sale_receipt"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, max_length=40)
    till_id: str = Field(max_length=16, index=True)
    receipt_no: int
    created_at: datetime = Field(index=True)
    cashier: str = Field(max_length=60)
    customer_code: str | None = Field(default=None, max_length=32)
    currency: str = Field(max_length=3)
    prices_include_vat: bool
    subtotal: Decimal = Field(sa_column=Column(Money(), nullable=False))
    rounding: Decimal = Field(sa_column=Column(Money(), nullable=False))
    total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    change: Decimal = Field(sa_column=Column(Money(), nullable=False))
    training: bool = Field(default=False)
    order_ref: str | None = Field(default=None, max_length=32)  # order settled by this sale


class SaleLine(SQLModel, table=True):
    __tablename__ = "sale_line"

    id: int | None = Field(default=None, primary_key=True)
    sale_id: int = Field(foreign_key="sale.id", index=True)
    position: int
    article_code: str = Field(max_length=32)
    description: str = Field(max_length=200)
    note: str = Field(default="", max_length=200)
    unit: str = Field(max_length=8)
    qty: Decimal = Field(sa_column=Column(Quantity(), nullable=False))
    list_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    net_unit_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    line_total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    discount_text: str = Field(default="", max_length=200)
    vat_rate: Decimal = Field(sa_column=Column(Percent(), nullable=False))


class SalePayment(SQLModel, table=True):
    __tablename__ = "sale_payment"

    id: int | None = Field(default=None, primary_key=True)
    sale_id: int = Field(foreign_key="sale.id", index=True)
    position: int
    method_id: str = Field(max_length=32)
    method_label: str = Field(max_length=60)
    kind: str = Field(max_length=16)
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    tendered: Decimal = Field(sa_column=Column(Money(), nullable=False))


class SaleVat(SQLModel, table=True):
    __tablename__ = "sale_vat"

    id: int | None = Field(default=None, primary_key=True)
    sale_id: int = Field(foreign_key="sale.id", index=True)
    rate: Decimal = Field(sa_column=Column(Percent(), nullable=False))
    net: Decimal = Field(sa_column=Column(Money(), nullable=False))
    vat: Decimal = Field(sa_column=Column(Money(), nullable=False))
    gross: Decimal = Field(sa_column=Column(Money(), nullable=False))


class ParkedSale(SQLModel, table=True):
    """A cart put aside to serve the next customer; resumed on any till."""

    __tablename__ = "parked_sale"

    id: int | None = Field(default=None, primary_key=True)
    till_id: str = Field(max_length=16)
    parked_at: datetime
    cashier: str = Field(max_length=60)
    label: str = Field(default="", max_length=80)
    total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    line_count: int
    payload: str = Field(sa_column=Column(Text, nullable=False))
