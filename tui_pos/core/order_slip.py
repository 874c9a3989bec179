"""The order confirmation slip printed when an order is placed at the till (CHK-9, QUE-3):
shop, number, customer, pickup/delivery date, lines, total, paid, balance and a QR code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tui_pos.core.order_lines import OrderLine
from tui_pos.core.order_qr import order_qr_text
from tui_pos.core.orders import DeliveryMethod, Order, Payment
from tui_pos.core.printdoc import Cut, Feed, OpenDrawer, PrintDocument, QrCode, Rule, Text
from tui_pos.core.receipt import ShopHeader
from tui_pos.i18n import _

ORDER_SLIP_KIND = "order_slip"


def order_qr(order: Order) -> str:
    """The QR payload that identifies the order: `order:<number>:<id>` (core/order_qr.py)."""
    return order_qr_text(order.number or "", order.id)


def _qty(line: OrderLine) -> str:
    if line.weighed:
        return f"{line.qty:.3f} kg"
    qty = line.qty
    return str(qty.normalize()) if qty == qty.to_integral_value() else str(qty)


@dataclass(frozen=True)
class SlipFormat:
    """How the slip shows amounts, dates and payment methods (from the till's settings)."""

    money: Callable[[Decimal], str]
    date: Callable[[date], str]
    method_label: Callable[[str], str]
    width: int = 42


def build_order_slip(
    order: Order,
    shop: ShopHeader,
    fmt: SlipFormat,
    *,
    placed_at: str,
    paid_now: tuple[Payment, ...] = (),
    open_drawer: bool = False,
) -> PrintDocument:
    """Lay out the confirmation of a placed (numbered) order; `paid_now` are the payments taken
    with it (listed, and the drawer opens for cash when `open_drawer`)."""
    number = order.number or ""
    doc = PrintDocument(kind=ORDER_SLIP_KIND, ref=number, width=fmt.width)
    money = fmt.money
    doc.add(Text(shop.name, align="center", bold=True, double=True))
    for address_line in shop.address:
        doc.add(Text(address_line, align="center"))
    if shop.phone:
        doc.add(Text(shop.phone, align="center"))
    doc.add(Rule())
    doc.add(Text(_("ORDER CONFIRMATION"), align="center", bold=True))
    doc.add(Text(_("Order {number}").format(number=number), align="center", bold=True, double=True))
    doc.add(Text(placed_at, align="center"))
    doc.add(Rule())
    header = order.header
    if header.customer is not None:
        doc.add(Text(_("Customer: {name}").format(name=header.customer.name)))
    if header.delivery_method is DeliveryMethod.DELIVERY:
        when = header.expected_delivery_date
        doc.add(Text(_("Delivery, expected {date}").format(date=fmt.date(when) if when else "-")))
    else:
        when = header.pickup_date
        doc.add(Text(_("Pickup on {date}").format(date=fmt.date(when) if when else "-")))
    if header.customer_reference:
        doc.add(Text(_("Your reference: {ref}").format(ref=header.customer_reference)))
    if header.note:
        doc.add(Text(_("Note: {note}").format(note=header.note)))
    for name, value in header.custom_fields.items():
        doc.add(Text(f"{name}: {value}"))
    doc.add(Rule())
    for line in order.lines:
        doc.columns(line.description, money(line.line_total))
        if line.qty != 1 or line.weighed:
            doc.add(Text(f"  {_qty(line)} x {money(line.net_unit_price)}"))
        if line.note:
            doc.add(Text(f"  {line.note}"))
    doc.add(Rule())
    totals = order.totals()
    doc.columns(_("TOTAL"), money(totals.total_incl_vat), bold=True)
    for payment in paid_now:
        doc.columns(fmt.method_label(payment.method), money(payment.amount))
    doc.columns(_("Paid"), money(order.paid_total))
    doc.columns(_("Balance due"), money(order.balance_due), bold=True)
    doc.add(Feed())
    doc.add(Text(_("Show this slip (QR code) when you collect or pay."), align="center"))
    for footer_line in shop.footer:
        doc.add(Text(footer_line, align="center"))
    doc.add(QrCode(order_qr(order)))
    doc.add(Feed(2), Cut())
    if open_drawer:
        doc.add(OpenDrawer())
    return doc
