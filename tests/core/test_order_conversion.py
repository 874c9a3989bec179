"""Quote → order conversion carries customer, lines, prices and totals (ORD-6), once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from order_helpers import FakeClock, Numbers, draft_order, line, make_ctx

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.order_actions import cancel, confirm
from tui_pos.core.order_conversion import convert_quote
from tui_pos.core.order_editing import add_group, add_line, update_header
from tui_pos.core.order_lines import DiscountKind, ManualDiscount, PriceResult
from tui_pos.core.order_log import LogAction
from tui_pos.core.orders import CustomerRef, OrderType


def test_conversion_carries_everything_and_closes_the_quote() -> None:
    clock = FakeClock()
    # a pricer that would give other prices now: conversion must keep the quoted ones
    ctx = make_ctx(clock=clock)
    quote = draft_order(
        ctx,
        line("Design", qty="2", price="50.00", vat="21"),
        order_type=OrderType.QUOTE,
        subject="New shop sign",
        our_reference="Piet",
        payment_terms="14 days",
        pickup_date=date(2026, 3, 20),
    )
    group = add_group(ctx, quote, "Installation", who="e")
    discount = ManualDiscount(DiscountKind.AMOUNT_OFF, Decimal("5"))
    add_line(
        ctx,
        quote,
        line("Mounting", price="80.00", vat="21", group_id=group.id, discount=discount),
        who="e",
    )
    confirm(ctx, quote, who="e", number_source=lambda _t: "Q-7")

    clock.advance(days=3)
    later_ctx = replace(ctx, pricer=lambda _r: PriceResult(Decimal("1"), Decimal("1")))
    order = convert_quote(later_ctx, quote, who="emp2")

    assert order.type is OrderType.SALES and order.status == "draft" and order.number is None
    assert order.header.customer == CustomerRef("C100", "Jansen Bakkerij")
    assert (order.header.subject, order.header.our_reference, order.header.payment_terms) == (
        "New shop sign",
        "Piet",
        "14 days",
    )
    assert order.header.order_date == clock.now.date()
    assert order.header.pickup_date == date(2026, 3, 20)
    strip = ("id", "group_id")
    assert [{k: v for k, v in vars(ln).items() if k not in strip} for ln in order.lines] == [
        {k: v for k, v in vars(ln).items() if k not in strip} for ln in quote.lines
    ]
    assert order.totals() == replace(
        quote.totals(),
        subtotals=tuple(
            replace(s, group_id=order.groups[0].id if s.group_id else None)
            for s in quote.totals().subtotals
        ),
    )
    assert [g.heading for g in order.groups] == ["Installation"]
    assert order.lines[1].group_id == order.groups[0].id != group.id
    assert {ln.id for ln in order.lines}.isdisjoint({ln.id for ln in quote.lines})

    assert order.source_quote_id == quote.id and quote.converted_to_id == order.id
    assert quote.status == "converted" and not quote.is_editable
    assert order.log[-1].text() == "Created (Sales order) from quote Q-7."
    assert quote.log[-1].action is LogAction.CONVERTED and quote.log[-1].who == "emp2"
    assert quote.log[-1].params["order_id"] == order.id


def test_converting_twice_is_refused() -> None:
    ctx = make_ctx()
    quote = draft_order(ctx, line(), order_type=OrderType.QUOTE)
    convert_quote(ctx, quote, who="e")
    version = quote.version
    with pytest.raises(PosError, match="already converted"):
        convert_quote(ctx, quote, who="e")
    assert quote.version == version


def test_only_quotes_convert_and_not_into_quotes() -> None:
    ctx = make_ctx()
    with pytest.raises(PosError, match="Only a quote"):
        convert_quote(ctx, draft_order(ctx, line()), who="e")
    quote = draft_order(ctx, line(), order_type=OrderType.QUOTE)
    with pytest.raises(InvalidInput):
        convert_quote(ctx, quote, who="e", order_type=OrderType.QUOTE)
    service = convert_quote(ctx, quote, who="e", order_type=OrderType.SERVICE)
    assert service.type is OrderType.SERVICE


def test_a_cancelled_quote_cannot_be_converted() -> None:
    ctx = make_ctx()
    quote = draft_order(ctx, line(), order_type=OrderType.QUOTE)
    cancel(ctx, quote, who="e", confirmed=True)
    with pytest.raises(PosError, match="Fully cancelled cannot move to Converted to order"):
        convert_quote(ctx, quote, who="e")
    assert quote.converted_to_id is None


def test_past_pickup_dates_are_dropped_and_the_new_order_can_be_confirmed() -> None:
    clock = FakeClock()
    ctx = make_ctx(clock=clock)
    quote = draft_order(ctx, line(), order_type=OrderType.QUOTE, pickup_date=date(2026, 3, 3))
    clock.advance(days=5)
    order = convert_quote(ctx, quote, who="e")
    assert order.header.pickup_date is None
    update_header(ctx, order, replace(order.header, subject="Changed"), who="e")
    numbers = Numbers()
    confirm(ctx, order, who="e", number_source=numbers)
    assert numbers.asked == [OrderType.SALES]
