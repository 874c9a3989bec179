"""The order list's choices: status groups, sort cycling, the filter's description."""

from __future__ import annotations

from datetime import date

from tui_pos.core.order_browse import (
    STATUS_CHOICES,
    describe,
    next_sort,
    next_status_choice,
    reverse_sort,
    sort_text,
    status_choice,
    toggle_sort,
    with_status_choice,
)
from tui_pos.core.order_filter import OrderFilter, SortField, SortKey
from tui_pos.core.order_status import ACTIVE_KINDS, StatusKind
from tui_pos.core.orders import DeliveryMethod, OrderType


def test_default_open_orders_is_the_first_status_choice() -> None:
    spec = OrderFilter.open_orders()
    assert status_choice(spec) == STATUS_CHOICES[0].id == "open"
    assert spec.kinds == ACTIVE_KINDS


def test_status_choices_cycle_and_single_statuses() -> None:
    spec = OrderFilter.open_orders()
    seen = []
    for _ in STATUS_CHOICES:
        seen.append(status_choice(spec))
        spec = next_status_choice(spec)
    assert seen == [choice.id for choice in STATUS_CHOICES]
    assert status_choice(spec) == "open"  # round again
    single = with_status_choice(spec, "status:ready_for_pickup")
    assert single.statuses == {"ready_for_pickup"} and not single.kinds
    assert status_choice(single) == "status:ready_for_pickup"
    assert status_choice(next_status_choice(single)) == "open"
    both = OrderFilter(statuses=frozenset({"a", "b"}))
    assert status_choice(both) == "custom"
    assert with_status_choice(both, "custom") == both
    assert with_status_choice(both, "cancelled").kinds == {StatusKind.CANCELLED}


def test_sorting_cycles_reverses_and_toggles_with_a_tie_breaker() -> None:
    spec = OrderFilter.open_orders()  # entered, oldest first
    by_date = next_sort(spec)
    assert by_date.sort == (SortKey(SortField.ORDER_DATE), SortKey(SortField.CREATED_AT))
    newest = reverse_sort(by_date)
    assert newest.sort == (
        SortKey(SortField.ORDER_DATE, descending=True),
        SortKey(SortField.CREATED_AT, descending=True),
    )
    by_total = toggle_sort(newest, SortField.TOTAL)
    assert by_total.sort[0] == SortKey(SortField.TOTAL)
    assert toggle_sort(by_total, SortField.TOTAL).sort[0] == SortKey(SortField.TOTAL, True)
    assert sort_text(by_total) == "Total ▲"
    assert by_total.kinds == spec.kinds  # sorting keeps the filter


def test_describe_names_every_filter() -> None:
    spec = OrderFilter(
        statuses=frozenset({"confirmed"}),
        types=frozenset({OrderType.QUOTE}),
        customer_code="C100",
        contact="Jan",
        employee="Sanne",
        branch="AMS",
        delivery_method=DeliveryMethod.DELIVERY,
        date_from=date(2026, 11, 1),
        date_to=date(2026, 11, 30),
        overdue_on=date(2026, 11, 22),
    )
    text = describe(
        spec,
        status_label={"confirmed": "Confirmed"}.__getitem__,
        customer_name={"C100": "Bakkerij de Vries"}.get,
    )
    assert text == (
        "Confirmed · Quote · Customer Bakkerij de Vries (C100) · Contact “Jan” · Employee Sanne"
        " · Branch AMS · Delivery · Order date 01-11-2026…30-11-2026 · Overdue follow-ups"
    )
    assert describe(OrderFilter(), status_label=str) == "All statuses"
