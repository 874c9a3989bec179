"""Order totals incl./excl. VAT per rate, discounts and group subtotals (ORD-2, ORD-3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from order_helpers import draft_order, line, make_ctx

from tui_pos.core.order_editing import add_group, add_line
from tui_pos.core.order_lines import DiscountKind, ManualDiscount
from tui_pos.core.orders import Order

D = Decimal


def build(prices_include_vat: bool) -> Order:
    ctx = make_ctx()
    order = draft_order(
        ctx, line("A", qty="2", price="12.10", vat="21"), prices_include_vat=prices_include_vat
    )
    g1 = add_group(ctx, order, "Bakery", who="e")
    g2 = add_group(ctx, order, "Cakes", who="e")
    add_line(ctx, order, line("B", price="5.45", vat="9", group_id=g1.id), who="e")
    add_line(ctx, order, line("C", qty="3", price="1.00", vat="9", group_id=g1.id), who="e")
    ten_pct = ManualDiscount(DiscountKind.PERCENTAGE, D("10"))
    add_line(
        ctx, order, line("D", price="10.00", vat="21", group_id=g2.id, discount=ten_pct), who="e"
    )
    return order


def test_totals_with_prices_including_vat() -> None:
    totals = build(prices_include_vat=True).totals()
    # per rate: 9 % over 8.45 gross → VAT 0.70; 21 % over 33.20 gross → VAT 5.76
    assert [(v.rate, v.net, v.vat, v.gross) for v in totals.vat_lines] == [
        (D("9"), D("7.75"), D("0.70"), D("8.45")),
        (D("21"), D("27.44"), D("5.76"), D("33.20")),
    ]
    assert (totals.total_excl_vat, totals.total_vat, totals.total_incl_vat) == (
        D("35.19"),
        D("6.46"),
        D("41.65"),
    )
    assert totals.discount_total == D("1.00")
    assert [(s.heading, s.amount, s.excl_vat, s.incl_vat) for s in totals.subtotals] == [
        ("", D("24.20"), D("20.00"), D("24.20")),
        ("Bakery", D("8.45"), D("7.75"), D("8.45")),
        ("Cakes", D("9.00"), D("7.44"), D("9.00")),
    ]


def test_totals_with_prices_excluding_vat() -> None:
    totals = build(prices_include_vat=False).totals()
    assert [(v.rate, v.net, v.vat, v.gross) for v in totals.vat_lines] == [
        (D("9"), D("8.45"), D("0.76"), D("9.21")),
        (D("21"), D("33.20"), D("6.97"), D("40.17")),
    ]
    assert (totals.total_excl_vat, totals.total_incl_vat) == (D("41.65"), D("49.38"))
    assert totals.subtotals[1].incl_vat == D("9.21")


@pytest.mark.parametrize("incl", [True, False])
def test_subtotals_add_up_to_the_lines_and_balance_is_total_minus_paid(incl: bool) -> None:
    order = build(prices_include_vat=incl)
    totals = order.totals()
    assert sum(s.amount for s in totals.subtotals) == sum(ln.line_total for ln in order.lines)
    assert totals.total_incl_vat == totals.total_excl_vat + totals.total_vat
    assert order.balance_due == totals.total_incl_vat


def test_an_empty_order_totals_zero() -> None:
    totals = draft_order(make_ctx()).totals()
    assert (totals.total_incl_vat, totals.vat_lines, totals.subtotals) == (0, (), ())


def test_empty_group_shows_a_zero_subtotal() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    add_group(ctx, order, "Later", who="e")
    assert [(s.heading, s.amount) for s in order.totals().subtotals] == [
        ("", D("10.00")),
        ("Later", 0),
    ]
