"""Payment discount (PRC-9): x % off when paid within n days, half-up, recorded on payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tui_pos.core.errors import InvalidInput
from tui_pos.core.payment_discount import PaymentDiscountTerms, payment_discount

D = Decimal
INVOICED = date(2024, 5, 1)
TERMS = PaymentDiscountTerms(D("2"), 10)  # 2 % within 10 days


@pytest.mark.parametrize(
    ("paid_on", "qualifies"),
    [
        (date(2024, 4, 30), True),  # before the invoice date
        (date(2024, 5, 1), True),
        (date(2024, 5, 11), True),  # the last day
        (date(2024, 5, 12), False),
    ],
)
def test_paid_within_the_period_qualifies(paid_on: date, qualifies: bool) -> None:
    assert TERMS.deadline(INVOICED) == date(2024, 5, 11)
    assert TERMS.qualifies(INVOICED, paid_on) is qualifies
    result = payment_discount(D("100.00"), TERMS, INVOICED, paid_on)
    assert result.qualifies is qualifies
    assert result.discount == (D("2.00") if qualifies else D("0.00"))
    assert result.discount + result.amount_to_pay == D("100.00")


def test_discount_rounds_half_up() -> None:
    result = payment_discount(D("4.50"), PaymentDiscountTerms(D("1"), 8), INVOICED, INVOICED)
    assert result.discount == D("0.05")  # 0.045 → 0.05 (half-even: 0.04)
    assert result.amount_to_pay == D("4.45")


def test_no_terms_zero_pct_or_credit_earn_nothing() -> None:
    assert payment_discount(D("50"), None, INVOICED, INVOICED).discount == 0
    zero = PaymentDiscountTerms(D("0"), 30)
    assert payment_discount(D("50"), zero, INVOICED, INVOICED).qualifies is False
    credit = payment_discount(D("-50"), TERMS, INVOICED, INVOICED)
    assert (credit.qualifies, credit.discount, credit.amount_to_pay) == (False, 0, D("-50"))


@pytest.mark.parametrize(
    ("pct", "days"), [(D("-1"), 10), (D("100.5"), 10), (D("2"), -1), (D("2"), 400)]
)
def test_invalid_terms_are_refused(pct: Decimal, days: int) -> None:
    with pytest.raises(InvalidInput):
        PaymentDiscountTerms(pct, days)


def test_describe() -> None:
    assert TERMS.describe() == "2 % discount if paid within 10 days"
    assert TERMS.describe(INVOICED) == "2 % discount if paid by 2024-05-11"
