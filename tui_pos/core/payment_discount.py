"""Payment discount (PRC-9): "x % off when paid within n days" and what paying in time records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tui_pos.core.errors import InvalidInput
from tui_pos.core.money import CENT, HUNDRED, ZERO, round_money
from tui_pos.i18n import _

#: Longest discount period accepted; guards against a year typed as a number of days.
MAX_DAYS = 366


@dataclass(frozen=True)
class PaymentDiscountTerms:
    """x % off the invoice amount when it is paid within `days` days of the invoice date."""

    pct: Decimal
    days: int

    def __post_init__(self) -> None:
        if not self.pct.is_finite() or self.pct < ZERO or self.pct > HUNDRED:
            raise InvalidInput(_("Payment discount must be between 0 and 100 %."))
        if isinstance(self.days, bool) or not 0 <= self.days <= MAX_DAYS:
            raise InvalidInput(
                _("Payment discount period must be 0 to {max} days.").format(max=MAX_DAYS)
            )

    def deadline(self, invoice_date: date) -> date:
        """The last day on which paying still earns the discount."""
        return invoice_date + timedelta(days=self.days)

    def qualifies(self, invoice_date: date, paid_on: date) -> bool:
        """Paid on or before the deadline (paying before the invoice date counts too)."""
        return self.pct > ZERO and paid_on <= self.deadline(invoice_date)

    def describe(self, invoice_date: date | None = None) -> str:
        pct = format(self.pct.normalize(), "f")
        if invoice_date is None:
            return _("{pct} % discount if paid within {days} days").format(pct=pct, days=self.days)
        return _("{pct} % discount if paid by {deadline}").format(
            pct=pct, deadline=self.deadline(invoice_date).isoformat()
        )


@dataclass(frozen=True)
class PaymentDiscount:
    """What a payment records: the discount earned (0 when late) and the amount still to pay."""

    qualifies: bool
    discount: Decimal
    amount_to_pay: Decimal


def payment_discount(
    amount_due: Decimal,
    terms: PaymentDiscountTerms | None,
    invoice_date: date,
    paid_on: date,
    minor: Decimal = CENT,
) -> PaymentDiscount:
    """The discount earned by paying `amount_due` on `paid_on`, rounded half-up.

    `amount_due` is the open invoice amount (incl. VAT); a credit (negative) earns nothing.
    """
    if terms is None or amount_due <= ZERO or not terms.qualifies(invoice_date, paid_on):
        return PaymentDiscount(False, round_money(ZERO, minor), amount_due)
    discount = round_money(amount_due * terms.pct / HUNDRED, minor)
    return PaymentDiscount(True, discount, amount_due - discount)
