"""Taking payment: split over methods, change for cash, cash rounding when cash settles."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tui_pos.core.errors import InvalidInput
from tui_pos.core.money import ZERO, cash_round
from tui_pos.i18n import _

MethodKind = Literal["cash", "card", "on_account", "voucher", "transfer"]


@dataclass(frozen=True)
class PaymentMethod:
    id: str
    label: str
    kind: MethodKind


@dataclass(frozen=True)
class Payment:
    """One payment: `amount` counts towards the sale; `tendered` is what the customer gave."""

    method: PaymentMethod
    amount: Decimal
    tendered: Decimal

    @property
    def change(self) -> Decimal:
        return self.tendered - self.amount


class PaymentSession:
    """Collects payments for a sale total until it is settled.

    Cash rounding (NL 0.05, NO 1.00) applies only when cash pays the whole remaining amount:
    the remainder is rounded half-up to the step, the difference is the sale's rounding line.
    Card, voucher and on-account payments are exact and can never exceed what is due.
    """

    def __init__(self, total: Decimal, *, cash_step: Decimal, has_customer: bool = False) -> None:
        if total < 0:
            raise InvalidInput(_("Refunds go through a return, not a payment."))
        self.total = total
        self.cash_step = cash_step
        self.has_customer = has_customer
        self.payments: list[Payment] = []
        self.rounding = ZERO

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.total + self.rounding - self.paid

    @property
    def settled(self) -> bool:
        return self.remaining == 0 and (bool(self.payments) or self.total == 0)

    @property
    def change(self) -> Decimal:
        return sum((p.change for p in self.payments), ZERO)

    def cash_due(self) -> Decimal:
        """What cash must cover to settle now (the remainder, cash-rounded)."""
        return cash_round(self.remaining, self.cash_step)

    def suggested_amount(self, method: PaymentMethod) -> Decimal:
        return self.cash_due() if method.kind == "cash" else self.remaining

    def add(self, method: PaymentMethod, amount: Decimal) -> Payment:
        """Register a payment; for cash `amount` is what was tendered (change is given back)."""
        if self.settled:
            raise InvalidInput(_("This sale is already paid."))
        if amount <= 0:
            raise InvalidInput(_("Amount must be more than zero."))
        if method.kind == "on_account" and not self.has_customer:
            raise InvalidInput(_("Choose a customer before putting a sale on account."))
        remaining = self.remaining
        if method.kind == "cash":
            due = self.cash_due()
            if amount >= due:
                payment = Payment(method, due, amount)
                self.rounding = due - remaining
            else:
                payment = Payment(method, amount, amount)
        else:
            if amount > remaining:
                raise InvalidInput(
                    _("{method} can pay at most {due}: it gives no change.").format(
                        method=method.label, due=remaining
                    )
                )
            payment = Payment(method, amount, amount)
        self.payments.append(payment)
        return payment

    def remove_last(self) -> Payment | None:
        if not self.payments:
            return None
        payment = self.payments.pop()
        if payment.method.kind == "cash":
            self.rounding = ZERO
        return payment
