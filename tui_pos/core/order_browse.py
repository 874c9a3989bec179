"""What an order list screen offers (ORD-10, CHK-10): status choices, sort cycling and a one-line
description of the filter in force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tui_pos.core.date_input import date_text
from tui_pos.core.order_filter import DateField, OrderFilter, SortField, SortKey
from tui_pos.core.order_status import ACTIVE_KINDS, StatusKind
from tui_pos.core.orders import DeliveryMethod
from tui_pos.i18n import N_, _

STATUS_PREFIX = "status:"
CUSTOM = "custom"


@dataclass(frozen=True)
class StatusChoice:
    """A status filter that is one choice: a group of kinds (no single statuses)."""

    id: str
    label: str  # marked with N_, translated when shown
    kinds: frozenset[StatusKind]


#: The status groups, in the order the status key cycles through them; the first is the default.
STATUS_CHOICES: tuple[StatusChoice, ...] = (
    StatusChoice("open", N_("Open"), ACTIVE_KINDS),
    StatusChoice(
        "unfinished",
        N_("Not finished"),
        frozenset({StatusKind.DRAFT, StatusKind.OPEN, StatusKind.READY}),
    ),
    StatusChoice("all", N_("All statuses"), frozenset()),
    StatusChoice("drafts", N_("Drafts"), frozenset({StatusKind.DRAFT})),
    StatusChoice("finished", N_("Finished"), frozenset({StatusKind.DONE})),
    StatusChoice("cancelled", N_("Cancelled"), frozenset({StatusKind.CANCELLED})),
)
_CHOICES = {choice.id: choice for choice in STATUS_CHOICES}

#: The order the sort key cycles through the fields.
SORT_CYCLE: tuple[SortField, ...] = (
    SortField.CREATED_AT,
    SortField.ORDER_DATE,
    SortField.NUMBER,
    SortField.CUSTOMER,
    SortField.STATUS,
    SortField.TOTAL,
    SortField.BALANCE_DUE,
    SortField.REMINDER_DATE,
    SortField.EXPECTED_DELIVERY_DATE,
    SortField.PICKUP_DATE,
    SortField.UPDATED_AT,
)
SORT_LABELS: dict[SortField, str] = {
    SortField.NUMBER: N_("Number"),
    SortField.ORDER_DATE: N_("Order date"),
    SortField.CREATED_AT: N_("Entered"),
    SortField.UPDATED_AT: N_("Last change"),
    SortField.CUSTOMER: N_("Customer"),
    SortField.STATUS: N_("Status"),
    SortField.PICKUP_DATE: N_("Pickup date"),
    SortField.EXPECTED_DELIVERY_DATE: N_("Expected delivery"),
    SortField.REMINDER_DATE: N_("Follow-up"),
    SortField.TOTAL: N_("Total"),
    SortField.BALANCE_DUE: N_("Balance due"),
}
DATE_FIELD_LABELS: dict[DateField, str] = {
    DateField.ORDER_DATE: N_("Order date"),
    DateField.PICKUP_DATE: N_("Pickup date"),
    DateField.EXPECTED_DELIVERY_DATE: N_("Expected delivery"),
    DateField.REMINDER_DATE: N_("Follow-up date"),
}
DELIVERY_LABELS: dict[DeliveryMethod, str] = {
    DeliveryMethod.PICKUP: N_("Pickup"),
    DeliveryMethod.DELIVERY: N_("Delivery"),
}


def status_choice(spec: OrderFilter) -> str:
    """The choice id the filter's status part is: a group id, `status:KEY`, or `custom`."""
    if not spec.statuses:
        for choice in STATUS_CHOICES:
            if spec.kinds == choice.kinds:
                return choice.id
    elif len(spec.statuses) == 1 and not spec.kinds:
        return STATUS_PREFIX + next(iter(spec.statuses))
    return CUSTOM


def with_status_choice(spec: OrderFilter, choice_id: str) -> OrderFilter:
    """The filter with its status part replaced by a choice (`custom` leaves it as it is)."""
    if choice_id.startswith(STATUS_PREFIX):
        key = choice_id[len(STATUS_PREFIX) :]
        return replace(spec, statuses=frozenset({key}), kinds=frozenset())
    choice = _CHOICES.get(choice_id)
    if choice is None:
        return spec
    return replace(spec, statuses=frozenset(), kinds=choice.kinds)


def next_status_choice(spec: OrderFilter) -> OrderFilter:
    """The next status group in STATUS_CHOICES (after a single status or custom: the first)."""
    ids = [choice.id for choice in STATUS_CHOICES]
    current = status_choice(spec)
    following = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
    return with_status_choice(spec, following)


def sort_of(spec: OrderFilter) -> SortKey:
    """The key the list is sorted by first."""
    return spec.sort[0] if spec.sort else SortKey(SortField.CREATED_AT)


def sorted_by(spec: OrderFilter, field: SortField, *, descending: bool = False) -> OrderFilter:
    """Sort by one field; ties by entry time in the same direction (then the store's id)."""
    keys = [SortKey(field, descending)]
    if field is not SortField.CREATED_AT:
        keys.append(SortKey(SortField.CREATED_AT, descending))
    return replace(spec, sort=tuple(keys))


def next_sort(spec: OrderFilter) -> OrderFilter:
    """The next field of SORT_CYCLE, ascending."""
    current = sort_of(spec).field
    index = SORT_CYCLE.index(current) + 1 if current in SORT_CYCLE else 0
    return sorted_by(spec, SORT_CYCLE[index % len(SORT_CYCLE)])


def reverse_sort(spec: OrderFilter) -> OrderFilter:
    key = sort_of(spec)
    return sorted_by(spec, key.field, descending=not key.descending)


def toggle_sort(spec: OrderFilter, field: SortField) -> OrderFilter:
    """A column header chosen: sort by it ascending, or reversed when it already sorts."""
    key = sort_of(spec)
    if key.field is field:
        return sorted_by(spec, field, descending=not key.descending)
    return sorted_by(spec, field)


def sort_text(spec: OrderFilter) -> str:
    key = sort_of(spec)
    arrow = "▼" if key.descending else "▲"
    return f"{_(SORT_LABELS[key.field])} {arrow}"


def describe(
    spec: OrderFilter,
    *,
    status_label: Callable[[str], str],
    customer_name: Callable[[str], str | None] = lambda code: None,
) -> str:
    """The filter in force as one line, e.g. "Open · Customer Emma Bakker (C102) · Overdue"."""
    choice = status_choice(spec)
    if choice.startswith(STATUS_PREFIX):
        parts = [status_label(choice[len(STATUS_PREFIX) :])]
    elif choice == CUSTOM:
        labels = sorted(status_label(key) for key in spec.statuses)
        labels += sorted(kind.value for kind in spec.kinds)
        parts = [", ".join(labels)]
    else:
        parts = [_(_CHOICES[choice].label)]
    if spec.types:
        parts.append(", ".join(sorted(t.display() for t in spec.types)))
    if spec.customer_code is not None:
        name = customer_name(spec.customer_code)
        who = f"{name} ({spec.customer_code})" if name else spec.customer_code
        parts.append(_("Customer {name}").format(name=who))
    if spec.contact:
        parts.append(_("Contact “{text}”").format(text=spec.contact))
    if spec.employee is not None:
        parts.append(_("Employee {name}").format(name=spec.employee))
    if spec.branch is not None:
        parts.append(_("Branch {name}").format(name=spec.branch))
    if spec.delivery_method is not None:
        parts.append(_(DELIVERY_LABELS[spec.delivery_method]))
    if spec.date_from or spec.date_to:
        parts.append(
            f"{_(DATE_FIELD_LABELS[spec.date_field])} "
            f"{date_text(spec.date_from)}…{date_text(spec.date_to)}"
        )
    if spec.overdue_on is not None:
        parts.append(_("Overdue follow-ups"))
    return " · ".join(parts)
