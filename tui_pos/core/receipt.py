"""Receipt layout: a stored sale rendered as a PrintDocument (header, lines, VAT, payments, QR)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from tui_pos.core.printdoc import Cut, Feed, OpenDrawer, PrintDocument, QrCode, Rule, Text
from tui_pos.core.sale import SaleRecord
from tui_pos.i18n import _

COPY_MARK = "*** COPY ***"


@dataclass(frozen=True)
class ShopHeader:
    name: str
    address: tuple[str, ...] = ()
    vat_number: str = ""
    phone: str = ""
    footer: tuple[str, ...] = field(default_factory=tuple)


def _qty(qty: Decimal, unit: str) -> str:
    if unit == "kg":
        return f"{qty:.3f} kg"
    return str(qty.normalize()) if qty == qty.to_integral_value() else str(qty)


def build_receipt(
    sale: SaleRecord,
    shop: ShopHeader,
    *,
    money: Callable[[Decimal], str],
    when: Callable[[SaleRecord], str],
    width: int = 42,
    copy: bool = False,
) -> PrintDocument:
    """Lay out a receipt; `money` formats amounts (e.g. "12,50"), `when` the date/time."""
    doc = PrintDocument(kind="copy" if copy else "receipt", ref=sale.receipt_id, width=width)
    if copy:
        doc.add(Text(COPY_MARK, align="center", bold=True))
    doc.add(Text(shop.name, align="center", bold=True, double=True))
    for address_line in shop.address:
        doc.add(Text(address_line, align="center"))
    if shop.phone:
        doc.add(Text(shop.phone, align="center"))
    if shop.vat_number:
        doc.add(Text(_("VAT no. {number}").format(number=shop.vat_number), align="center"))
    doc.add(Rule())
    for line in sale.lines:
        doc.columns(line.description, money(line.line_total))
        if line.qty != 1 or line.unit == "kg":
            doc.add(Text(f"  {_qty(line.qty, line.unit)} x {money(line.net_unit_price)}"))
        if line.net_unit_price != line.list_price:
            doc.add(Text("  " + _("was {price}").format(price=money(line.list_price))))
        if line.note:
            doc.add(Text(f"  {line.note}"))
    doc.add(Rule())
    discount = sum(
        (
            (line.qty * line.list_price).quantize(Decimal("0.01")) - line.line_total
            for line in sale.lines
        ),
        Decimal(0),
    )
    if discount:
        doc.columns(_("Your discount"), money(discount))
    if sale.rounding:
        doc.columns(_("Subtotal"), money(sale.subtotal))
        doc.columns(_("Cash rounding"), money(sale.rounding))
    doc.columns(_("TOTAL {currency}").format(currency=sale.currency), money(sale.total), bold=True)
    doc.add(Feed())
    for payment in sale.payments:
        doc.columns(payment.method_label, money(payment.tendered))
    if sale.change:
        doc.columns(_("Change"), money(sale.change))
    doc.add(Feed())
    doc.add(Text(_("VAT%   net        VAT      gross")))
    for v in sale.vat:
        doc.add(
            Text(
                f"{v.rate.normalize()!s:>4} {money(v.net):>10} {money(v.vat):>8} "
                f"{money(v.gross):>10}"
            )
        )
    doc.add(Rule())
    doc.add(Text(_("Receipt {id}").format(id=sale.receipt_id)))
    if sale.order_ref:
        doc.add(Text(_("Order {number}").format(number=sale.order_ref), bold=True))
    doc.add(Text(when(sale)))
    doc.add(Text(_("Served by {name}").format(name=sale.cashier)))
    if sale.customer_name:
        doc.add(Text(_("Customer {name}").format(name=sale.customer_name)))
    if sale.training:
        doc.add(Text(_("TRAINING - NOT A RECEIPT"), align="center", bold=True))
    for footer_line in shop.footer:
        doc.add(Text(footer_line, align="center"))
    doc.add(QrCode(f"receipt:{sale.receipt_id}:{sale.uid}"))
    if copy:
        doc.add(Text(COPY_MARK, align="center", bold=True))
    doc.add(Feed(2), Cut())
    if not copy and any(p.kind == "cash" for p in sale.payments):
        doc.add(OpenDrawer())
    return doc
