"""The till's side of orders in the core (CHK-9, CHK-10): a new customer's fields, cart lines to
order lines, payments to order credits with cash rounding, where a settled order moves, the
settlement sale and the confirmation slip."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from order_helpers import Numbers, draft_order, line, make_ctx

from tui_pos.core.cart import Cart, ManualDiscount
from tui_pos.core.catalog import ArticleInfo
from tui_pos.core.customer_entry import (
    CustomerForm,
    country_of_locale,
    normalize_phone,
    normalize_postcode,
    validate_customer,
)
from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.order_actions import confirm, move_status
from tui_pos.core.order_lines import DiscountKind
from tui_pos.core.order_payments import take_down_payment
from tui_pos.core.order_qr import parse_order_qr
from tui_pos.core.order_slip import SlipFormat, build_order_slip, order_qr
from tui_pos.core.order_till import (
    DEPOSIT_METHOD,
    cart_new_lines,
    check_settleable,
    order_cart,
    order_credits,
    price_pins,
    settle_target,
    settlement_sale,
)
from tui_pos.core.orders import Channel
from tui_pos.core.payments import PaymentMethod, PaymentSession
from tui_pos.core.receipt import ShopHeader

CASH = PaymentMethod("cash", "Cash", "cash")
CARD = PaymentMethod("card", "Card", "card")
BREAD = ArticleInfo("1002", "Bread", "BAKERY", D("9"), D("2.49"))


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [("NL", "1234ab", "1234 AB"), ("NL", " 1017 gl ", "1017 GL"), ("NO", "0150", "0150")],
)
def test_postcodes_are_written_the_country_s_way(country: str, typed: str, stored: str) -> None:
    assert normalize_postcode(typed, country) == stored


@pytest.mark.parametrize(
    ("country", "typed", "example"),
    [("NL", "0123 AB", "1234 AB"), ("NL", "1234", "1234 AB"), ("NO", "12345", "1234")],
)
def test_bad_postcodes_say_the_format(country: str, typed: str, example: str) -> None:
    with pytest.raises(InvalidInput, match=f"like {example}") as caught:
        normalize_postcode(typed, country)
    assert caught.value.field == "postcode"


@pytest.mark.parametrize("typed", ["+31 6 1234 5678", "06-12345678", "(020) 123 4567"])
def test_phone_numbers_with_separators_are_accepted(typed: str) -> None:
    assert normalize_phone(typed) == typed


@pytest.mark.parametrize("typed", ["06 abc", "12345", "+31 6 1234 5678 9012 34", "6+12345678"])
def test_bad_phone_numbers_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="digits"):
        normalize_phone(typed)


def test_a_new_customer_needs_a_name_and_a_way_to_reach_them() -> None:
    with pytest.raises(InvalidInput, match="needs a name"):
        validate_customer(CustomerForm(email="a@b.nl"), "NL")
    with pytest.raises(InvalidInput, match="e-mail address or a phone") as caught:
        validate_customer(CustomerForm(name="Jan"), "NL")
    assert caught.value.field == "email"
    new = validate_customer(CustomerForm(name=" Jan ", email="jan@example.nl"), "NL")
    assert (new.name, new.email, new.postcode) == ("Jan", "jan@example.nl", "")


def test_the_country_comes_from_the_locale() -> None:
    assert [country_of_locale(x) for x in ("nl_NL", "nb_NO", "en")] == ["NL", "NO", ""]


def test_cart_lines_keep_their_manual_discount_and_note() -> None:
    cart = Cart()
    first = cart.add(BREAD, D("3"))
    cart.set_manual(first.id, ManualDiscount("pct", D("10")))
    cart.set_note(first.id, "sliced")
    cart.add(replace(BREAD, code="1003", name="Cheese", unit="kg"), D("0.350"))
    lines = cart_new_lines(cart.lines)
    assert [(n.article_code, n.qty, n.unit_price, n.weighed, n.note) for n in lines] == [
        ("1002", D("3"), D("2.49"), False, "sliced"),
        ("1003", D("0.350"), D("2.49"), True, ""),
    ]
    assert lines[0].discount is not None
    assert (lines[0].discount.kind, lines[0].discount.value) == (DiscountKind.PERCENTAGE, 10)


def test_a_line_the_order_prices_differently_is_pinned_to_the_till_s_price() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line("Bread", qty="2", price="2.49"), line("Cheese", price="5.00"))
    cart = Cart()
    cart.add(BREAD, D("2"))
    cart.add(replace(BREAD, code="1003", list_price=D("5.00")), D("1"))
    cart.set_manual(cart.lines[1].id, ManualDiscount("price", D("4.50")))
    pins = price_pins(order.lines, [ln.priced for ln in cart.lines])
    assert [(p.id, p.discount) for p in pins] == [
        (order.lines[1].id, replace(pins[0].discount, kind=DiscountKind.PRICE_OVERRIDE))
    ]
    assert pins[0].discount is not None and pins[0].discount.value == D("4.50")


def session(total: str, *payments: tuple[PaymentMethod, str]) -> PaymentSession:
    s = PaymentSession(D(total), cash_step=D("0.05"), has_customer=True)
    for method, amount in payments:
        s.add(method, D(amount))
    return s


def test_cash_rounding_is_the_shop_s_the_order_is_credited_in_full() -> None:
    paid = session("12.69", (CARD, "2.00"), (CASH, "20"))  # cash due 10,70 for 10,69
    credits = order_credits(paid)
    assert [(c.method, c.amount) for c in credits] == [("card", D("2.00")), ("cash", D("10.69"))]
    assert sum(c.amount for c in credits) == D("12.69")


def test_an_unsettled_session_credits_nothing() -> None:
    with pytest.raises(InvalidInput, match="Still"):
        order_credits(session("12.69", (CARD, "2.00")))


def confirmed(total: str = "30.00"):  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    order = draft_order(ctx, line("Cake", price=total))
    confirm(ctx, order, who="emp1", number_source=Numbers())
    return ctx, order


def test_a_settled_order_moves_to_the_first_done_state_of_the_flow() -> None:
    ctx, order = confirmed()
    assert settle_target(ctx.flow, order) == "completed"
    move_status(ctx, order, "ready_for_invoicing", who="emp1")
    assert settle_target(ctx.flow, order) == "paid"


def test_quotes_drafts_and_finished_orders_cannot_be_settled() -> None:
    ctx = make_ctx()
    draft = draft_order(ctx, line())
    with pytest.raises(PosError, match="nothing to settle"):
        check_settleable(ctx.flow, draft)
    ctx, order = confirmed()
    move_status(ctx, order, "completed", who="emp1")
    with pytest.raises(PosError, match="Completed: there is nothing to settle"):
        check_settleable(ctx.flow, order)


def test_the_settlement_sale_counts_the_down_payment_and_this_visit() -> None:
    ctx, order = confirmed("30.00")
    take_down_payment(ctx, order, method="card", who="emp1", channel=Channel.TILL, amount="10")
    visit = session("20.00", (CASH, "50"))
    sale = settlement_sale(
        order,
        visit,
        till_id="T1",
        cashier="Sanne",
        currency="EUR",
        now=datetime(2026, 3, 2, 10, tzinfo=UTC),
        deposit_label="Paid on order SO-1001",
    )
    assert sale.order_ref == "SO-1001" and sale.subtotal == D("30.00") and sale.rounding == 0
    assert [(p.method_id, p.amount, p.tendered) for p in sale.payments] == [
        (DEPOSIT_METHOD, D("10"), D("10")),
        ("cash", D("20.00"), D("50")),
    ]
    assert sale.change == D("30") and sale.customer_name == "Jansen Bakkerij"
    with pytest.raises(InvalidInput, match="changed while paying"):
        settlement_sale(
            order,
            session("30.00", (CARD, "30.00")),
            till_id="T1",
            cashier="Sanne",
            currency="EUR",
            now=datetime(2026, 3, 2, 10, tzinfo=UTC),
            deposit_label="x",
        )


def test_the_order_shows_at_the_till_as_it_is_priced() -> None:
    _ctx, order = confirmed("30.00")
    cart = order_cart(order)
    assert [(ln.article.name, ln.priced.line_total) for ln in cart.lines] == [("Cake", D("30.00"))]
    cart.reprice()  # never priced again at the till
    assert cart.totals().total == order.totals().total_incl_vat


def test_the_confirmation_slip_names_the_order_and_carries_its_qr_code() -> None:
    ctx, order = confirmed("30.00")
    order.header = replace(order.header, pickup_date=date(2026, 3, 4), note="Candles")
    take_down_payment(ctx, order, method="cash", who="emp1", channel=Channel.TILL, amount="5")
    slip = build_order_slip(
        order,
        ShopHeader("De Hoek", ("Kerkstraat 12",)),
        SlipFormat(money=str, date=lambda d: d.isoformat(), method_label=str.title),
        placed_at="02-03-2026 10:30",
        paid_now=tuple(order.payments),
        open_drawer=True,
    )
    text = slip.plain_text()
    assert slip.kind == "order_slip" and slip.ref == "SO-1001"
    for expected in ("Order SO-1001", "Jansen Bakkerij", "Pickup on 2026-03-04", "Candles"):
        assert expected in text
    assert "Balance due" in text and "25.00" in text and "Cash" in text
    assert f"[QR {order_qr(order)}]" in text
    qr = parse_order_qr(order_qr(order))
    assert (qr.number, qr.order_id) == ("SO-1001", order.id)
