"""A completed sale as it is stored and printed: the one record receipts are rendered from."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from tui_pos.core.cart import Cart
from tui_pos.core.errors import InvalidInput
from tui_pos.core.payments import PaymentSession
from tui_pos.core.vat import VatLine
from tui_pos.i18n import _


@dataclass(frozen=True)
class SaleLineRecord:
    position: int
    article_code: str
    description: str
    unit: str
    qty: Decimal
    list_price: Decimal
    net_unit_price: Decimal
    line_total: Decimal
    vat_rate: Decimal
    discount_text: str = ""
    note: str = ""


@dataclass(frozen=True)
class SalePaymentRecord:
    position: int
    method_id: str
    method_label: str
    kind: str
    amount: Decimal
    tendered: Decimal


@dataclass(frozen=True)
class SaleRecord:
    """Everything about a sale; `receipt_no` is assigned by the store inside the commit."""

    uid: str
    till_id: str
    created_at: datetime
    cashier: str
    currency: str
    prices_include_vat: bool
    subtotal: Decimal
    rounding: Decimal
    total: Decimal
    change: Decimal
    lines: tuple[SaleLineRecord, ...]
    payments: tuple[SalePaymentRecord, ...]
    vat: tuple[VatLine, ...]
    customer_code: str | None = None
    customer_name: str | None = None
    receipt_no: int = 0
    training: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    order_ref: str | None = None  # the number of the order this sale settled (CHK-10)

    @property
    def receipt_id(self) -> str:
        return f"{self.till_id}-{self.receipt_no:06d}"


def build_sale(
    cart: Cart,
    session: PaymentSession,
    *,
    till_id: str,
    cashier: str,
    currency: str,
    now: datetime,
) -> SaleRecord:
    """Freeze a paid cart into a sale record; refuses an empty or unsettled sale."""
    if cart.is_empty:
        raise InvalidInput(_("The sale has no lines."))
    if not session.settled:
        raise InvalidInput(_("Still {amount} to pay.").format(amount=session.remaining))
    totals = cart.totals()
    if totals.total != session.total:
        raise InvalidInput(_("The sale changed while paying: start the payment again."))
    lines = tuple(
        SaleLineRecord(
            position=i,
            article_code=line.article.code,
            description=line.article.display_name,
            unit=line.article.unit,
            qty=line.qty,
            list_price=line.article.list_price,
            net_unit_price=line.priced.net_unit_price,
            line_total=line.priced.line_total,
            vat_rate=line.article.vat_rate,
            discount_text=line.priced.explanation if line.discount else "",
            note=line.note,
        )
        for i, line in enumerate(cart.lines, start=1)
    )
    payments = tuple(
        SalePaymentRecord(i, p.method.id, p.method.label, p.method.kind, p.amount, p.tendered)
        for i, p in enumerate(session.payments, start=1)
    )
    customer = cart.customer
    return SaleRecord(
        uid=uuid.uuid4().hex,
        till_id=till_id,
        created_at=now,
        cashier=cashier,
        currency=currency,
        prices_include_vat=cart.prices_include_vat,
        subtotal=totals.total,
        rounding=session.rounding,
        total=totals.total + session.rounding,
        change=session.change,
        lines=lines,
        payments=payments,
        vat=totals.vat,
        customer_code=customer.code if customer else None,
        customer_name=customer.name if customer else None,
    )
