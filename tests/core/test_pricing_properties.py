"""Properties of the pricing engine over random carts, rules and settings (hypothesis)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    ArticlePrice,
    CategoryGroupDiscount,
    CustomerTerms,
    DiscountRules,
    ManualDiscount,
    Rule,
    VolumeBreak,
)
from tui_pos.core.pricing import PricedCart, PricingLine, PricingSettings, price_cart

CODES = ["A", "B", "C", "D"]
GROUPS = ["G1", "G2", None]
CATEGORIES = ["K1", "K2"]
CUSTOMERS = ["C1", "C2"]

money = st.integers(0, 20_000).map(lambda cents: Decimal(cents).scaleb(-2))
percentage = st.integers(0, 1000).map(lambda tenths: Decimal(tenths).scaleb(-1))
pct_or_price = st.one_of(
    st.builds(lambda v: {"pct": v}, percentage), st.builds(lambda v: {"price": v}, money)
)
quantity = st.one_of(
    st.integers(1, 60).map(Decimal),
    st.integers(1, 20_000).map(lambda grams: Decimal(grams).scaleb(-3)),
)
manual_discount = st.one_of(
    st.none(),
    st.builds(lambda v: ManualDiscount(pct=v), percentage),
    st.builds(lambda v: ManualDiscount(amount=v), money),
    st.builds(lambda v: ManualDiscount(price=v), money),
)


@dataclass
class World:
    articles: dict[str, ArticlePrice]
    customer: CustomerTerms | None
    rules: list[Rule]
    lines: list[PricingLine]


@st.composite
def worlds(draw: st.DrawFn, manual: bool = True) -> World:
    articles = {
        code: ArticlePrice(
            code,
            draw(money),
            draw(st.sampled_from(GROUPS)),
            draw(st.sampled_from([Decimal(r) for r in (0, 6, 9, 15, 21, 25)])),
        )
        for code in CODES
    }
    customer = draw(
        st.none()
        | st.builds(
            CustomerTerms,
            st.sampled_from(CUSTOMERS),
            st.sampled_from([*CATEGORIES, None]),
            st.one_of(st.just(Decimal(0)), percentage),
        )
    )
    rules: list[Rule] = []
    for code in CODES:
        for who in CUSTOMERS:
            if draw(st.booleans()):
                rules.append(ArticleCustomerDiscount(code, who, **draw(pct_or_price)))
        for category in CATEGORIES:
            if draw(st.booleans()):
                rules.append(ArticleCategoryDiscount(code, category, **draw(pct_or_price)))
        for min_qty in draw(st.sets(st.sampled_from([1, 2, 5, 10, 20]), max_size=3)):
            rules.append(VolumeBreak(code, Decimal(min_qty), **draw(pct_or_price)))
    for category in CATEGORIES:
        for group in GROUPS[:2]:
            if draw(st.booleans()):
                rules.append(CategoryGroupDiscount(category, str(group), draw(percentage)))
    lines = [
        PricingLine(
            articles[draw(st.sampled_from(CODES))],
            draw(quantity),
            draw(manual_discount) if manual else None,
        )
        for _ in range(draw(st.integers(1, 8)))
    ]
    return World(articles, customer, rules, lines)


all_settings = st.builds(PricingSettings, st.booleans(), st.booleans(), st.booleans())


def price(world: World, config: PricingSettings) -> PricedCart:
    return price_cart(world.lines, world.customer, DiscountRules(world.rules), config)


# --- an independent reference: linear scans over the rule list, exact fractions ---


def half_up(value: Fraction) -> Fraction:
    """Round a non-negative amount half-up to cents."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


def reference_net(world: World, line: PricingLine, config: PricingSettings) -> Fraction:
    article, qty, customer = line.article, line.qty, world.customer
    list_price = Fraction(article.list_price)
    sources: list[tuple[int, str, Fraction]] = []  # (priority, kind, value)
    for rule in world.rules:
        if customer is None or isinstance(rule, VolumeBreak):
            continue
        if isinstance(rule, CategoryGroupDiscount):
            if (rule.category, rule.group) == (customer.category, article.group):
                sources.append((5, "pct", Fraction(rule.pct)))
            continue
        kind, value = ("pct", rule.pct) if rule.pct is not None else ("price", rule.price)
        assert value is not None
        if isinstance(rule, ArticleCustomerDiscount):
            if (rule.article, rule.customer) == (article.code, customer.code):
                sources.append((2, kind, Fraction(value)))
        elif (rule.article, rule.category) == (article.code, customer.category):
            sources.append((4, kind, Fraction(value)))
    if customer is not None and customer.discount_pct > 0:
        sources.append((3, "pct", Fraction(customer.discount_pct)))
    breaks = [r for r in world.rules if isinstance(r, VolumeBreak) and r.article == article.code]
    reached = [r for r in breaks if qty >= r.min_qty]
    on_top = Fraction(0)
    if reached:
        best = max(reached, key=lambda r: r.min_qty)
        if best.pct is not None and config.volume_discount_on_top:
            on_top = Fraction(best.pct)
        elif best.pct is not None:
            sources.append((6, "pct", Fraction(best.pct)))
        else:
            assert best.price is not None
            sources.append((6, "price", Fraction(best.price)))
    sources.sort()
    prices = [v for _p, k, v in sources if k == "price"]
    pcts = [v for _p, k, v in sources if k == "pct"]
    if config.highest_discount_wins:
        base, pct = min([list_price, *prices]), max([Fraction(0), *pcts])
    else:
        base = prices[0] if prices else list_price
        pct = pcts[0] if pcts else Fraction(0)
    from_rules = half_up(base * (1 - pct / 100) * (1 - on_top / 100))

    manual = line.manual
    if manual is None:
        return from_rules
    if manual.price is not None:
        from_manual: Fraction | None = Fraction(manual.price)
    elif manual.pct is not None:
        from_manual = list_price * (1 - Fraction(manual.pct) / 100)
    else:
        assert manual.amount is not None
        amount = Fraction(manual.amount)
        from_manual = list_price - amount if amount <= list_price else None
    if from_manual is None:
        return from_rules
    if not config.highest_discount_wins:
        return half_up(from_manual)
    return min(from_rules, half_up(from_manual))


@settings(deadline=None)
@given(worlds(), all_settings)
def test_engine_matches_the_reference(world: World, config: PricingSettings) -> None:
    cart = price(world, config)
    for line in cart.lines:
        pricing_line = PricingLine(line.article, line.qty, line.manual)
        net = reference_net(world, pricing_line, config)
        assert Fraction(line.net_unit_price) == net
        assert Fraction(line.line_total) == half_up(Fraction(line.qty) * net)


@settings(deadline=None)
@given(worlds(), all_settings)
def test_no_net_price_below_zero(world: World, config: PricingSettings) -> None:
    for line in price(world, config).lines:
        assert line.net_unit_price >= 0
        assert line.line_total >= 0


@settings(deadline=None)
@given(worlds(), st.booleans())
def test_totals_incl_vat(world: World, on_top: bool) -> None:
    cart = price(world, PricingSettings(volume_discount_on_top=on_top, prices_include_vat=True))
    line_sum = sum((line.line_total for line in cart.lines), Decimal(0))
    assert cart.total == line_sum
    assert cart.total == sum((vat.gross for vat in cart.vat), Decimal(0))
    for vat in cart.vat:
        assert vat.net + vat.vat == vat.gross


@settings(deadline=None)
@given(worlds(), st.booleans())
def test_totals_excl_vat(world: World, highest: bool) -> None:
    cart = price(world, PricingSettings(highest_discount_wins=highest, prices_include_vat=False))
    assert cart.total == sum((vat.gross for vat in cart.vat), Decimal(0))
    for vat in cart.vat:
        rate_sum = sum(
            (line.line_total for line in cart.lines if line.vat_rate == vat.rate), Decimal(0)
        )
        assert vat.net == rate_sum
        assert Fraction(vat.vat) == half_up(Fraction(rate_sum) * Fraction(vat.rate) / 100)


@settings(deadline=None)
@given(worlds(manual=False), st.booleans())
def test_highest_wins_is_never_dearer_than_the_hierarchy(world: World, on_top: bool) -> None:
    hierarchy = price(world, PricingSettings(volume_discount_on_top=on_top))
    highest = price(
        world, PricingSettings(highest_discount_wins=True, volume_discount_on_top=on_top)
    )
    for by_priority, cheapest in zip(hierarchy.lines, highest.lines, strict=True):
        assert cheapest.net_unit_price <= by_priority.net_unit_price


@settings(deadline=None)
@given(money, percentage, quantity)
def test_rounding_is_half_up(list_price: Decimal, pct: Decimal, qty: Decimal) -> None:
    article = ArticlePrice("A", list_price, None, Decimal(21))
    cart = price_cart(
        [PricingLine(article, qty, ManualDiscount(pct=pct))],
        None,
        DiscountRules(),
        PricingSettings(),
    )
    line = cart.lines[0]
    # integer arithmetic: cents × (1000 − tenths of a percent) / 1000, rounded half-up
    cents, tenths = int(list_price * 100), int(pct * 10)
    numerator = cents * (1000 - tenths)
    net_cents = (2 * numerator + 1000) // 2000
    assert line.net_unit_price == Decimal(net_cents).scaleb(-2)
    milli = int(qty * 1000)
    total_cents = (2 * milli * net_cents + 1000) // 2000
    assert line.line_total == Decimal(total_cents).scaleb(-2)


@settings(deadline=None)
@given(worlds(), all_settings)
def test_every_line_is_explained(world: World, config: PricingSettings) -> None:
    for line in price(world, config).lines:
        explanation = line.explanation
        assert explanation.net_unit_price == line.net_unit_price
        sentences = explanation.sentences()
        assert sentences and all(sentence.endswith(".") for sentence in sentences)
        assert "\n" not in explanation.summary()
        used = explanation.used
        if line.net_unit_price != line.list_price:
            assert used, "a changed price names the source(s) that changed it"
        kinds = [step.kind.value for step in used if step.outcome.value == "applied"]
        assert kinds.count("pct") <= 1 and kinds.count("price") + kinds.count("amount") <= 1
