"""Checkout use cases: scan, edit lines, customer, park/resume, void, pay and commit (CHK-1…7)."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from tui_pos.core.barcodes import Scan, ScanKind, classify, validate_gtin
from tui_pos.core.cart import Cart, CartLine, ManualDiscount, PricedLine, Pricer
from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.gs1 import GROUP_SEPARATOR
from tui_pos.core.money import (
    parse_amount,
    parse_percentage,
    parse_quantity,
)
from tui_pos.core.payments import PaymentSession
from tui_pos.i18n import _, format_datetime
from tui_pos.services.context import TillContext

if TYPE_CHECKING:
    from tui_pos.core.printdoc import PrintDocument
    from tui_pos.core.sale import SaleRecord
    from tui_pos.hardware.spool import SpoolWorker

QTY_PREFIX = re.compile(r"^\s*(\d+(?:[.,]\d{1,3})?)\s*[*xX]\s*(\S+)\s*$")
#: Longest code the till reads (a GS1 DataMatrix with batch, expiry, weight and price fits).
MAX_CODE_LENGTH = 80
GRAM = Decimal("0.001")


def _embedded_what(meaning: Scan) -> str:
    return _("weight") if meaning.kind is ScanKind.WEIGHT else _("price")


def _unknown_barcode(code: str, meaning: Scan) -> str:
    shown = code.replace(GROUP_SEPARATOR, "<GS>")
    if meaning.gs1:
        return _("GS1 code {code}: GTIN {gtin} is not in the catalog.").format(
            code=shown, gtin=meaning.lookup_code
        )
    if meaning.article_key is not None:
        return _(
            "Barcode {code}: no article has the in-store code {base} (article key {key})."
        ).format(code=shown, base=meaning.lookup_code, key=meaning.article_key)
    return _("Unknown barcode {code}: not in the catalog.").format(code=shown)


def _pricer_on_first_use(ctx: TillContext) -> Pricer:
    """`make_pricer(ctx)`, made when the cart first prices a line: the empty cart the till
    opens with does not load the pricing modules (they load with the first scan, or right
    after the first frame: `warm_up`)."""
    made: list[Pricer] = []

    def price(lines: Sequence[CartLine], customer: CustomerInfo | None) -> list[PricedLine]:
        if not made:
            from tui_pos.services.pricing import make_pricer

            made.append(make_pricer(ctx))
        return made[0](lines, customer)

    return price


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan did: added a line, or needs a weight or a variant choice first."""

    line: CartLine | None = None
    needs_weight: ArticleInfo | None = None
    needs_variant: ArticleInfo | None = None
    variants: tuple[ArticleInfo, ...] = ()


class CheckoutService:
    """One till's current sale. Screens call these methods; errors are PosError with a message."""

    def __init__(self, ctx: TillContext, *, printing: SpoolWorker | None = None) -> None:
        self.ctx = ctx
        self.nomenclature = ctx.settings.barcodes.rules()
        self.cart = self._new_cart()
        self.printing = printing

    def warm_up(self) -> None:
        """Load what the first scan needs and the till's start did not: the unit of work with
        the catalog, sales and discount tables, and the pricing modules. Called once the
        checkout is on the screen, so the first frame does not wait for them and the first
        scan need not either."""
        from tui_pos.services import pricing  # noqa: F401
        from tui_pos.store import uow  # noqa: F401

    def _new_cart(self) -> Cart:
        return Cart(
            prices_include_vat=self.ctx.settings.pricing.prices_include_vat,
            pricer=_pricer_on_first_use(self.ctx),
        )

    # -- adding articles ---------------------------------------------------------------
    def scan(self, text: str) -> ScanOutcome:
        """A scanned or typed code, optionally `3*code` for a quantity.

        The code is an article code, a catalog barcode, or a barcode whose meaning the
        configured nomenclature gives (`core.barcodes.classify`): an in-store code with an
        embedded weight adds a weighed line, one with an embedded price a line at that price;
        GS1-128/DataMatrix strings likewise (AI 01 with 310x weight or 392x price). A wrong
        check digit is an error and adds nothing.
        """
        raw = text.strip()
        if not raw:
            raise InvalidInput(_("Scan a barcode or type an article code."))
        qty_text: str | None = None
        match = QTY_PREFIX.match(raw)
        if match:
            qty_text, raw = match.group(1), match.group(2)
        article, meaning = self.identify(raw)
        if meaning.kind is ScanKind.WEIGHT or meaning.kind is ScanKind.PRICE:
            if qty_text is not None:
                raise InvalidInput(
                    _("Barcode {code} carries its own {what}: scan it without a quantity.").format(
                        code=raw, what=_embedded_what(meaning)
                    )
                )
            return ScanOutcome(line=self._add_embedded(article, meaning))
        if article.is_variant_parent:
            with self.ctx.uow() as uow:
                variants = tuple(uow.catalog.variants(article.code))
            return ScanOutcome(needs_variant=article, variants=variants)
        if article.weighed and qty_text is None:
            return ScanOutcome(needs_weight=article)
        return ScanOutcome(line=self.add(article, qty_text or "1"))

    def identify(self, code: str) -> tuple[ArticleInfo, Scan]:
        """The article a code names and what the code means; NotFound/InvalidInput otherwise.

        A code found as it is (article code or catalog barcode) is that article; anything else
        is read with the configured barcode nomenclature.
        """
        code = code.strip()
        if len(code) > MAX_CODE_LENGTH:
            raise InvalidInput(_("“{code}…” is too long for a barcode.").format(code=code[:20]))
        with self.ctx.uow() as uow:
            found = uow.catalog.article_by_barcode(code) or uow.catalog.article(code)
        if found is not None:
            return found, Scan(code=code, kind=ScanKind.ARTICLE, lookup_code=code)
        meaning = classify(code, self.nomenclature)  # InvalidInput: check digit, bad GS1
        if meaning.kind is ScanKind.OTHER:
            if code.isdigit() and len(code) >= 8:
                validate_gtin(code)  # says exactly what is wrong with the length
            raise NotFound(_("No article with code or barcode “{code}”.").format(code=code))
        with self.ctx.uow() as uow:
            found = uow.catalog.article_by_barcode(meaning.lookup_code)
        if found is None:
            raise NotFound(_unknown_barcode(code, meaning))
        return found, meaning

    def _add_embedded(self, article: ArticleInfo, meaning: Scan) -> CartLine:
        """A line for a barcode with its weight or price in it (never merged with another)."""
        if article.is_variant_parent:
            raise InvalidInput(
                _("{name} comes in colours and sizes: choose a variant.").format(name=article.name)
            )
        if meaning.kind is ScanKind.PRICE:
            assert meaning.price is not None
            price = parse_amount(str(meaning.price), what=_("Price"), allow_zero=False)
            line = self.cart.add(article, Decimal(1), merge=False)
            self.cart.set_manual(line.id, ManualDiscount("price", price))
            return line
        assert meaning.weight is not None
        if not article.weighed:
            raise InvalidInput(
                _("Barcode {code} carries a weight, but {name} is sold per piece.").format(
                    code=meaning.code, name=article.display_name
                )
            )
        weight = meaning.weight.quantize(GRAM, rounding=ROUND_HALF_UP)
        qty = parse_quantity(weight, weighed=True, max_qty=self.ctx.settings.till.max_line_quantity)
        return self.cart.add(article, qty, merge=False)

    def add(self, article: ArticleInfo, qty_text: str | Decimal) -> CartLine:
        qty = parse_quantity(
            qty_text, weighed=article.weighed, max_qty=self.ctx.settings.till.max_line_quantity
        )
        return self.cart.add(article, qty)

    def search(self, text: str, limit: int = 50) -> list[ArticleInfo]:
        with self.ctx.uow() as uow:
            return uow.catalog.search_articles(text, limit)

    # -- editing lines -----------------------------------------------------------------
    def change_quantity(self, line_id: int, text: str) -> None:
        line = self.cart.line(line_id)
        qty = parse_quantity(
            text, weighed=line.article.weighed, max_qty=self.ctx.settings.till.max_line_quantity
        )
        self.cart.set_qty(line_id, qty)

    def change_price(self, line_id: int, text: str) -> None:
        """Override the unit price (a manual price: nothing stacks on it)."""
        self.cart.line(line_id)
        price = parse_amount(text, what=_("Price"))
        self.cart.set_manual(line_id, ManualDiscount("price", price))

    def change_discount(self, line_id: int, text: str) -> None:
        """`10%` (or `10`) is a percentage; `1.50-` or `-1.50` an amount off each; empty clears."""
        self.cart.line(line_id)
        raw = text.strip().replace(" ", "")
        if not raw:
            self.cart.set_manual(line_id, None)
            return
        if raw.endswith("-") or raw.startswith("-"):
            amount = parse_amount(raw.strip("-"), what=_("Discount"), allow_zero=False)
            self.cart.set_manual(line_id, ManualDiscount("amount", amount))
            return
        pct = parse_percentage(raw.rstrip("%"), what=_("Discount"))
        self.cart.set_manual(line_id, ManualDiscount("pct", pct) if pct else None)

    def change_note(self, line_id: int, text: str) -> None:
        self.cart.set_note(line_id, text)

    def void_line(self, line_id: int) -> None:
        line = self.cart.line(line_id)
        with self.ctx.uow(write=True) as uow:
            self._journal(
                uow,
                "line_void",
                "",
                {
                    "article": line.article.code,
                    "qty": str(line.qty),
                    "line_total": str(line.priced.line_total),
                },
            )
            uow.commit()
        self.cart.remove(line_id)

    def void_sale(self) -> None:
        if self.cart.is_empty:
            return
        totals = self.cart.totals()
        with self.ctx.uow(write=True) as uow:
            self._journal(
                uow,
                "sale_void",
                "",
                {
                    "lines": len(self.cart),
                    "total": str(totals.total),
                    "articles": [line.article.code for line in self.cart.lines],
                },
            )
            uow.commit()
        self.cart = self._new_cart()

    # -- customer ----------------------------------------------------------------------
    def set_customer(self, code: str | None) -> CustomerInfo | None:
        if not code:
            self.cart.set_customer(None)
            return None
        with self.ctx.uow() as uow:
            customer = uow.catalog.customer(code)
        if customer is None:
            raise NotFound(_("No customer with code {code}.").format(code=code))
        self.cart.set_customer(customer)
        return customer

    def search_customers(self, text: str) -> list[CustomerInfo]:
        with self.ctx.uow() as uow:
            return uow.catalog.search_customers(text)

    # -- park / resume -----------------------------------------------------------------
    def park(self, label: str = "") -> int:
        if self.cart.is_empty:
            raise InvalidInput(_("Nothing to park: the sale is empty."))
        payload = json.dumps(
            {
                "customer": self.cart.customer.code if self.cart.customer else None,
                "lines": [
                    {
                        "article": line.article.code,
                        "qty": str(line.qty),
                        "note": line.note,
                        "manual": [line.manual.kind, str(line.manual.value)]
                        if line.manual
                        else None,
                    }
                    for line in self.cart.lines
                ],
            }
        )
        totals = self.cart.totals()
        with self.ctx.uow(write=True) as uow:
            parked_id = uow.parked.park(
                till_id=self.ctx.till_id,
                cashier=self.ctx.settings.till.cashier,
                now=self.ctx.clock(),
                label=label.strip()[:80],
                total=totals.total,
                line_count=len(self.cart),
                payload=payload,
            )
            self._journal(uow, "park", str(parked_id), {"total": str(totals.total)})
            uow.commit()
        self.cart = self._new_cart()
        return parked_id

    def parked_sales(self) -> list[tuple[int, str, str, Decimal, int]]:
        """(id, when, label, total, lines) of every parked sale, oldest first."""
        with self.ctx.uow() as uow:
            return [
                (p.id or 0, format_datetime(p.parked_at), p.label, p.total, p.line_count)
                for p in uow.parked.list()
            ]

    def resume(self, parked_id: int) -> None:
        if not self.cart.is_empty:
            raise InvalidInput(_("Finish or park the current sale before resuming another."))
        with self.ctx.uow(write=True) as uow:
            row = uow.parked.take(parked_id)
            if row is None:
                raise NotFound(_("That parked sale was already resumed."))
            data = json.loads(row.payload)
            cart = self._new_cart()
            if data.get("customer"):
                cart.customer = uow.catalog.customer(data["customer"])
            for item in data["lines"]:
                article = uow.catalog.article(item["article"])
                if article is None:
                    raise NotFound(
                        _("Article {code} no longer exists.").format(code=item["article"])
                    )
                line = cart.add(article, Decimal(item["qty"]), merge=False)
                line.note = item.get("note", "")
                if item.get("manual"):
                    kind, value = item["manual"]
                    line.manual = ManualDiscount(kind, Decimal(value))
            cart.reprice()
            self._journal(uow, "resume", str(parked_id), {"total": str(cart.totals().total)})
            uow.commit()
        self.cart = cart

    # -- payment -----------------------------------------------------------------------
    def start_payment(self) -> PaymentSession:
        if self.cart.is_empty:
            raise InvalidInput(_("The sale is empty: scan an article first."))
        return PaymentSession(
            self.cart.totals().total,
            cash_step=self.ctx.settings.payments.cash_rounding,
            has_customer=self.cart.customer is not None,
        )

    def parse_tender(self, text: str) -> Decimal:
        return parse_amount(text, what=_("Amount"), allow_zero=False)

    def complete(self, session: PaymentSession) -> SaleRecord:
        """Commit the sale (lines, payments, VAT, rounding, journal, print job) in ONE transaction.

        Only after the commit succeeded is the receipt handed to the printer; if anything fails
        before, nothing is stored and nothing prints.
        """
        from tui_pos.core.printdoc import serialize  # with the first sale, not the till's start
        from tui_pos.core.sale import build_sale

        record = build_sale(
            self.cart,
            session,
            till_id=self.ctx.till_id,
            cashier=self.ctx.settings.till.cashier,
            currency=self.ctx.currency,
            now=self.ctx.clock(),
        )
        with self.ctx.uow(write=True) as uow:
            receipt_no = uow.sales.next_receipt_no(self.ctx.till_id)
            record = replace(record, receipt_no=receipt_no)
            uow.sales.add(record)
            self._journal(
                uow,
                "sale",
                record.receipt_id,
                {
                    "uid": record.uid,
                    "total": str(record.total),
                    "rounding": str(record.rounding),
                    "payments": [[p.method_id, str(p.amount)] for p in record.payments],
                    "vat": [[str(v.rate), str(v.vat)] for v in record.vat],
                },
            )
            if any(p.kind == "cash" for p in record.payments):
                self._journal(uow, "drawer_open", record.receipt_id, {"reason": "sale"})
            uow.spool.add(
                now=self.ctx.clock(),
                till_id=self.ctx.till_id,
                kind="receipt",
                ref=record.receipt_id,
                payload=serialize(self.render(record)),
            )
            uow.commit()
        self.cart = self._new_cart()
        self._kick_printer()
        return record

    def render(self, record: SaleRecord, *, copy: bool = False) -> PrintDocument:
        from tui_pos.core.receipt import build_receipt

        return build_receipt(
            record,
            self.ctx.shop_header(),
            money=self.ctx.amount,
            when=lambda s: format_datetime(s.created_at),
            width=self.ctx.settings.printer.width,
            copy=copy,
        )

    def reprint(self, receipt_no: int | None = None) -> SaleRecord:
        """Queue a copy (marked COPY) of a receipt, by default the last one."""
        from tui_pos.core.printdoc import serialize

        with self.ctx.uow(write=True) as uow:
            record = (
                uow.sales.get(self.ctx.till_id, receipt_no)
                if receipt_no
                else uow.sales.last(self.ctx.till_id)
            )
            if record is None:
                raise NotFound(_("No such receipt on this till."))
            uow.spool.add(
                now=self.ctx.clock(),
                till_id=self.ctx.till_id,
                kind="copy",
                ref=record.receipt_id,
                payload=serialize(self.render(record, copy=True)),
            )
            self._journal(uow, "copy_receipt", record.receipt_id, {})
            uow.commit()
        self._kick_printer()
        return record

    def _kick_printer(self) -> None:
        if self.printing is not None:
            with contextlib.suppress(Exception):  # printing trouble never blocks a sale
                self.printing.kick()

    def _journal(self, uow: object, kind: str, ref: str, data: dict[str, object]) -> None:
        uow.journal.append(  # type: ignore[attr-defined]
            now=self.ctx.clock(),
            till_id=self.ctx.till_id,
            actor=self.ctx.settings.till.cashier,
            kind=kind,
            ref=ref,
            data=data,
        )


__all__ = ["CheckoutService", "PosError", "ScanOutcome"]
