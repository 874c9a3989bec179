"""Down payments (ORD-5), cancelling with refunds owed (ORD-4)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from order_helpers import Numbers, draft_order, line, make_ctx

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.order_actions import cancel, confirm, modify
from tui_pos.core.order_context import OrderContext, PaymentMethods
from tui_pos.core.order_editing import remove_line, update_line
from tui_pos.core.order_log import LogAction
from tui_pos.core.order_payments import methods_for, record_refund, take_down_payment
from tui_pos.core.orders import Channel, MethodAmount, Order, OrderType, PaymentKind


def confirmed_order(ctx: OrderContext, price: str = "100.00") -> Order:
    order = draft_order(ctx, line("Cake", price=price))
    confirm(ctx, order, who="emp1", number_source=Numbers())
    return order


def test_amount_defaults_to_the_whole_balance() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    payment = take_down_payment(ctx, order, method="cash", who="emp2")
    assert payment.amount == Decimal("100.00")
    assert order.balance_due == Decimal("0.00")
    assert order.payments == [payment]
    entry = order.log[-1]
    assert (entry.action, entry.who, entry.at) == (LogAction.PAYMENT, "emp2", ctx.clock())
    assert entry.text() == "Payment of 100.00 by Cash at the back office; balance due now 0.00."


def test_changed_amount_and_second_payment_up_to_the_balance() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    take_down_payment(ctx, order, method="bank_transfer", who="e", amount="30,50")
    assert order.balance_due == Decimal("69.50")
    second = take_down_payment(ctx, order, method="cash", who="e")
    assert second.amount == Decimal("69.50")
    with pytest.raises(PosError, match="Nothing is left to pay"):
        take_down_payment(ctx, order, method="cash", who="e")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("100.01", "more than the balance due 100.00"),
        ("0", "more than zero"),
        ("-5", "cannot be negative"),
        ("abc", "not a number"),
        ("1.001", "two decimals"),
    ],
)
def test_bad_amounts_are_refused(amount: str, message: str) -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    version = order.version
    with pytest.raises(InvalidInput, match=message):
        take_down_payment(ctx, order, method="cash", who="e", amount=amount)
    assert order.payments == [] and order.version == version


def test_card_is_till_only() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    with pytest.raises(PosError, match="Card payments can only be taken at the till"):
        take_down_payment(ctx, order, method="card", who="e")
    assert order.payments == []
    payment = take_down_payment(
        ctx, order, method="card", who="e", channel=Channel.TILL, amount="20"
    )
    assert (payment.channel, payment.amount) == (Channel.TILL, Decimal("20.00"))
    assert "card" not in methods_for(ctx, Channel.BACK_OFFICE)


def test_unknown_method_lists_the_choices() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    with pytest.raises(InvalidInput, match="choose one of: Cash, Bank transfer"):
        take_down_payment(ctx, order, method="bitcoin", who="e")


def test_card_cannot_be_configured_for_the_back_office() -> None:
    with pytest.raises(InvalidInput, match="till only"):
        PaymentMethods(back_office=("cash", "card"))


def test_no_payment_on_a_draft_a_quote_or_a_finished_order() -> None:
    ctx = make_ctx()
    with pytest.raises(PosError, match="Confirm the order"):
        take_down_payment(ctx, draft_order(ctx, line()), method="cash", who="e")
    quote = draft_order(ctx, line(), order_type=OrderType.QUOTE)
    confirm(ctx, quote, who="e", number_source=Numbers())
    with pytest.raises(PosError, match="quote cannot take payments"):
        take_down_payment(ctx, quote, method="cash", who="e")
    done = confirmed_order(ctx)
    done.status, done.status_kind = "completed", ctx.flow.state("completed").kind
    with pytest.raises(PosError, match="Completed cannot take payments"):
        take_down_payment(ctx, done, method="cash", who="e")


def test_changes_after_payment_cannot_bring_the_total_below_what_was_paid() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    take_down_payment(ctx, order, method="cash", who="e", amount="60")
    modify(ctx, order, who="e")
    with pytest.raises(PosError, match=r"less than the 60\.00 already paid"):
        update_line(ctx, order, replace(order.lines[0], unit_price=Decimal("50")), who="e")
    with pytest.raises(PosError, match="already paid"):
        remove_line(ctx, order, order.lines[0].id, who="e")
    update_line(ctx, order, replace(order.lines[0], unit_price=Decimal("70")), who="e")
    assert order.balance_due == Decimal("10.00")


def test_cancel_needs_confirmation() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    version = order.version
    with pytest.raises(PosError, match="confirm that the order should be cancelled"):
        cancel(ctx, order, who="e", confirmed=False)
    assert order.status == "confirmed" and order.version == version


def test_cancel_without_payments_owes_nothing() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    assert cancel(ctx, order, who="emp3", confirmed=True, reason="Customer changed mind") == ()
    assert order.status == "cancelled"
    assert ctx.flow.label(order.status) == "Fully cancelled"
    assert order.refund_owed == () and order.refund_outstanding == 0 and order.balance_due == 0
    assert order.log[-1].text() == "Order cancelled: Customer changed mind"


def test_cancel_with_down_payments_records_the_refund_owed_per_method() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    take_down_payment(ctx, order, method="cash", who="e", amount="20")
    take_down_payment(ctx, order, method="card", who="e", amount="30", channel=Channel.TILL)
    version = order.version
    owed = cancel(ctx, order, who="emp3", confirmed=True)
    assert order.version == version + 1  # one operation, one version
    assert owed == (MethodAmount("cash", Decimal("20.00")), MethodAmount("card", Decimal("30.00")))
    assert order.refund_owed == owed
    assert order.refund_outstanding == Decimal("50.00")
    texts = [e.text() for e in order.log[-3:]]
    assert texts == [
        "Order cancelled.",
        "Refund owed: 20.00 paid by Cash.",
        "Refund owed: 30.00 paid by Card.",
    ]


def test_refunds_are_registered_until_nothing_is_owed() -> None:
    ctx = make_ctx()
    order = confirmed_order(ctx)
    take_down_payment(ctx, order, method="cash", who="e", amount="20")
    with pytest.raises(PosError, match="cancelled order"):
        record_refund(ctx, order, method="cash", who="e")
    cancel(ctx, order, who="e", confirmed=True)
    with pytest.raises(InvalidInput, match=r"more than the 20\.00 still owed"):
        record_refund(ctx, order, method="cash", who="e", amount="25")
    first = record_refund(ctx, order, method="cash", who="e", amount="5")
    assert first.kind is PaymentKind.REFUND and first.signed_amount == Decimal("-5.00")
    record_refund(ctx, order, method="cash", who="e")
    assert order.refund_outstanding == 0
    assert order.log[-1].text() == "Refunded 15.00 by Cash at the back office; still owed 0.00."
    with pytest.raises(PosError, match="Nothing is left to refund"):
        record_refund(ctx, order, method="cash", who="e")
