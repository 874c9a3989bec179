"""Orders at the till (CHK-9, CHK-10): cart lines → order lines, till payments → order credits,
where a settled order moves to, the settlement sale, and an order shown as till lines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from tui_pos.core.cart import Cart, CartLine, PricedLine
from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.money import ZERO, parse_amount
from tui_pos.core.order_lines import DiscountKind, ManualDiscount, NewLine, OrderLine
from tui_pos.core.order_status import ACTIVE_KINDS, StatusFlow, StatusKind
from tui_pos.core.orders import MethodAmount, Order
from tui_pos.core.payments import PaymentSession
from tui_pos.core.sale import SaleLineRecord, SalePaymentRecord, SaleRecord
from tui_pos.i18n import _

#: The sale payment line that stands for what was paid on the order before this visit.
DEPOSIT_METHOD = "order_deposit"
DEPOSIT_KIND = "deposit"

_MANUAL_KINDS = {
    "pct": DiscountKind.PERCENTAGE,
    "amount": DiscountKind.AMOUNT_OFF,
    "price": DiscountKind.PRICE_OVERRIDE,
}


def cart_new_lines(lines: Sequence[CartLine]) -> list[NewLine]:
    """The cart's lines as order lines: list price, quantity, VAT, note and the manual discount
    typed at the till (the order's pricer then prices them for the order's customer)."""
    out = []
    for line in lines:
        article = line.article
        manual = line.manual
        out.append(
            NewLine(
                description=article.display_name,
                qty=line.qty,
                unit_price=article.list_price,
                vat_rate=article.vat_rate,
                article_code=article.code,
                weighed=article.weighed,
                discount=ManualDiscount(_MANUAL_KINDS[manual.kind], manual.value)
                if manual
                else None,
                note=line.note,
            )
        )
    return out


def price_pins(lines: Sequence[OrderLine], priced: Sequence[PricedLine]) -> list[OrderLine]:
    """Order lines whose price differs from what the till priced them at, each with the till's
    net unit price as a price override, so the order costs what the cashier showed."""
    if len(lines) != len(priced):
        raise PosError(_("The order lines do not match the sale; nothing was placed."))
    return [
        replace(line, discount=ManualDiscount(DiscountKind.PRICE_OVERRIDE, till.net_unit_price))
        for line, till in zip(lines, priced, strict=True)
        if line.line_total != till.line_total
    ]


def down_payment_amount(text: str, total: Decimal) -> Decimal:
    """What the customer pays now when placing: more than zero, at most the order total."""
    amount = parse_amount(text, what=_("Amount"), allow_zero=False)
    if amount > total:
        raise InvalidInput(
            _("{amount} is more than the order total {total}.").format(amount=amount, total=total),
            field="amount",
        )
    return amount


def order_credits(session: PaymentSession) -> list[MethodAmount]:
    """What each till payment credits the order with. Cash rounding belongs to the cash payment
    that settled the session: the order is credited the exact amount it asked for, and the
    rounding is the shop's (as on a sale). Sums to `session.total`."""
    if not session.settled:
        raise InvalidInput(_("Still {amount} to pay.").format(amount=session.remaining))
    credits = [MethodAmount(p.method.id, p.amount) for p in session.payments]
    if session.rounding and credits:
        last = credits[-1]
        credits[-1] = MethodAmount(last.method, last.amount - session.rounding)
    credits = [c for c in credits if c.amount > 0]
    if sum((c.amount for c in credits), ZERO) != session.total:  # pragma: no cover - invariant
        raise PosError(_("The payments do not add up to the amount due; nothing was stored."))
    return credits


def settle_target(flow: StatusFlow, order: Order) -> str:
    """The state a settled order moves to: the first "done" state the flow allows from its
    current state (completed, or paid for an order waiting to be invoiced)."""
    for status in flow.targets(order.status):
        if status.kind is StatusKind.DONE and status.key not in (flow.convert, flow.cancel):
            return status.key
    raise PosError(
        _("An order that is {status} cannot be completed at the till; move it on first.").format(
            status=flow.label(order.status)
        )
    )


def check_settleable(flow: StatusFlow, order: Order) -> str:
    """Refuse an order the till cannot settle (a quote, a draft, done or cancelled); returns
    the state it will move to."""
    label = order.number or _("(no number)")
    if order.is_quote:
        raise PosError(_("{number} is a quote: convert it to an order first.").format(number=label))
    if order.status_kind not in ACTIVE_KINDS or order.number is None:
        raise PosError(
            _("Order {number} is {status}: there is nothing to settle.").format(
                number=label, status=flow.label(order.status)
            )
        )
    return settle_target(flow, order)


def check_order_date(value: date, today: date, *, field: str, what: str) -> date:
    if value < today:
        raise InvalidInput(
            _("{what} {date} is in the past.").format(what=what, date=value.strftime("%d-%m-%Y")),
            field=field,
        )
    return value


def _unit(line: OrderLine) -> str:
    return "kg" if line.weighed else "piece"


def _fixed_prices(lines: Sequence[CartLine], customer: CustomerInfo | None) -> list[PricedLine]:
    return [line.priced for line in lines]


def order_cart(order: Order) -> Cart:
    """The order's lines as a (read-only) till cart, priced as on the order, for the screen."""
    customer = order.header.customer
    cart = Cart(
        prices_include_vat=order.header.prices_include_vat,
        pricer=_fixed_prices,
        customer=CustomerInfo(customer.code, customer.name) if customer else None,
    )
    for position, line in enumerate(order.lines, start=1):
        article = ArticleInfo(
            code=line.article_code or "",
            name=line.description,
            group="",
            vat_rate=line.vat_rate,
            list_price=line.unit_price,
            unit=_unit(line),
        )
        priced = PricedLine(line.net_unit_price, line.line_total, line.price_explanation)
        cart.lines.append(CartLine(position, article, line.qty, note=line.note, priced=priced))
    return cart


def settlement_sale(
    order: Order,
    session: PaymentSession,
    *,
    till_id: str,
    cashier: str,
    currency: str,
    now: datetime,
    deposit_label: str,
) -> SaleRecord:
    """The sale that settles an order: its lines and VAT, what was paid on it before (one
    payment line `deposit_label`), and this visit's payments. `session` pays the balance."""
    if not session.settled:
        raise InvalidInput(_("Still {amount} to pay.").format(amount=session.remaining))
    totals = order.totals()
    prior = order.paid_total
    if session.total != totals.total_incl_vat - prior:
        raise InvalidInput(_("The order changed while paying: start the payment again."))
    lines = tuple(
        SaleLineRecord(
            position=i,
            article_code=line.article_code or "",
            description=line.description[:200],
            unit=_unit(line),
            qty=line.qty,
            list_price=line.unit_price,
            net_unit_price=line.net_unit_price,
            line_total=line.line_total,
            vat_rate=line.vat_rate,
            discount_text=line.price_explanation[:200] if line.discount_amount else "",
            note=line.note[:200],
        )
        for i, line in enumerate(order.lines, start=1)
    )
    payments: list[SalePaymentRecord] = []
    if prior > 0:
        payments.append(
            SalePaymentRecord(1, DEPOSIT_METHOD, deposit_label[:60], DEPOSIT_KIND, prior, prior)
        )
    for p in session.payments:
        payments.append(
            SalePaymentRecord(
                len(payments) + 1, p.method.id, p.method.label, p.method.kind, p.amount, p.tendered
            )
        )
    customer = order.header.customer
    return SaleRecord(
        uid=uuid.uuid4().hex,
        till_id=till_id,
        created_at=now,
        cashier=cashier,
        currency=currency,
        prices_include_vat=order.header.prices_include_vat,
        subtotal=totals.total_incl_vat,
        rounding=session.rounding,
        total=totals.total_incl_vat + session.rounding,
        change=session.change,
        lines=lines,
        payments=tuple(payments),
        vat=totals.vat_lines,
        customer_code=customer.code if customer else None,
        customer_name=customer.name if customer else None,
        order_ref=order.number,
    )
