"""Finding orders (ORD-10, CHK-10, QUE-1): a filter and sort spec, matched in memory here and
translated to SQL by the store."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tui_pos.core.errors import InvalidInput
from tui_pos.core.order_status import ACTIVE_KINDS, StatusKind
from tui_pos.core.orders import DeliveryMethod, Order, OrderType
from tui_pos.i18n import _


class DateField(StrEnum):
    """Which date a date range applies to."""

    ORDER_DATE = "order_date"
    PICKUP_DATE = "pickup_date"
    EXPECTED_DELIVERY_DATE = "expected_delivery_date"
    REMINDER_DATE = "reminder_date"


class SortField(StrEnum):
    NUMBER = "number"
    ORDER_DATE = "order_date"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    CUSTOMER = "customer"  # by name
    STATUS = "status"  # by position in the flow when given, else by key
    PICKUP_DATE = "pickup_date"
    EXPECTED_DELIVERY_DATE = "expected_delivery_date"
    REMINDER_DATE = "reminder_date"
    TOTAL = "total"  # incl. VAT
    BALANCE_DUE = "balance_due"


@dataclass(frozen=True)
class SortKey:
    field: SortField
    descending: bool = False


def _date_of(order: Order, which: DateField) -> date | None:
    if which is DateField.REMINDER_DATE:
        return order.reminder_date
    value: date | None = getattr(order.header, which.value)
    return value


#: A word: a maximal run of letters and digits (of the casefolded text).
_WORD = re.compile(r"[^\W_]+")
#: Words are cut to this many characters, in orders and queries alike (indexes have limits).
MAX_WORD = 64


def search_words(text: str) -> list[str]:
    """The words of `text` as search sees them: casefolded runs of letters and digits, cut to
    MAX_WORD ("SO-2026/0012, Müller" → so, 2026, 0012, müller)."""
    return [word[:MAX_WORD] for word in _WORD.findall(text.casefold())]


def search_query_words(text: str) -> list[str]:
    """The query's whitespace-separated words, each normalised like the searched text (its
    words joined by one space: "2026-0123" → "2026 0123"); words without letters or digits are
    dropped. Each must occur at the beginning of a word of `search_text`."""
    normalised = (" ".join(search_words(word)) for word in text.split())
    return [word for word in normalised if word]


def search_text(order: Order) -> str:
    """What free-text search looks in: number, customer code and name, subject, references,
    note, and the lines' article codes and descriptions, as words (`search_words`), each
    preceded by one space: " so 1002 c200 vos zn ...". A query word matches where
    `" " + word` occurs in it (`OrderFilter.matches`, `LIKE '% word%'` in SQL)."""
    header = order.header
    parts = [
        order.number or "",
        header.customer.code if header.customer else "",
        header.customer.name if header.customer else "",
        header.subject,
        header.our_reference,
        header.customer_reference,
        header.note,
    ]
    for line in order.lines:
        parts.extend((line.article_code or "", line.description))
    return search_text_of(parts)


def search_text_of(parts: Iterable[str]) -> str:
    """`search_text` of these texts (the generator and the migration make it from columns)."""
    return "".join(" " + word for part in parts for word in search_words(part))


@dataclass(frozen=True)
class OrderFilter:
    """Empty fields do not filter. Text: every word must begin a word of `search_text`
    (case-insensitive; "jans" finds Jansen, "piet jans" Piet Jansen, "so-10" SO-1002, but
    "ansen" not Jansen). `contact` matches our or the customer's reference (substring).
    `overdue_on`: only orders whose reminder is overdue on that day (ORD-11)."""

    text: str = ""
    statuses: frozenset[str] = frozenset()
    kinds: frozenset[StatusKind] = frozenset()
    types: frozenset[OrderType] = frozenset()
    customer_code: str | None = None
    contact: str | None = None
    employee: str | None = None
    branch: str | None = None
    delivery_method: DeliveryMethod | None = None
    date_field: DateField = DateField.ORDER_DATE
    date_from: date | None = None
    date_to: date | None = None
    overdue_on: date | None = None
    sort: tuple[SortKey, ...] = (SortKey(SortField.ORDER_DATE), SortKey(SortField.CREATED_AT))

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidInput(_("The “from” date is after the “to” date."), field="date_from")

    @classmethod
    def open_orders(cls) -> OrderFilter:
        """The order queue / "Choose order" default: open and ready orders, oldest first."""
        return cls(kinds=ACTIVE_KINDS, sort=(SortKey(SortField.CREATED_AT),))

    def words(self) -> list[str]:
        """The search words, normalised (`search_query_words`)."""
        return search_query_words(self.text)

    def matches(self, order: Order) -> bool:
        header = order.header
        checks: list[Callable[[], bool]] = [
            lambda: not self.statuses or order.status in self.statuses,
            lambda: not self.kinds or order.status_kind in self.kinds,
            lambda: not self.types or order.type in self.types,
            lambda: (
                self.customer_code is None
                or (header.customer is not None and header.customer.code == self.customer_code)
            ),
            lambda: self.employee is None or header.employee == self.employee,
            lambda: self.branch is None or header.branch == self.branch,
            lambda: self.delivery_method is None or header.delivery_method is self.delivery_method,
            lambda: self.overdue_on is None or order.is_overdue(self.overdue_on),
            lambda: self._in_range(_date_of(order, self.date_field)),
            lambda: (
                not self.contact
                or any(
                    self.contact.casefold() in ref.casefold()
                    for ref in (header.our_reference, header.customer_reference)
                )
            ),
            lambda: self._finds(search_text(order)),
        ]
        return all(check() for check in checks)

    def _finds(self, text: str) -> bool:
        return all(" " + word in text for word in self.words())

    def _in_range(self, value: date | None) -> bool:
        if self.date_from is None and self.date_to is None:
            return True
        if value is None:
            return False
        return (self.date_from is None or value >= self.date_from) and (
            self.date_to is None or value <= self.date_to
        )


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort "SO-9" before "SO-10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def _sort_value(order: Order, field: SortField, status_rank: dict[str, int]) -> object:
    header = order.header
    match field:
        case SortField.NUMBER:
            return _natural(order.number) if order.number else None
        case SortField.ORDER_DATE:
            return header.order_date
        case SortField.CREATED_AT:
            return order.created_at
        case SortField.UPDATED_AT:
            return order.updated_at
        case SortField.CUSTOMER:
            return header.customer.name.casefold() if header.customer else None
        case SortField.STATUS:
            return (status_rank.get(order.status, len(status_rank)), order.status)
        case SortField.PICKUP_DATE:
            return header.pickup_date
        case SortField.EXPECTED_DELIVERY_DATE:
            return header.expected_delivery_date
        case SortField.REMINDER_DATE:
            return order.reminder_date
        case SortField.TOTAL:
            return order.totals().total_incl_vat
        case SortField.BALANCE_DUE:
            return order.balance_due


def sort_orders(
    orders: Iterable[Order], keys: Sequence[SortKey], *, status_order: Sequence[str] = ()
) -> list[Order]:
    """Sort by the keys, first key first; missing values (no number, no date) always last."""
    rank = {key: i for i, key in enumerate(status_order)}
    result = list(orders)
    for key in reversed(keys):
        values = {id(order): _sort_value(order, key.field, rank) for order in result}
        present = [o for o in result if values[id(o)] is not None]
        missing = [o for o in result if values[id(o)] is None]
        present.sort(key=lambda o: values[id(o)], reverse=key.descending)  # type: ignore[arg-type,return-value]
        result = present + missing
    return result


def find_orders(
    orders: Iterable[Order], spec: OrderFilter, *, status_order: Sequence[str] = ()
) -> list[Order]:
    """The matching orders, sorted as the filter says (what the in-memory fakes use)."""
    return sort_orders((o for o in orders if spec.matches(o)), spec.sort, status_order=status_order)
