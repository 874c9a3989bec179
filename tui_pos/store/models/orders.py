"""Sales order tables (ORD): orders, lines, groups, payments, files, log, numbers, drafts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tui_pos.store.types import Money, Percent, Quantity, UtcDateTime


def _text() -> Column[Any]:
    return Column(Text, nullable=False, default="")


def _when(nullable: bool = False) -> Column[Any]:
    return Column(UtcDateTime(), nullable=nullable)


def _order_fk() -> Column[Any]:
    return Column(String(32), ForeignKey("orders.id"), nullable=False)


class OrderRow(SQLModel, table=True):
    """One order, quote or service order: the header, its state and denormalised list columns.

    `version` is the optimistic-concurrency counter (UPDATE ... WHERE version = stored).
    `search_text`, `contact_text`, `customer_sort` and `number_sort` are casefolded/natural-sort
    copies for SQL filters and sorting (search_text also feeds the trigram index);
    `total_incl_vat`, `balance_due`, `paid_total` and `line_count` are the list columns,
    recomputed on every save."""

    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("type", "number", name="uq_orders_type_number"),
        Index("ix_orders_number", "number"),
        Index("ix_orders_number_sort", "number_sort"),
        Index("ix_orders_kind_created", "status_kind", "created_at"),
        Index("ix_orders_kind_reminder", "status_kind", "reminder_date"),
        Index("ix_orders_status_date", "status", "order_date", "created_at"),
        Index("ix_orders_type_date", "type", "order_date", "created_at"),
        Index("ix_orders_order_date", "order_date", "created_at"),
        Index("ix_orders_created_at", "created_at"),
        Index("ix_orders_updated_at", "updated_at"),
        Index("ix_orders_customer", "customer_code", "order_date"),
        Index("ix_orders_customer_sort", "customer_sort"),
        Index("ix_orders_employee", "employee", "order_date"),
        Index("ix_orders_branch", "branch", "order_date"),
        Index("ix_orders_delivery", "delivery_method", "order_date"),
        Index("ix_orders_pickup_date", "pickup_date"),
        Index("ix_orders_expected_date", "expected_delivery_date"),
        Index("ix_orders_reminder", "reminder_date"),
        Index("ix_orders_total", "total_incl_vat"),
        Index("ix_orders_balance", "balance_due"),
        Index("ux_orders_search_key", "search_key", unique=True),
    )

    id: str = Field(primary_key=True, max_length=32)
    type: str = Field(max_length=16)
    number: str | None = Field(default=None, max_length=32)
    number_sort: str | None = Field(default=None, max_length=64)
    status: str = Field(max_length=32)
    status_kind: str = Field(max_length=16)
    version: int
    created_at: datetime = Field(sa_column=_when())
    created_by: str
    updated_at: datetime = Field(sa_column=_when())
    updated_by: str
    employee: str
    branch: str
    order_date: date
    customer_code: str | None = None
    customer_name: str = Field(sa_column=_text())
    customer_sort: str | None = None
    subject: str = Field(sa_column=_text())
    our_reference: str = Field(sa_column=_text())
    customer_reference: str = Field(sa_column=_text())
    note: str = Field(sa_column=_text())
    delivery_method: str = Field(max_length=16)
    pickup_date: date | None = None
    expected_delivery_date: date | None = None
    payment_terms: str = Field(sa_column=_text())
    fixed_text: str = Field(sa_column=_text())
    prices_include_vat: bool
    custom_fields: str = Field(sa_column=_text())  # JSON object
    reminder_date: date | None = None
    reminder_note: str = Field(sa_column=_text())
    source_quote_id: str | None = Field(default=None, max_length=32)
    converted_to_id: str | None = Field(default=None, max_length=32)
    refund_owed: str = Field(sa_column=_text())  # JSON list of [method, amount]
    total_incl_vat: Decimal = Field(sa_column=Column(Money(), nullable=False))
    balance_due: Decimal = Field(sa_column=Column(Money(), nullable=False))
    paid_total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    line_count: int
    search_text: str = Field(sa_column=_text())
    search_key: int | None = None  # the row's key in SQLite's trigram index (order_search.py)
    contact_text: str = Field(sa_column=_text())


class OrderLineRow(SQLModel, table=True):
    """An order line at `position`; replaced as a whole when the order is saved."""

    __tablename__ = "order_line"
    __table_args__ = (UniqueConstraint("order_id", "position", name="uq_order_line_position"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(sa_column=_order_fk())
    position: int
    line_id: str = Field(max_length=32)
    article_code: str | None = None
    description: str = Field(sa_column=_text())
    qty: Decimal = Field(sa_column=Column(Quantity(), nullable=False))
    unit_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    vat_rate: Decimal = Field(sa_column=Column(Percent(), nullable=False))
    net_unit_price: Decimal = Field(sa_column=Column(Money(), nullable=False))
    line_total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    weighed: bool
    discount_kind: str | None = Field(default=None, max_length=16)
    discount_value: str | None = Field(default=None, max_length=40)  # exact decimal text
    price_explanation: str = Field(sa_column=_text())
    note: str = Field(sa_column=_text())
    group_id: str | None = Field(default=None, max_length=32)


class OrderGroupRow(SQLModel, table=True):
    """A line-group heading at `position`; replaced as a whole when the order is saved."""

    __tablename__ = "order_group"
    __table_args__ = (UniqueConstraint("order_id", "position", name="uq_order_group_position"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(sa_column=_order_fk())
    position: int
    group_id: str = Field(max_length=32)
    heading: str = Field(sa_column=_text())


class OrderPaymentRow(SQLModel, table=True):
    """A down payment or refund. Immutable: database triggers refuse UPDATE and DELETE."""

    __tablename__ = "order_payment"
    __table_args__ = (UniqueConstraint("order_id", "position", name="uq_order_payment_position"),)

    id: str = Field(primary_key=True, max_length=32)
    order_id: str = Field(sa_column=_order_fk())
    position: int
    kind: str = Field(max_length=16)
    method: str = Field(max_length=32)
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    channel: str = Field(max_length=16)
    at: datetime = Field(sa_column=_when())
    who: str
    reference: str = Field(sa_column=_text())


class OrderLogRow(SQLModel, table=True):
    """One activity-log entry (ORD-7). Immutable: database triggers refuse UPDATE and DELETE."""

    __tablename__ = "order_log"
    __table_args__ = (UniqueConstraint("order_id", "position", name="uq_order_log_position"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(sa_column=_order_fk())
    position: int
    at: datetime = Field(sa_column=_when())
    who: str
    action: str = Field(max_length=32)
    message: str = Field(sa_column=_text())
    params: str = Field(sa_column=_text())  # JSON object
    translate: str = Field(sa_column=_text())  # JSON list


class OrderAttachmentRow(SQLModel, table=True):
    """A file's metadata on an order (ORD-12); the bytes are in order_attachment_data."""

    __tablename__ = "order_attachment"
    __table_args__ = (
        UniqueConstraint("order_id", "position", name="uq_order_attachment_position"),
    )

    id: str = Field(primary_key=True, max_length=32)
    order_id: str = Field(sa_column=_order_fk())
    position: int
    file_name: str
    size: int
    sha256: str = Field(max_length=64)
    stored_path: str
    added_at: datetime = Field(sa_column=_when())
    added_by: str


class OrderAttachmentData(SQLModel, table=True):
    """The bytes of one attachment, in the database so every till and SSH session sees them."""

    __tablename__ = "order_attachment_data"

    attachment_id: str = Field(
        sa_column=Column(String(32), ForeignKey("order_attachment.id"), primary_key=True)
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class OrderCounter(SQLModel, table=True):
    """Last order number per order type; bumped inside the confirming transaction (gapless)."""

    __tablename__ = "order_counter"

    order_type: str = Field(primary_key=True, max_length=16)
    last_no: int


class OrderDraft(SQLModel, table=True):
    """An order form's unsaved state (ORD-9), written as it is edited and offered after a crash.

    One per (owner, order id); `is_new` when the order was never saved; `base_version` is the
    stored version the edits started from (saving it later still detects conflicts)."""

    __tablename__ = "order_draft"

    owner: str = Field(primary_key=True, max_length=60)
    order_id: str = Field(primary_key=True, max_length=32)
    is_new: bool
    base_version: int
    saved_at: datetime = Field(sa_column=_when())
    order_type: str = Field(max_length=16)
    number: str | None = Field(default=None, max_length=32)
    customer_name: str = Field(sa_column=_text())
    line_count: int
    total_incl_vat: Decimal = Field(sa_column=Column(Money(), nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
