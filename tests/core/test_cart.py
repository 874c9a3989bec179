"""Cart lines, manual discounts, totals with VAT per rate, incl. and excl. VAT."""

from decimal import Decimal as D

import pytest

from tui_pos.core.cart import Cart, ManualDiscount
from tui_pos.core.catalog import ArticleInfo
from tui_pos.core.errors import InvalidInput

COFFEE = ArticleInfo("COFFEE", "Coffee", "FOOD", D("9"), D("10.00"))
MUG = ArticleInfo("MUG", "Mug", "HOME", D("21"), D("12.50"))
CHEESE = ArticleInfo("CHEESE", "Cheese", "FOOD", D("9"), D("12.99"), unit="kg")


def test_totals_with_vat_per_rate_incl() -> None:
    cart = Cart()
    cart.add(COFFEE, D(2))
    cart.add(MUG, D(1))
    t = cart.totals()
    assert t.total == D("32.50")
    assert [(v.rate, v.net, v.vat) for v in t.vat] == [
        (D("9"), D("18.35"), D("1.65")),
        (D("21"), D("10.33"), D("2.17")),
    ]


def test_totals_excl_vat_adds_vat() -> None:
    cart = Cart(prices_include_vat=False)
    cart.add(MUG, D(3))
    assert cart.totals().total == D("45.38")


def test_same_article_merges_weighed_does_not() -> None:
    cart = Cart()
    cart.add(COFFEE, D(1))
    cart.add(COFFEE, D(1))
    cart.add(CHEESE, D("0.5"))
    cart.add(CHEESE, D("0.3"))
    assert [(line.article.code, line.qty) for line in cart.lines] == [
        ("COFFEE", D(2)),
        ("CHEESE", D("0.5")),
        ("CHEESE", D("0.3")),
    ]


def test_manual_discount_kinds_and_negative_guard() -> None:
    cart = Cart()
    line = cart.add(MUG, D(2))
    cart.set_manual(line.id, ManualDiscount("pct", D("10")))
    assert line.priced.net_unit_price == D("11.25") and line.priced.line_total == D("22.50")
    cart.set_manual(line.id, ManualDiscount("amount", D("20")))
    assert line.priced.net_unit_price == D("12.50")
    assert any("not applied" in sentence for sentence in line.priced.details)
    cart.set_manual(line.id, ManualDiscount("price", D("9.99")))
    assert cart.totals().total == D("19.98")
    assert cart.totals().discount == D("5.02")


def test_variant_parent_cannot_be_sold_directly() -> None:
    parent = ArticleInfo(
        "TSHIRT", "T-shirt", "TEXTILE", D("21"), D("19.95"), is_variant_parent=True
    )
    with pytest.raises(InvalidInput, match="colours and sizes"):
        Cart().add(parent, D(1))
