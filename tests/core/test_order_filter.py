"""Finding orders: filter matching and sorting (ORD-10, CHK-10, QUE-1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from order_helpers import TODAY, FakeClock, Numbers, draft_order, line, make_ctx

from tui_pos.core.errors import InvalidInput
from tui_pos.core.order_actions import cancel, confirm, move_status, set_reminder
from tui_pos.core.order_filter import (
    MAX_WORD,
    DateField,
    OrderFilter,
    SortField,
    SortKey,
    find_orders,
    search_text,
    search_words,
    sort_orders,
)
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import CustomerRef, DeliveryMethod, Order, OrderType


@pytest.fixture
def orders() -> dict[str, Order]:
    clock = FakeClock()
    ctx = make_ctx(clock=clock)
    numbers = Numbers()

    def confirmed(*lines: object, **hdr: object) -> Order:
        clock.advance(minutes=10)
        order = draft_order(ctx, *lines, **hdr)  # type: ignore[arg-type]
        confirm(ctx, order, who="e", number_source=numbers)
        return order

    cake = confirmed(line("Wedding cake", price="250.00", article_code="CAKE-1"), subject="Wedding")
    bread = confirmed(
        line("Bread"),
        customer=CustomerRef("C200", "Vos & Zn"),
        employee="piet",
        branch="north",
        delivery_method=DeliveryMethod.DELIVERY,
        expected_delivery_date=date(2026, 3, 10),
        customer_reference="Mrs Vos",
    )
    move_status(ctx, bread, "ready_for_pickup", who="e")
    set_reminder(ctx, bread, TODAY, who="e")
    gone = confirmed(line("Pie"), pickup_date=date(2026, 3, 5), our_reference="Anna")
    cancel(ctx, gone, who="e", confirmed=True)
    clock.advance(minutes=10)
    quote = draft_order(
        ctx, line("Catering", price="90"), order_type=OrderType.QUOTE, order_date=date(2026, 3, 4)
    )
    return {"cake": cake, "bread": bread, "gone": gone, "quote": quote}


def names(orders: dict[str, Order], found: list[Order]) -> list[str]:
    by_id = {o.id: k for k, o in orders.items()}
    return [by_id[o.id] for o in found]


def test_open_orders_filter_is_the_queue_default_oldest_first(orders: dict[str, Order]) -> None:
    found = find_orders(orders.values(), OrderFilter.open_orders())
    assert names(orders, found) == ["cake", "bread"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (OrderFilter(), {"cake", "bread", "gone", "quote"}),
        (OrderFilter(text="wedding"), {"cake"}),
        (OrderFilter(text="cake-1"), {"cake"}),  # article code on a line
        (OrderFilter(text="vos bread"), {"bread"}),  # every word must match
        (OrderFilter(text="vos cake"), set()),
        (OrderFilter(text="SO-1002"), {"bread"}),
        (OrderFilter(text="so-100"), {"cake", "bread", "gone"}),
        (OrderFilter(text="ake"), set()),  # not the beginning of a word
        (OrderFilter(statuses=frozenset({"cancelled"})), {"gone"}),
        (OrderFilter(kinds=frozenset({StatusKind.DRAFT})), {"quote"}),
        (OrderFilter(types=frozenset({OrderType.QUOTE})), {"quote"}),
        (OrderFilter(customer_code="C200"), {"bread"}),
        (OrderFilter(employee="piet"), {"bread"}),
        (OrderFilter(branch="main"), {"cake", "gone", "quote"}),
        (OrderFilter(delivery_method=DeliveryMethod.DELIVERY), {"bread"}),
        (OrderFilter(contact="anna"), {"gone"}),
        (OrderFilter(contact="vos"), {"bread"}),
        (OrderFilter(date_from=date(2026, 3, 3)), {"quote"}),
        (OrderFilter(date_to=date(2026, 3, 2)), {"cake", "bread", "gone"}),
        (
            OrderFilter(date_field=DateField.PICKUP_DATE, date_from=date(2026, 3, 1)),
            {"gone"},
        ),
        (
            OrderFilter(date_field=DateField.EXPECTED_DELIVERY_DATE, date_to=date(2026, 3, 10)),
            {"bread"},
        ),
        (OrderFilter(overdue_on=date(2026, 3, 3)), {"bread"}),
        (OrderFilter(overdue_on=TODAY), set()),
    ],
)
def test_filter_matches(orders: dict[str, Order], spec: OrderFilter, expected: set[str]) -> None:
    assert {k for k, o in orders.items() if spec.matches(o)} == expected


def test_a_reversed_date_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="after"):
        OrderFilter(date_from=date(2026, 3, 5), date_to=date(2026, 3, 1))


def test_sorting_by_several_keys_with_missing_values_last(orders: dict[str, Order]) -> None:
    all_orders = list(orders.values())
    by_total = sort_orders(all_orders, [SortKey(SortField.TOTAL, descending=True)])
    assert names(orders, by_total) == ["cake", "quote", "bread", "gone"]
    by_number = sort_orders(all_orders, [SortKey(SortField.NUMBER, descending=True)])
    assert names(orders, by_number) == ["gone", "bread", "cake", "quote"]  # the quote has none
    by_customer = sort_orders(
        all_orders, [SortKey(SortField.CUSTOMER), SortKey(SortField.CREATED_AT, True)]
    )
    assert names(orders, by_customer) == ["quote", "gone", "cake", "bread"]
    flow_order = ["draft", "confirmed", "ready_for_pickup", "cancelled"]
    by_status = sort_orders(all_orders, [SortKey(SortField.STATUS)], status_order=flow_order)
    assert names(orders, by_status) == ["quote", "cake", "bread", "gone"]
    assert names(orders, sort_orders(all_orders, [SortKey(SortField.BALANCE_DUE)])) == [
        "gone",
        "bread",
        "quote",
        "cake",
    ]


def test_numbers_sort_naturally() -> None:
    ctx = make_ctx()
    a, b = draft_order(ctx, line()), draft_order(ctx, line())
    a.number, b.number = "SO-10", "SO-9"
    assert sort_orders([a, b], [SortKey(SortField.NUMBER)]) == [b, a]


def test_sort_by_updated_at_follows_the_clock() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, 0))
    ctx = make_ctx(clock=clock)
    first, second = draft_order(ctx, line()), draft_order(ctx, line())
    clock.advance(hours=1)
    confirm(ctx, first, who="e", number_source=Numbers())
    assert sort_orders([first, second], [SortKey(SortField.UPDATED_AT)]) == [second, first]


def test_search_text_is_the_orders_words_each_after_a_space() -> None:
    order = draft_order(
        make_ctx(),
        line("Søren's Smørrebrød, 2×", article_code="SMØR_1"),
        customer=CustomerRef("C-7", "Müller-Lüdenscheid & Straße"),
        subject="  Ærø  ",
    )
    order.number = "SO-2026-012345"
    assert search_text(order) == (
        " so 2026 012345 c 7 müller lüdenscheid strasse ærø smør 1 søren s smørrebrød 2"
    )
    assert search_words("x" * 70 + " y") == ["x" * MAX_WORD, "y"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Piet  JANS", ["piet", "jans"]),
        ("2026-0123", ["2026 0123"]),  # one query word: a phrase
        ("- / %", []),  # nothing to look for: no filter
        ("50% off_", ["50", "off"]),
        ("STRAẞE", ["strasse"]),
    ],
)
def test_query_words_are_normalised_like_the_text(query: str, words: list[str]) -> None:
    assert OrderFilter(text=query).words() == words


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("jans", True),
        ("piet jans", True),
        ("JANSEN piet", True),  # every word, in any order
        ("ansen", False),  # the beginning of a word, not any substring
        ("pietjansen", False),
        ("2026-0123", True),  # so 2026 012345
        ("so 2026 012", True),
        ("2026-0124", False),
        ("026", False),
        ("SO-2026-012345", True),
        ("ærø", True),
        ("ÆRØ", True),
        ("ødegård", True),
        ("odegard", False),  # diacritics count
        ("strasse", True),
        ("straß", True),  # ß casefolds to ss
        ("müll", True),
        ("lüdensch", True),
        ("tart", True),
        ("rhubarb-tart", True),
        ("rhubarb tart cake", False),
        ("", True),
        ("---", True),  # no words: no filter
    ],
)
def test_search_finds_the_beginnings_of_words(query: str, found: bool) -> None:
    order = draft_order(
        make_ctx(),
        line("Rhubarb-tart"),
        customer=CustomerRef("C200", "Piet Jansen"),
        subject="Søren Ødegård, Ærø; Müller-Lüdenscheid Straße",
    )
    order.number = "SO-2026-012345"
    assert OrderFilter(text=query).matches(order) is found
