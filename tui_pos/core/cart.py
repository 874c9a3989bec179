"""The till's current sale: lines, manual discounts, notes, pricing and totals (CHK-3, CHK-4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.errors import InvalidInput, NotFound
from tui_pos.core.money import ZERO, round_money
from tui_pos.core.vat import VatLine, vat_breakdown
from tui_pos.i18n import _

ManualKind = Literal["pct", "amount", "price"]


@dataclass(frozen=True)
class ManualDiscount:
    """A discount typed on the line: a percentage, an amount off the unit price, or a new price."""

    kind: ManualKind
    value: Decimal


@dataclass(frozen=True)
class PricedLine:
    """What pricing decided for a line."""

    net_unit_price: Decimal
    line_total: Decimal
    explanation: str = ""
    details: tuple[str, ...] = ()


@dataclass
class CartLine:
    id: int
    article: ArticleInfo
    qty: Decimal
    manual: ManualDiscount | None = None
    note: str = ""
    priced: PricedLine = field(default_factory=lambda: PricedLine(ZERO, ZERO))

    @property
    def list_total(self) -> Decimal:
        return round_money(self.qty * self.article.list_price)

    @property
    def discount(self) -> Decimal:
        return self.list_total - self.priced.line_total


#: Prices all lines of a cart for a customer (see core.cart_pricing.engine_pricer).
Pricer = Callable[[Sequence[CartLine], CustomerInfo | None], list[PricedLine]]


@dataclass(frozen=True)
class CartTotals:
    list_total: Decimal
    discount: Decimal
    total: Decimal
    vat: tuple[VatLine, ...]
    item_count: Decimal


class Cart:
    """Lines being sold; every change reprices the whole cart."""

    def __init__(
        self,
        *,
        prices_include_vat: bool = True,
        pricer: Pricer | None = None,
        customer: CustomerInfo | None = None,
    ) -> None:
        self.prices_include_vat = prices_include_vat
        if pricer is None:
            from tui_pos.core.cart_pricing import engine_pricer  # it imports this module
            from tui_pos.core.pricing import PricingSettings

            pricer = engine_pricer(PricingSettings(prices_include_vat=prices_include_vat))
        self.pricer = pricer
        self.customer = customer
        self.lines: list[CartLine] = []
        self._next_id = 1

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def line(self, line_id: int) -> CartLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise NotFound(_("That line is no longer in the sale."))

    def add(self, article: ArticleInfo, qty: Decimal, *, merge: bool = True) -> CartLine:
        """Add an article; scanning the same piece article again adds to the last line."""
        if article.is_variant_parent:
            raise InvalidInput(
                _("{name} comes in colours and sizes: choose a variant.").format(name=article.name)
            )
        last = self.lines[-1] if self.lines else None
        if (
            merge
            and last is not None
            and last.article.code == article.code
            and not article.weighed
            and last.manual is None
            and not last.note
        ):
            last.qty += qty
            self.reprice()
            return last
        line = CartLine(self._next_id, article, qty)
        self._next_id += 1
        self.lines.append(line)
        self.reprice()
        return line

    def set_qty(self, line_id: int, qty: Decimal) -> None:
        self.line(line_id).qty = qty
        self.reprice()

    def set_manual(self, line_id: int, manual: ManualDiscount | None) -> None:
        self.line(line_id).manual = manual
        self.reprice()

    def set_note(self, line_id: int, note: str) -> None:
        self.line(line_id).note = note.strip()[:200]

    def remove(self, line_id: int) -> CartLine:
        line = self.line(line_id)
        self.lines.remove(line)
        self.reprice()
        return line

    def set_customer(self, customer: CustomerInfo | None) -> None:
        self.customer = customer
        self.reprice()

    def clear(self) -> None:
        self.lines.clear()
        self.customer = None

    def reprice(self) -> None:
        priced = self.pricer(self.lines, self.customer) if self.lines else []
        for line, result in zip(self.lines, priced, strict=True):
            line.priced = result

    def totals(self) -> CartTotals:
        vat = tuple(
            vat_breakdown(
                ((line.article.vat_rate, line.priced.line_total) for line in self.lines),
                prices_include_vat=self.prices_include_vat,
            )
        )
        list_total = sum((line.list_total for line in self.lines), ZERO)
        lines_total = sum((line.priced.line_total for line in self.lines), ZERO)
        total = sum((v.gross for v in vat), ZERO)
        return CartTotals(
            list_total=list_total,
            discount=list_total - lines_total,
            total=total,
            vat=vat,
            item_count=sum(
                ((line.qty if not line.article.weighed else Decimal(1)) for line in self.lines),
                ZERO,
            ),
        )

    def snapshot(self) -> list[CartLine]:
        return [replace(line) for line in self.lines]
