"""Purchase side (PRC-10): supplier discounts, purchase net price, margin."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tui_pos.core.errors import InvalidInput
from tui_pos.core.money import CENT, HUNDRED, ZERO, round_money
from tui_pos.i18n import _


class PurchaseDiscountSource(StrEnum):
    """Where the purchase discount of an article came from."""

    NONE = "none"
    SUPPLIER = "supplier"  # the general discount agreed with the supplier
    ARTICLE = "article"  # the article's own discount at this supplier
    MANUAL = "manual"  # typed on the purchase line


def _check_pct(value: Decimal | None, what: str) -> None:
    if value is not None and (not value.is_finite() or value < ZERO or value > HUNDRED):
        raise InvalidInput(_("{what} must be between 0 and 100 %.").format(what=what))


@dataclass(frozen=True)
class SupplierTerms:
    """A supplier's general discount in % ("afgesproken korting")."""

    supplier: str
    discount_pct: Decimal = ZERO

    def __post_init__(self) -> None:
        _check_pct(self.discount_pct, _("Discount of supplier {code}").format(code=self.supplier))


@dataclass(frozen=True)
class SupplierArticle:
    """An article bought from a supplier: its purchase list price and own discount, if any."""

    supplier: str
    article: str
    purchase_price: Decimal
    discount_pct: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.purchase_price.is_finite() or self.purchase_price < ZERO:
            raise InvalidInput(
                _("Purchase price of {article}: a price cannot be negative.").format(
                    article=self.article
                )
            )
        _check_pct(
            self.discount_pct,
            _("Purchase discount of {article}").format(article=self.article),
        )


@dataclass(frozen=True)
class PurchaseDiscount:
    pct: Decimal
    source: PurchaseDiscountSource


def purchase_discount(
    terms: SupplierTerms | None,
    article: SupplierArticle,
    manual_pct: Decimal | None = None,
) -> PurchaseDiscount:
    """The discount that applies: manual on the line, else the article's, else the supplier's.

    An article discount overrides the general supplier discount (seed 002); they never stack.
    """
    _check_pct(manual_pct, _("Manual purchase discount"))
    if terms is not None and terms.supplier != article.supplier:
        raise ValueError(f"terms of supplier {terms.supplier} used for {article.supplier}")
    if manual_pct is not None:
        return PurchaseDiscount(manual_pct, PurchaseDiscountSource.MANUAL)
    if article.discount_pct is not None:
        return PurchaseDiscount(article.discount_pct, PurchaseDiscountSource.ARTICLE)
    if terms is not None and terms.discount_pct > ZERO:
        return PurchaseDiscount(terms.discount_pct, PurchaseDiscountSource.SUPPLIER)
    return PurchaseDiscount(ZERO, PurchaseDiscountSource.NONE)


def purchase_net_price(
    terms: SupplierTerms | None,
    article: SupplierArticle,
    manual_pct: Decimal | None = None,
    minor: Decimal = CENT,
) -> Decimal:
    """The purchase unit price after the applicable discount, rounded half-up."""
    pct = purchase_discount(terms, article, manual_pct).pct
    return round_money(article.purchase_price * (1 - pct / HUNDRED), minor)


def price_excl_vat(price: Decimal, vat_rate: Decimal, *, prices_include_vat: bool) -> Decimal:
    """A sales price without VAT (unrounded), to compare with a purchase price."""
    return price * HUNDRED / (HUNDRED + vat_rate) if prices_include_vat else price


@dataclass(frozen=True)
class Margin:
    """Gross margin on one unit: amount and percentage of the sales price excl. VAT."""

    amount: Decimal
    pct: Decimal | None  # None when the sales price is zero


def margin(sales_price_excl_vat: Decimal, purchase_net: Decimal) -> Margin:
    """Margin = sales price excl. VAT − purchase net price; % of the sales price, 1 decimal."""
    amount = round_money(sales_price_excl_vat - purchase_net)
    if sales_price_excl_vat == ZERO:
        return Margin(amount, None)
    pct = round_money(
        (sales_price_excl_vat - purchase_net) * HUNDRED / sales_price_excl_vat, Decimal("0.1")
    )
    return Margin(amount, pct)
