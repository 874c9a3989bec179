"""Purchase side (PRC-10): article discount overrides the supplier one; net price, margin."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_pos.core.errors import InvalidInput
from tui_pos.core.purchase import (
    PurchaseDiscountSource,
    SupplierArticle,
    SupplierTerms,
    margin,
    price_excl_vat,
    purchase_discount,
    purchase_net_price,
)

D = Decimal
ACME = SupplierTerms("ACME", D("10"))
PLAIN = SupplierArticle("ACME", "TEA", D("4.00"))
OWN = SupplierArticle("ACME", "MUG", D("4.00"), discount_pct=D("25"))
OWN_ZERO = SupplierArticle("ACME", "PEN", D("4.00"), discount_pct=D("0"))


@pytest.mark.parametrize(
    ("terms", "article", "manual", "pct", "source", "net"),
    [
        (ACME, PLAIN, None, "10", PurchaseDiscountSource.SUPPLIER, "3.60"),
        (ACME, OWN, None, "25", PurchaseDiscountSource.ARTICLE, "3.00"),
        (ACME, OWN_ZERO, None, "0", PurchaseDiscountSource.ARTICLE, "4.00"),  # overrides, no stack
        (None, PLAIN, None, "0", PurchaseDiscountSource.NONE, "4.00"),
        (SupplierTerms("ACME"), PLAIN, None, "0", PurchaseDiscountSource.NONE, "4.00"),
        (ACME, OWN, D("5"), "5", PurchaseDiscountSource.MANUAL, "3.80"),
    ],
)
def test_which_purchase_discount_applies(
    terms: SupplierTerms | None,
    article: SupplierArticle,
    manual: Decimal | None,
    pct: str,
    source: PurchaseDiscountSource,
    net: str,
) -> None:
    found = purchase_discount(terms, article, manual)
    assert (found.pct, found.source) == (D(pct), source)
    assert purchase_net_price(terms, article, manual) == D(net)


def test_purchase_net_price_rounds_half_up() -> None:
    article = SupplierArticle("ACME", "X", D("0.85"), discount_pct=D("50"))
    assert purchase_net_price(None, article) == D("0.43")


def test_margin() -> None:
    sale = price_excl_vat(D("12.10"), D("21"), prices_include_vat=True)
    assert sale == D("10")
    result = margin(sale, D("6.00"))
    assert (result.amount, result.pct) == (D("4.00"), D("40.0"))
    assert margin(D("0"), D("1.00")).pct is None
    assert margin(D("3"), D("4")).amount == D("-1.00")
    assert price_excl_vat(D("5"), D("21"), prices_include_vat=False) == D("5")


def test_invalid_purchase_data_is_refused() -> None:
    with pytest.raises(InvalidInput):
        SupplierTerms("ACME", D("101"))
    with pytest.raises(InvalidInput):
        SupplierArticle("ACME", "X", D("-1"))
    with pytest.raises(InvalidInput):
        SupplierArticle("ACME", "X", D("1"), discount_pct=D("-5"))
    with pytest.raises(InvalidInput):
        purchase_discount(ACME, PLAIN, D("120"))
    with pytest.raises(ValueError):
        purchase_discount(SupplierTerms("OTHER", D("5")), PLAIN)
