"""The sales order aggregate (ORD-1..3, 5, 11, 12): header, lines, payments, log and version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from tui_pos.core.errors import NotFound
from tui_pos.core.money import ZERO
from tui_pos.core.order_lines import LineGroup, OrderLine
from tui_pos.core.order_log import N_, LogEntry
from tui_pos.core.order_status import StatusKind
from tui_pos.core.order_totals import OrderTotals, compute_totals
from tui_pos.i18n import _


class OrderType(StrEnum):
    SALES = "sales_order"
    SERVICE = "service_order"
    QUOTE = "quote"

    def display(self) -> str:
        return _(ORDER_TYPE_LABELS[self])


ORDER_TYPE_LABELS = {
    OrderType.SALES: N_("Sales order"),
    OrderType.SERVICE: N_("Service order"),
    OrderType.QUOTE: N_("Quote"),
}


class DeliveryMethod(StrEnum):
    PICKUP = "pickup"
    DELIVERY = "delivery"


class Channel(StrEnum):
    """Where a payment is taken: card ("pin") only works at the till (ORD-5)."""

    BACK_OFFICE = "back_office"
    TILL = "till"


class PaymentKind(StrEnum):
    DOWN_PAYMENT = "down_payment"
    REFUND = "refund"


@dataclass(frozen=True)
class CustomerRef:
    """The customer as the order knows it (code and name at the time of ordering)."""

    code: str
    name: str


@dataclass(frozen=True)
class OrderHeader:
    """The order form's header (ORD-1, CHK-9). Change it with `dataclasses.replace` and
    `order_actions.update_header`, which logs each changed field."""

    employee: str
    branch: str
    order_date: date
    customer: CustomerRef | None = None
    subject: str = ""
    our_reference: str = ""
    customer_reference: str = ""
    note: str = ""
    delivery_method: DeliveryMethod = DeliveryMethod.PICKUP
    pickup_date: date | None = None
    expected_delivery_date: date | None = None
    payment_terms: str = ""
    fixed_text: str = ""
    prices_include_vat: bool = True
    custom_fields: Mapping[str, str] = field(default_factory=dict)


#: Header field names as shown in the activity log (English source strings).
HEADER_FIELD_LABELS: dict[str, str] = {
    "employee": N_("Employee"),
    "branch": N_("Branch"),
    "order_date": N_("Order date"),
    "customer": N_("Customer"),
    "subject": N_("Subject"),
    "our_reference": N_("Our reference"),
    "customer_reference": N_("Customer reference"),
    "note": N_("Note"),
    "delivery_method": N_("Delivery method"),
    "pickup_date": N_("Pickup date"),
    "expected_delivery_date": N_("Expected delivery date"),
    "payment_terms": N_("Payment terms"),
    "fixed_text": N_("Fixed text"),
    "prices_include_vat": N_("Prices incl. VAT"),
    "custom_fields": N_("Extra fields"),
}


@dataclass(frozen=True)
class Payment:
    """A down payment (or, on a cancelled order, a refund) registered on the order.
    `amount` is always positive; `signed_amount` is negative for refunds."""

    id: str
    kind: PaymentKind
    method: str
    amount: Decimal
    channel: Channel
    at: datetime
    who: str
    reference: str = ""

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.kind is PaymentKind.REFUND else self.amount


@dataclass(frozen=True)
class MethodAmount:
    method: str
    amount: Decimal


@dataclass(frozen=True)
class Attachment:
    """Metadata of a file stored with the order (ORD-12); the bytes live at `stored_path`."""

    id: str
    file_name: str
    size: int
    sha256: str
    stored_path: str
    added_at: datetime
    added_by: str


@dataclass
class Order:
    """A sales order, service order or quote. Change it only through the functions in
    `order_actions`, `order_payments` and `order_conversion`: they validate first (bad input
    changes nothing), append to `log` and bump `version` once per operation.

    `status_kind` mirrors the flow's kind of `status` so lists can filter without the flow.
    `stored_version` is the version last read from or written to the store; the store saves
    with "WHERE version = stored_version" and then sets stored_version = version."""

    id: str
    type: OrderType
    header: OrderHeader
    status: str
    status_kind: StatusKind
    created_at: datetime
    created_by: str
    updated_at: datetime
    number: str | None = None
    lines: list[OrderLine] = field(default_factory=list)
    groups: list[LineGroup] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    refund_owed: tuple[MethodAmount, ...] = ()
    reminder_date: date | None = None
    reminder_note: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    source_quote_id: str | None = None
    converted_to_id: str | None = None
    log: list[LogEntry] = field(default_factory=list)
    version: int = 0
    stored_version: int = 0

    @property
    def is_editable(self) -> bool:
        return self.status_kind is StatusKind.DRAFT

    @property
    def is_quote(self) -> bool:
        return self.type is OrderType.QUOTE

    @property
    def is_dirty(self) -> bool:
        """Changed since it was last loaded or saved (ORD-9: leaving the form must ask)."""
        return self.version != self.stored_version

    def totals(self) -> OrderTotals:
        return compute_totals(
            self.lines, self.groups, prices_include_vat=self.header.prices_include_vat
        )

    @property
    def paid_total(self) -> Decimal:
        """Down payments minus refunds."""
        return sum((p.signed_amount for p in self.payments), ZERO)

    @property
    def balance_due(self) -> Decimal:
        """What the customer still owes (0 on a cancelled order: see `refund_outstanding`)."""
        if self.status_kind is StatusKind.CANCELLED:
            return ZERO
        return self.totals().total_incl_vat - self.paid_total

    @property
    def refund_outstanding(self) -> Decimal:
        """What must still be paid back to the customer of a cancelled order (ORD-4)."""
        if self.status_kind is not StatusKind.CANCELLED:
            return ZERO
        return max(self.paid_total, ZERO)

    def is_overdue(self, today: date) -> bool:
        """The follow-up date has passed and the order is still active (ORD-11)."""
        return (
            self.reminder_date is not None
            and self.reminder_date < today
            and self.status_kind not in (StatusKind.DONE, StatusKind.CANCELLED)
        )

    def line(self, line_id: str) -> OrderLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise NotFound(_("This order has no such line (it may have been removed)."))

    def group(self, group_id: str) -> LineGroup:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise NotFound(_("This order has no such group (it may have been removed)."))

    def sections(self) -> list[tuple[LineGroup | None, list[OrderLine]]]:
        """Lines as shown: ungrouped lines first, then each group (in order) with its lines."""
        out: list[tuple[LineGroup | None, list[OrderLine]]] = []
        ungrouped = [line for line in self.lines if line.group_id is None]
        if ungrouped:
            out.append((None, ungrouped))
        for group in self.groups:
            out.append((group, [line for line in self.lines if line.group_id == group.id]))
        return out

    def record(self, *entries: LogEntry) -> None:
        """Append log entries for one change and bump the version once."""
        self.log.extend(entries)
        self.version += 1
        if entries:
            self.updated_at = entries[-1].at
