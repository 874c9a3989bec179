"""The engine pricer reprices only lines whose inputs changed, with the same results as fresh."""

from decimal import Decimal as D

from tui_pos.core import discount_rules as dr
from tui_pos.core.cart import Cart, ManualDiscount
from tui_pos.core.cart_pricing import engine_pricer
from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.pricing import PricingSettings

COFFEE = ArticleInfo("COFFEE", "Coffee", "FOOD", D("9"), D("10.00"))
MUG = ArticleInfo("MUG", "Mug", "HOME", D("21"), D("12.50"))
TEA = ArticleInfo("TEA", "Tea", "FOOD", D("9"), D("3.95"))


def fresh(cart: Cart, rules: dr.DiscountRules | None = None) -> list[object]:
    """What a pricer that has seen nothing before makes of the cart now."""
    return list(engine_pricer(PricingSettings(), rules)(cart.lines, cart.customer))


def test_a_scan_keeps_the_other_lines_and_every_change_prices_like_a_fresh_pricer() -> None:
    cart = Cart(pricer=engine_pricer(PricingSettings()))
    coffee = cart.add(COFFEE, D(1))
    mug = cart.add(MUG, D(2))
    coffee_priced = coffee.priced

    cart.add(MUG, D(1))  # merges into the mug line: only that line's inputs changed
    assert coffee.priced is coffee_priced
    assert mug.qty == D(3) and mug.priced.line_total == D("37.50")
    assert [line.priced for line in cart.lines] == fresh(cart)

    cart.set_customer(CustomerInfo("C1", "Ann", discount_pct=D(5)))
    assert coffee.priced.net_unit_price == D("9.50")
    assert [line.priced for line in cart.lines] == fresh(cart)

    cart.set_manual(coffee.id, ManualDiscount("pct", D(10)))
    cart.set_qty(mug.id, D("2.000"))  # equal to 2, written differently: priced as such
    cart.add(TEA, D(4))
    assert [line.priced for line in cart.lines] == fresh(cart)

    cart.set_manual(coffee.id, None)
    cart.set_customer(None)
    assert coffee.priced == fresh(cart)[0]
    assert coffee.priced.net_unit_price == D("10.00")


def test_new_rules_reprice_every_line() -> None:
    """Rules come from `rules_for` at every repricing; another index means other prices."""
    current = [dr.DiscountRules([])]
    cart = Cart(pricer=engine_pricer(PricingSettings(), rules_for=lambda _sel: current[0]))
    coffee = cart.add(COFFEE, D(1))
    assert coffee.priced.net_unit_price == D("10.00")

    current[0] = dr.DiscountRules([dr.VolumeBreak("COFFEE", D(1), pct=D(20))])
    cart.add(TEA, D(1))  # the coffee line's inputs are unchanged, the rules are not
    assert coffee.priced.net_unit_price == D("8.00")
    assert [line.priced for line in cart.lines] == fresh(cart, current[0])
