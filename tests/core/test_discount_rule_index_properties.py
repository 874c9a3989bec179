"""The rule index (per customer, category, article) finds what a scan of all the rules finds."""

from __future__ import annotations

from decimal import Decimal

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
    Origin,
    Rule,
    VolumeBreak,
    rule_key,
)
from tui_pos.core.pricing import PricingLine, PricingSettings, price_cart, price_line

CODES = ["A", "B", "C"]
GROUPS = ["G1", "G2", None]
CATEGORIES = ["K1", "K2"]
CUSTOMERS = ["C1", "C2", "C3"]

percentage = st.integers(0, 1000).map(lambda tenths: Decimal(tenths).scaleb(-1))
pct_or_price = st.one_of(
    st.builds(lambda v: {"pct": v}, percentage),
    st.builds(lambda cents: {"price": Decimal(cents).scaleb(-2)}, st.integers(0, 20_000)),
)
min_qty = st.sampled_from(["0.5", "1", "2", "2.0", "5", "10"]).map(Decimal)
rule = st.one_of(
    st.builds(
        lambda a, c, v: ArticleCustomerDiscount(a, c, **v),
        st.sampled_from(CODES),
        st.sampled_from(CUSTOMERS),
        pct_or_price,
    ),
    st.builds(
        lambda a, k, v: ArticleCategoryDiscount(a, k, **v),
        st.sampled_from(CODES),
        st.sampled_from(CATEGORIES),
        pct_or_price,
    ),
    st.builds(
        CategoryGroupDiscount,
        st.sampled_from(CATEGORIES),
        st.sampled_from(["G1", "G2"]),
        percentage,
    ),
    st.builds(
        lambda a, q, v: VolumeBreak(a, q, **v), st.sampled_from(CODES), min_qty, pct_or_price
    ),
)
# one rule per key: two for the same thing are refused (test_discount_rule_index)
rule_lists = st.lists(rule, max_size=30, unique_by=rule_key)
customers = st.none() | st.builds(
    CustomerTerms,
    st.sampled_from(CUSTOMERS),
    st.sampled_from([*CATEGORIES, None]),
    st.one_of(st.just(Decimal(0)), percentage),
)
articles = st.builds(
    ArticlePrice,
    st.sampled_from(CODES),
    st.integers(0, 20_000).map(lambda cents: Decimal(cents).scaleb(-2)),
    st.sampled_from(GROUPS),
    st.just(Decimal(21)),
)
quantities = st.one_of(
    st.integers(-20, 60).map(Decimal),
    st.integers(1, 20_000).map(lambda grams: Decimal(grams).scaleb(-3)),
)


def scanned_sources(
    rules: list[Rule], article: ArticlePrice, qty: Decimal, customer: CustomerTerms | None
) -> list[Origin]:
    """The sources of one line found by reading every rule, highest priority first."""
    found: list[Origin] = []
    if customer is not None:
        found += [
            r
            for r in rules
            if isinstance(r, ArticleCustomerDiscount)
            and (r.article, r.customer) == (article.code, customer.code)
        ]
        if customer.discount_pct:
            found.append(customer)
        found += [
            r
            for r in rules
            if isinstance(r, ArticleCategoryDiscount)
            and (r.article, r.category) == (article.code, customer.category)
        ]
        found += [
            r
            for r in rules
            if isinstance(r, CategoryGroupDiscount)
            and (r.category, r.group) == (customer.category, article.group)
        ]
    reached = [
        r
        for r in rules
        if isinstance(r, VolumeBreak) and r.article == article.code and qty >= r.min_qty
    ]
    if reached:
        found.append(max(reached, key=lambda r: r.min_qty))
    return found


@settings(deadline=None)
@given(rule_lists, customers, articles, quantities)
def test_index_finds_what_a_scan_finds(
    rules: list[Rule], customer: CustomerTerms | None, article: ArticlePrice, qty: Decimal
) -> None:
    index = DiscountRules(rules)
    expected = scanned_sources(rules, article, qty, customer)
    assert index.sources_for(article, qty, customer) == expected
    assert index.for_customer(customer).sources_for(article, qty) == expected
    assert len(index) == len(rules)
    assert sorted(map(repr, index)) == sorted(map(repr, rules))
    for r in rules:
        if isinstance(r, ArticleCustomerDiscount):
            assert index.article_customer(r.article, r.customer) is r
        elif isinstance(r, ArticleCategoryDiscount):
            assert index.article_category(r.article, r.category) is r
        elif isinstance(r, CategoryGroupDiscount):
            assert index.category_group(r.category, r.group) is r


@settings(deadline=None)
@given(
    rule_lists,
    customers,
    st.lists(
        st.tuples(articles, quantities, st.none() | st.builds(ManualDiscount, pct=percentage)),
        min_size=1,
        max_size=8,
    ),
    st.builds(PricingSettings, st.booleans(), st.booleans()),
)
def test_price_cart_considers_what_a_scan_finds(
    rules: list[Rule],
    customer: CustomerTerms | None,
    lines: list[tuple[ArticlePrice, Decimal, ManualDiscount | None]],
    config: PricingSettings,
) -> None:
    """price_cart picks the customer's rules once per cart; every line still sees exactly the
    sources a scan of all rules finds, and is priced as `price_line` prices it alone."""
    index = DiscountRules(rules)
    cart = price_cart([PricingLine(*line) for line in lines], customer, index, config)
    for (article, qty, manual), priced in zip(lines, cart.lines, strict=True):
        expected = scanned_sources(rules, article, qty, customer)
        if manual is not None:
            expected.insert(0, manual)
        assert list(priced.explanation.considered) == expected
        assert priced == price_line(article, qty, customer, index, config, manual)
