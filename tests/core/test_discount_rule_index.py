"""DiscountRules: lookups, largest volume break, duplicates refused, rule selection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    ArticlePrice,
    CategoryGroupDiscount,
    CustomerTerms,
    DiscountRules,
    Rule,
    VolumeBreak,
    rule_selection,
)
from tui_pos.core.errors import InvalidInput

D = Decimal
TEA = ArticlePrice("TEA", D("10.00"), "FOOD", D("9"))
MUG = ArticlePrice("MUG", D("5.00"), "HOME", D("21"))
RULES: list[Rule] = [
    ArticleCustomerDiscount("TEA", "C1", pct=D("5")),
    ArticleCustomerDiscount("TEA", "C2", pct=D("6")),
    ArticleCustomerDiscount("PEN", "C1", pct=D("7")),
    ArticleCategoryDiscount("TEA", "HORECA", price=D("8")),
    ArticleCategoryDiscount("MUG", "RETAIL", price=D("4")),
    CategoryGroupDiscount("HORECA", "FOOD", D("3")),
    CategoryGroupDiscount("HORECA", "TOYS", D("4")),
    CategoryGroupDiscount("RETAIL", "FOOD", D("2")),
    VolumeBreak("TEA", D("10"), pct=D("10")),
    VolumeBreak("TEA", D("5"), pct=D("5")),
    VolumeBreak("PEN", D("5"), pct=D("5")),
]


def test_lookups() -> None:
    rules = DiscountRules(RULES)
    assert len(rules) == len(RULES)
    assert sorted(map(repr, rules)) == sorted(map(repr, RULES))
    assert rules.article_customer("TEA", "C2") == RULES[1]
    assert rules.article_customer("MUG", "C1") is None
    assert rules.article_category("TEA", "HORECA") == RULES[3]
    assert rules.category_group("HORECA", "FOOD") == RULES[5]
    assert rules.category_group("RETAIL", "HOME") is None


@pytest.mark.parametrize(
    ("qty", "expected_min"),
    [("4.999", None), ("5", "5"), ("9", "5"), ("10", "10"), ("1000", "10"), ("-3", None)],
)
def test_volume_break_is_the_largest_reached(qty: str, expected_min: str | None) -> None:
    found = DiscountRules(RULES).volume_break("TEA", D(qty))
    assert (found.min_qty if found else None) == (D(expected_min) if expected_min else None)


def test_sources_for_a_line_in_priority_order() -> None:
    rules = DiscountRules(RULES)
    customer = CustomerTerms("C1", "HORECA", D("2"))
    sources = rules.sources_for(TEA, D("12"), customer)
    assert sources == [RULES[0], customer, RULES[3], RULES[5], RULES[8]]
    assert rules.sources_for(TEA, D("1"), None) == []


@pytest.mark.parametrize(
    "duplicate",
    [
        ArticleCustomerDiscount("TEA", "C1", price=D("1")),
        ArticleCategoryDiscount("TEA", "HORECA", pct=D("1")),
        CategoryGroupDiscount("HORECA", "FOOD", D("9")),
        VolumeBreak("TEA", D("10.0"), price=D("1")),
    ],
)
def test_two_rules_for_the_same_thing_are_refused(duplicate: Rule) -> None:
    with pytest.raises(InvalidInput, match="Two discount rules for the same thing"):
        DiscountRules([*RULES, duplicate])


def test_rule_selection_keeps_exactly_what_can_apply() -> None:
    customer = CustomerTerms("C1", "HORECA")
    selection = rule_selection([TEA, MUG], customer)
    kept = list(DiscountRules(RULES).restricted_to(selection))
    assert sorted(map(repr, kept)) == sorted(
        map(repr, [RULES[0], RULES[3], RULES[5], RULES[8], RULES[9]])
    )
    # the restricted index prices the same as the full one
    full, small = DiscountRules(RULES), DiscountRules(kept)
    for article in (TEA, MUG):
        for qty in (D(1), D(7), D(12)):
            assert full.sources_for(article, qty, customer) == small.sources_for(
                article, qty, customer
            )


def test_rule_selection_without_customer_keeps_only_volume() -> None:
    selection = rule_selection([TEA], None)
    kept = [rule for rule in RULES if selection.matches(rule)]
    assert kept == [RULES[8], RULES[9]]
