"""What the order queue and the pickup kiosk show about an order (QUE-1, QUE-3): its due date,
whether it is late, how long it has waited, and the customer's first name."""

from __future__ import annotations

from datetime import date, datetime

from tui_pos.core.order_filter import OrderFilter, SortField, SortKey
from tui_pos.core.order_list import OrderSummary
from tui_pos.core.order_status import ACTIVE_KINDS
from tui_pos.core.orders import DeliveryMethod, OrderType
from tui_pos.i18n import _

#: The queue shows work to do: sales and service orders, not quotes.
QUEUE_TYPES = frozenset({OrderType.SALES, OrderType.SERVICE})


def queue_filter() -> OrderFilter:
    """Open and ready sales and service orders, oldest first (QUE-1)."""
    return OrderFilter(
        kinds=ACTIVE_KINDS,
        types=QUEUE_TYPES,
        sort=(SortKey(SortField.CREATED_AT),),
    )


def pickup_filter(ready_status: str) -> OrderFilter:
    """The kiosk's board: orders waiting in `ready_status`, longest waiting first (QUE-3)."""
    return OrderFilter(
        statuses=frozenset({ready_status}),
        types=QUEUE_TYPES,
        sort=(SortKey(SortField.UPDATED_AT), SortKey(SortField.CREATED_AT)),
    )


def due_date(row: OrderSummary) -> date | None:
    """When the customer expects it: the pickup date for pickups, else the expected delivery
    date (the other one when only that is filled in)."""
    if row.delivery_method is DeliveryMethod.PICKUP:
        return row.pickup_date or row.expected_delivery_date
    return row.expected_delivery_date or row.pickup_date


def is_late(row: OrderSummary, today: date) -> bool:
    """Overdue in the queue: the follow-up date passed (ORD-11), or the due date passed while
    the order is still being worked on or waiting."""
    if row.is_overdue(today):
        return True
    due = due_date(row)
    return due is not None and due < today and row.status_kind in ACTIVE_KINDS


def age_text(since: datetime, now: datetime) -> str:
    """How long ago, in at most four characters: "now", "12m", "5h", "3d"."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return _("now")
    if minutes < 60:
        return _("{n}m").format(n=minutes)
    if minutes < 48 * 60:
        return _("{n}h").format(n=minutes // 60)
    return _("{n}d").format(n=minutes // (24 * 60))


def first_name(customer_name: str) -> str:
    """Only the first name, for a screen other customers see: "Emma Bakker" → "Emma",
    "Bakker, Emma" → "Emma". No customer: empty."""
    name = customer_name.strip()
    if "," in name:
        name = name.split(",", 1)[1].strip() or name.split(",", 1)[0].strip()
    return name.split()[0] if name.split() else ""
