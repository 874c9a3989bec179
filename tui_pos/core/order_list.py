"""What order lists show (ORD-10, ORD-11, QUE-1, CHK-10): light summary rows, pages, drafts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import DeliveryMethod, OrderType


@dataclass(frozen=True)
class OrderSummary:
    """One row of an order list: the list columns only (no lines, payments or log)."""

    id: str
    type: OrderType
    number: str | None
    status: str
    status_kind: StatusKind
    customer_code: str | None
    customer_name: str
    subject: str
    employee: str
    branch: str
    delivery_method: DeliveryMethod
    order_date: date
    pickup_date: date | None
    expected_delivery_date: date | None
    reminder_date: date | None
    total_incl_vat: Decimal
    balance_due: Decimal
    created_at: datetime
    updated_at: datetime
    version: int

    def is_overdue(self, today: date) -> bool:
        """The follow-up date has passed and the order is still active (ORD-11)."""
        return (
            self.reminder_date is not None
            and self.reminder_date < today
            and self.status_kind not in (StatusKind.DONE, StatusKind.CANCELLED)
        )


@dataclass(frozen=True)
class OrderPage:
    """`rows` from position `offset` on; `has_more` when a next page exists."""

    rows: tuple[OrderSummary, ...]
    offset: int
    limit: int
    has_more: bool


@dataclass(frozen=True)
class DraftInfo:
    """An unsaved order form kept for crash recovery (ORD-9), as the "recover" list shows it.
    `stale`: the order was saved by someone after this draft began, so the draft can only be
    looked at (saving it would be refused as a conflict)."""

    order_id: str
    is_new: bool
    saved_at: datetime
    order_type: OrderType
    number: str | None
    customer_name: str
    line_count: int
    total_incl_vat: Decimal
    stale: bool = False
