"""Payment sessions: split payments, change, cash rounding only when cash settles (CHK-5)."""

from decimal import Decimal as D

import pytest

from tui_pos.core.errors import InvalidInput
from tui_pos.core.payments import PaymentMethod, PaymentSession

CASH = PaymentMethod("cash", "Cash", "cash")
CARD = PaymentMethod("card", "Card", "card")
ACCOUNT = PaymentMethod("account", "On account", "on_account")


def test_nl_cash_rounds_to_five_cents_and_gives_change() -> None:
    s = PaymentSession(D("12.47"), cash_step=D("0.05"))
    assert s.cash_due() == D("12.45")
    s.add(CASH, D("20.00"))
    assert s.settled
    assert s.rounding == D("-0.02")
    assert s.change == D("7.55")
    assert s.payments[0].amount == D("12.45")


def test_no_cash_rounds_to_whole_kroner() -> None:
    s = PaymentSession(D("99.50"), cash_step=D("1.00"))
    s.add(CASH, D("100"))
    assert s.settled and s.rounding == D("0.50") and s.change == D("0.00")


def test_card_is_never_rounded_and_cannot_overpay() -> None:
    s = PaymentSession(D("12.47"), cash_step=D("0.05"))
    with pytest.raises(InvalidInput, match=r"at most 12\.47"):
        s.add(CARD, D("12.50"))
    s.add(CARD, D("12.47"))
    assert s.settled and s.rounding == 0 and s.change == 0


def test_split_card_then_cash_rounds_only_the_cash_part() -> None:
    s = PaymentSession(D("32.48"), cash_step=D("0.05"))
    s.add(CARD, D("20.00"))
    assert not s.settled and s.remaining == D("12.48")
    s.add(CASH, D("15"))
    assert s.settled
    assert s.rounding == D("0.02")
    assert s.change == D("2.50")
    assert sum(p.amount for p in s.payments) == s.total + s.rounding


def test_partial_cash_then_card_has_no_rounding() -> None:
    s = PaymentSession(D("12.47"), cash_step=D("0.05"))
    s.add(CASH, D("5"))
    s.add(CARD, D("7.47"))
    assert s.settled and s.rounding == 0


def test_short_payment_is_not_settled() -> None:
    s = PaymentSession(D("10.00"), cash_step=D("0.05"))
    s.add(CASH, D("9.95"))
    assert not s.settled and s.remaining == D("0.05")


def test_on_account_needs_a_customer() -> None:
    with pytest.raises(InvalidInput, match="customer"):
        PaymentSession(D("5"), cash_step=D("0.05")).add(ACCOUNT, D("5"))
    s = PaymentSession(D("5"), cash_step=D("0.05"), has_customer=True)
    s.add(ACCOUNT, D("5"))
    assert s.settled


def test_zero_or_negative_amount_refused_and_nothing_changes() -> None:
    s = PaymentSession(D("5"), cash_step=D("0.05"))
    for bad in (D("0"), D("-1")):
        with pytest.raises(InvalidInput):
            s.add(CASH, bad)
    assert s.payments == [] and s.remaining == D("5")


def test_undo_cash_restores_rounding() -> None:
    s = PaymentSession(D("12.47"), cash_step=D("0.05"))
    s.add(CASH, D("20"))
    s.remove_last()
    assert s.rounding == 0 and s.remaining == D("12.47")
