"""The discount hierarchy PRC-1 … PRC-8 rule by rule, in every combination of the two settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    ArticlePrice,
    CategoryGroupDiscount,
    CustomerTerms,
    DiscountRules,
    ManualDiscount,
    Rule,
    Source,
    VolumeBreak,
)
from tui_pos.core.errors import InvalidInput
from tui_pos.core.explanation import Outcome
from tui_pos.core.pricing import PricedLine, PricingLine, PricingSettings, price_cart, price_line

D = Decimal
TEA = ArticlePrice("TEA", D("10.00"), "FOOD", D("9"))
CARD = CustomerTerms("C1", "HORECA", D("10"))  # 10 % standard discount, category HORECA

# one rule of each source for TEA and C1 / HORECA / FOOD
AC_PCT = ArticleCustomerDiscount("TEA", "C1", pct=D("15"))
AC_PRICE = ArticleCustomerDiscount("TEA", "C1", price=D("9.00"))
ACAT_PCT = ArticleCategoryDiscount("TEA", "HORECA", pct=D("5"))
ACAT_PRICE = ArticleCategoryDiscount("TEA", "HORECA", price=D("7.00"))
CG = CategoryGroupDiscount("HORECA", "FOOD", pct=D("20"))
VOL_PCT = VolumeBreak("TEA", D("10"), pct=D("30"))
VOL_PRICE = VolumeBreak("TEA", D("10"), price=D("6.00"))

HIERARCHY = PricingSettings()
HIGHEST = PricingSettings(highest_discount_wins=True)
ON_TOP = PricingSettings(volume_discount_on_top=True)
BOTH = PricingSettings(highest_discount_wins=True, volume_discount_on_top=True)


@dataclass
class Case:
    """One line of TEA (list 10.00) priced with some rules; what it must cost and who won."""

    rules: list[Rule] = field(default_factory=list)
    customer: CustomerTerms | None = CARD
    qty: str = "1"
    manual: ManualDiscount | None = None
    settings: PricingSettings = HIERARCHY
    article: ArticlePrice = TEA
    net: str = ""
    used: set[Source] = field(default_factory=set)


def price(case: Case) -> PricedLine:
    return price_line(
        case.article,
        D(case.qty),
        case.customer,
        DiscountRules(case.rules),
        case.settings,
        case.manual,
    )


CASES = {
    # --- PRC-1 hierarchy: each of the six sources winning ---
    "list-price-only": Case(customer=None, net="10.00"),
    "manual-beats-all": Case(
        rules=[AC_PCT, ACAT_PCT, CG, VOL_PCT],
        qty="10",
        manual=ManualDiscount(pct=D("2")),
        net="9.80",
        used={Source.MANUAL},
    ),
    "article-customer-beats-rest": Case(
        rules=[AC_PCT, ACAT_PCT, CG, VOL_PCT], qty="10", net="8.50", used={Source.ARTICLE_CUSTOMER}
    ),
    "customer-card-beats-lower": Case(
        rules=[ACAT_PCT, CG, VOL_PCT], qty="10", net="9.00", used={Source.CUSTOMER}
    ),
    "article-category-beats-lower": Case(
        rules=[ACAT_PCT, CG, VOL_PCT],
        customer=CustomerTerms("C1", "HORECA"),
        qty="10",
        net="9.50",
        used={Source.ARTICLE_CATEGORY},
    ),
    "category-group-beats-volume": Case(
        rules=[CG, VOL_PCT],
        customer=CustomerTerms("C1", "HORECA"),
        qty="10",
        net="8.00",
        used={Source.CATEGORY_GROUP},
    ),
    "volume-alone": Case(
        rules=[VOL_PCT], customer=None, qty="10", net="7.00", used={Source.VOLUME}
    ),
    "volume-below-minimum": Case(rules=[VOL_PCT], customer=None, qty="9", net="10.00"),
    # --- PRC-1/2: fixed price is the base, one percentage on top; two pcts never stack ---
    "fixed-price-plus-pct": Case(
        rules=[AC_PRICE], net="8.10", used={Source.ARTICLE_CUSTOMER, Source.CUSTOMER}
    ),
    "fixed-price-plus-lower-priority-pct": Case(
        rules=[ACAT_PRICE, CG],
        customer=CustomerTerms("C1", "HORECA"),
        net="5.60",
        used={Source.ARTICLE_CATEGORY, Source.CATEGORY_GROUP},
    ),
    "higher-priority-fixed-price-wins-even-if-dearer": Case(
        rules=[AC_PRICE, ACAT_PRICE],
        customer=CustomerTerms("C1", "HORECA"),
        net="9.00",
        used={Source.ARTICLE_CUSTOMER},
    ),
    "two-pcts-never-stack": Case(rules=[CG], net="9.00", used={Source.CUSTOMER}),
    "fixed-price-above-list-applies-in-hierarchy": Case(
        rules=[ArticleCustomerDiscount("TEA", "C1", price=D("11.00"))],
        customer=CustomerTerms("C1"),
        net="11.00",
        used={Source.ARTICLE_CUSTOMER},
    ),
    # --- PRC-1 manual kinds in hierarchy mode: on the list price, nothing stacks ---
    "manual-price-override-even-if-dearer": Case(
        rules=[AC_PCT], manual=ManualDiscount(price=D("12.00")), net="12.00", used={Source.MANUAL}
    ),
    "manual-amount-off-list-not-fixed-price": Case(
        rules=[AC_PRICE], manual=ManualDiscount(amount=D("2.50")), net="7.50", used={Source.MANUAL}
    ),
    "manual-pct-nothing-on-top": Case(
        rules=[VOL_PCT],
        qty="10",
        manual=ManualDiscount(pct=D("5")),
        settings=ON_TOP,
        net="9.50",
        used={Source.MANUAL},
    ),
    # --- PRC-6: a discount larger than the price is not applied ---
    "manual-amount-larger-than-price-falls-back": Case(
        manual=ManualDiscount(amount=D("10.01")), net="9.00", used={Source.CUSTOMER}
    ),
    "manual-amount-equal-to-price-gives-zero": Case(
        manual=ManualDiscount(amount=D("10.00")), net="0.00", used={Source.MANUAL}
    ),
    "manual-amount-too-large-highest-wins": Case(
        manual=ManualDiscount(amount=D("11")), settings=HIGHEST, net="9.00", used={Source.CUSTOMER}
    ),
    "manual-100-pct-gives-zero": Case(
        manual=ManualDiscount(pct=D("100")), net="0.00", used={Source.MANUAL}
    ),
    # --- PRC-3 highest discount wins ---
    "highest-largest-pct": Case(
        rules=[AC_PCT, CG], settings=HIGHEST, net="8.00", used={Source.CATEGORY_GROUP}
    ),
    "highest-lowest-fixed-price-with-largest-pct": Case(
        rules=[AC_PRICE, ACAT_PRICE, CG],
        settings=HIGHEST,
        net="5.60",
        used={Source.ARTICLE_CATEGORY, Source.CATEGORY_GROUP},
    ),
    "highest-volume-fixed-price-lowest": Case(
        rules=[AC_PRICE, VOL_PRICE],
        customer=CustomerTerms("C1"),
        qty="10",
        settings=HIGHEST,
        net="6.00",
        used={Source.VOLUME},
    ),
    "highest-fixed-price-above-list-not-used": Case(
        rules=[ArticleCustomerDiscount("TEA", "C1", price=D("11.00"))],
        settings=HIGHEST,
        net="9.00",
        used={Source.CUSTOMER},
    ),
    "highest-tie-goes-to-higher-priority": Case(
        rules=[CategoryGroupDiscount("HORECA", "FOOD", D("10"))],
        settings=HIGHEST,
        net="9.00",
        used={Source.CUSTOMER},
    ),
    "highest-manual-pct-wins-when-cheaper": Case(
        rules=[CG],
        manual=ManualDiscount(pct=D("25")),
        settings=HIGHEST,
        net="7.50",
        used={Source.MANUAL},
    ),
    "highest-manual-pct-loses-when-dearer": Case(
        rules=[CG],
        manual=ManualDiscount(pct=D("15")),
        settings=HIGHEST,
        net="8.00",
        used={Source.CATEGORY_GROUP},
    ),
    "highest-manual-equal-loses": Case(
        rules=[CG],
        manual=ManualDiscount(price=D("8.00")),
        settings=HIGHEST,
        net="8.00",
        used={Source.CATEGORY_GROUP},
    ),
    "highest-manual-amount-wins": Case(
        manual=ManualDiscount(amount=D("1.50")), settings=HIGHEST, net="8.50", used={Source.MANUAL}
    ),
    "highest-manual-override-wins": Case(
        rules=[AC_PRICE],
        manual=ManualDiscount(price=D("7.99")),
        settings=HIGHEST,
        net="7.99",
        used={Source.MANUAL},
    ),
    # --- PRC-4 volume on top ---
    "on-top-pct-volume-multiplies": Case(
        qty="10",
        rules=[VOL_PCT],
        settings=ON_TOP,
        net="6.30",
        used={Source.CUSTOMER, Source.VOLUME},
    ),
    "on-top-volume-alone": Case(
        qty="10", rules=[VOL_PCT], customer=None, settings=ON_TOP, net="7.00", used={Source.VOLUME}
    ),
    "on-top-with-fixed-price-and-pct": Case(
        qty="10",
        rules=[AC_PRICE, VOL_PCT],
        settings=ON_TOP,
        net="5.67",
        used={Source.ARTICLE_CUSTOMER, Source.CUSTOMER, Source.VOLUME},
    ),
    "on-top-fixed-price-volume-stays-in-hierarchy": Case(
        qty="10",
        rules=[VOL_PRICE],
        settings=ON_TOP,
        net="5.40",
        used={Source.VOLUME, Source.CUSTOMER},
    ),
    "on-top-fixed-price-volume-outranked-by-fixed-price": Case(
        qty="10",
        rules=[ACAT_PRICE, VOL_PRICE],
        settings=ON_TOP,
        net="6.30",
        used={Source.ARTICLE_CATEGORY, Source.CUSTOMER},
    ),
    "on-top-manual-decides-nothing-stacks": Case(
        qty="10",
        rules=[VOL_PCT],
        manual=ManualDiscount(price=D("9.00")),
        settings=ON_TOP,
        net="9.00",
        used={Source.MANUAL},
    ),
    # --- both settings ---
    "both-largest-pct-then-volume-on-top": Case(
        qty="10",
        rules=[AC_PCT, CG, VOL_PCT],
        settings=BOTH,
        net="5.60",
        used={Source.CATEGORY_GROUP, Source.VOLUME},
    ),
    "both-fixed-volume-competes": Case(
        qty="10",
        rules=[AC_PRICE, VOL_PRICE],
        settings=BOTH,
        net="5.40",
        used={Source.VOLUME, Source.CUSTOMER},
    ),
    "both-manual-loses-to-volume-on-top": Case(
        qty="10",
        rules=[VOL_PCT],
        manual=ManualDiscount(pct=D("35")),
        settings=BOTH,
        net="6.30",
        used={Source.CUSTOMER, Source.VOLUME},
    ),
    "both-manual-wins-nothing-on-top": Case(
        qty="10",
        rules=[VOL_PCT],
        manual=ManualDiscount(pct=D("40")),
        settings=BOTH,
        net="6.00",
        used={Source.MANUAL},
    ),
    # --- PRC-5 largest qualifying volume break ---
    "largest-qualifying-break": Case(
        customer=None,
        qty="25",
        rules=[
            VolumeBreak("TEA", D("5"), pct=D("5")),
            VolumeBreak("TEA", D("20"), pct=D("20")),
            VolumeBreak("TEA", D("10"), pct=D("10")),
            VolumeBreak("TEA", D("50"), pct=D("50")),
        ],
        net="8.00",
        used={Source.VOLUME},
    ),
    "weighed-qty-reaches-decimal-break": Case(
        customer=None,
        qty="2.500",
        rules=[VolumeBreak("TEA", D("2.5"), price=D("8.00"))],
        net="8.00",
        used={Source.VOLUME},
    ),
    # --- scope: rules of other customers / categories / groups do not apply ---
    "other-customer-rule-ignored": Case(
        rules=[ArticleCustomerDiscount("TEA", "C2", pct=D("50"))],
        net="9.00",
        used={Source.CUSTOMER},
    ),
    "other-category-ignored": Case(
        rules=[ArticleCategoryDiscount("TEA", "RETAIL", pct=D("50"))],
        customer=CustomerTerms("C1", "HORECA"),
        net="10.00",
    ),
    "no-category-no-category-rules": Case(
        rules=[ACAT_PCT, CG], customer=CustomerTerms("C1", None), net="10.00"
    ),
    "no-customer-only-volume": Case(
        rules=[AC_PCT, ACAT_PCT, CG, VOL_PCT],
        customer=None,
        qty="10",
        net="7.00",
        used={Source.VOLUME},
    ),
    "other-article-volume-ignored": Case(
        rules=[VolumeBreak("COFFEE", D("1"), pct=D("50"))], customer=None, net="10.00"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_pricing_rule(name: str) -> None:
    case = CASES[name]
    line = price(case)
    assert line.net_unit_price == D(case.net)
    assert line.line_total == (D(case.qty) * D(case.net)).quantize(D("0.01"))
    assert {step.source for step in line.explanation.used} == case.used


def test_half_up_rounding_of_the_net_unit_price() -> None:
    pen = ArticlePrice("PEN", D("0.85"), None, D("21"))
    for pct, expected in [("50", "0.43"), ("30", "0.60"), ("10", "0.77")]:
        line = price_line(pen, D(1), None, DiscountRules(), HIERARCHY, ManualDiscount(pct=D(pct)))
        assert line.net_unit_price == D(expected), pct


def test_half_up_rounding_of_the_line_total() -> None:
    cheap = ArticlePrice("NUT", D("0.05"), None, D("9"))
    line = price_line(cheap, D("0.5"), None, DiscountRules(), HIERARCHY)
    assert line.line_total == D("0.03")  # 0.025 → 0.03 (banker's rounding would give 0.02)


def test_net_unit_price_rounds_once_after_all_percentages() -> None:
    article = ArticlePrice("X", D("1.09"), None, D("21"))
    rules = DiscountRules([VolumeBreak("X", D("1"), pct=D("5"))])
    customer = CustomerTerms("C", None, D("5"))
    line = price_line(article, D(1), customer, rules, ON_TOP)
    # 1.09 × 0.95 × 0.95 = 0.983725 → 0.98; rounding in between would give 0.99
    assert line.net_unit_price == D("0.98")


def test_weighed_quantity_line_total() -> None:
    cheese = ArticlePrice("CHEESE", D("12.99"), "FOOD", D("9"))
    line = price_line(cheese, D("0.756"), None, DiscountRules(), HIERARCHY)
    assert (line.net_unit_price, line.line_total) == (D("12.99"), D("9.82"))
    assert line.discount_total == D("0.00")


def test_discount_totals() -> None:
    lines = [PricingLine(TEA, D(3)), PricingLine(TEA, D("0.5"), ManualDiscount(amount=D("1")))]
    cart = price_cart(lines, CARD, DiscountRules(), HIERARCHY)
    assert [line.discount_total for line in cart.lines] == [D("3.00"), D("0.50")]
    assert cart.discount_total == D("3.50")


def test_cart_excl_vat_adds_vat_per_rate() -> None:
    food = ArticlePrice("F", D("10.00"), None, D("9"))
    toy = ArticlePrice("T", D("2.02"), None, D("21"))
    lines = [PricingLine(food, D(1)), PricingLine(toy, D(1)), PricingLine(toy, D(1))]
    cart = price_cart(lines, None, DiscountRules(), PricingSettings(prices_include_vat=False))
    by_rate = {vat.rate: (vat.net, vat.vat, vat.gross) for vat in cart.vat}
    assert by_rate == {
        D("9"): (D("10.00"), D("0.90"), D("10.90")),
        # VAT over the rate's sum 4.04 (0.8484 → 0.85), not per line (2 × 0.42 = 0.84)
        D("21"): (D("4.04"), D("0.85"), D("4.89")),
    }
    assert cart.total == D("15.79")


def test_cart_incl_vat_total_is_sum_of_lines() -> None:
    food = ArticlePrice("F", D("10.00"), None, D("9"))
    toy = ArticlePrice("T", D("3.33"), None, D("21"))
    cart = price_cart(
        [PricingLine(food, D(2)), PricingLine(toy, D(3))], None, DiscountRules(), HIERARCHY
    )
    assert cart.total == D("29.99")
    assert [(v.rate, v.vat) for v in cart.vat] == [(D("9"), D("1.65")), (D("21"), D("1.73"))]


def test_empty_cart() -> None:
    cart = price_cart([], None, DiscountRules(), HIERARCHY)
    assert cart.lines == () and cart.vat == () and cart.total == D("0.00")


def test_return_line_with_negative_quantity() -> None:
    rules = DiscountRules([VOL_PCT])
    line = price_line(TEA, D(-2), CARD, rules, HIERARCHY)
    assert (line.net_unit_price, line.line_total) == (D("9.00"), D("-18.00"))


# --- negative guard for each kind: impossible values are refused up front ---


@pytest.mark.parametrize(
    "make",
    [
        lambda: ManualDiscount(pct=D("100.01")),
        lambda: ManualDiscount(pct=D("-1")),
        lambda: ManualDiscount(amount=D("-0.01")),
        lambda: ManualDiscount(price=D("-1")),
        lambda: ManualDiscount(),
        lambda: ManualDiscount(pct=D("1"), price=D("1")),
        lambda: ArticleCustomerDiscount("TEA", "C1", pct=D("101")),
        lambda: ArticleCustomerDiscount("TEA", "C1", price=D("-5")),
        lambda: ArticleCategoryDiscount("TEA", "HORECA", price=D("-0.01")),
        lambda: CategoryGroupDiscount("HORECA", "FOOD", D("150")),
        lambda: VolumeBreak("TEA", D("10"), pct=D("-3")),
        lambda: VolumeBreak("TEA", D("0"), pct=D("3")),
        lambda: CustomerTerms("C1", None, D("120")),
        lambda: ArticlePrice("X", D("-1"), None, D("21")),
        lambda: ArticlePrice("X", D("1"), None, D("-21")),
        lambda: ManualDiscount(pct=D("NaN")),
    ],
)
def test_invalid_discounts_are_refused(make: object) -> None:
    assert callable(make)
    with pytest.raises(InvalidInput):
        make()


# --- explanations (PRC-7) ---


def test_explanation_names_winner_and_why_others_lost() -> None:
    line = price(Case(rules=[AC_PCT, VOL_PCT], qty="10"))
    steps = {step.source: step for step in line.explanation.steps}
    assert steps[Source.ARTICLE_CUSTOMER].outcome is Outcome.APPLIED
    assert steps[Source.CUSTOMER].outcome is Outcome.OUTRANKED
    assert steps[Source.CUSTOMER].beaten_by is Source.ARTICLE_CUSTOMER
    assert steps[Source.VOLUME].beaten_by is Source.ARTICLE_CUSTOMER
    sentences = line.explanation.sentences()
    assert sentences[0] == "Customer article discount 15 % (agreed for this customer) applied."
    assert (
        "Customer discount 10 % (customer card) not used: "
        "the customer article discount has priority." in sentences
    )
    assert sentences[-1] == "Net unit price 8.50 (list price 10.00)."


def test_explanation_names_a_discount_rejected_for_being_larger_than_the_price() -> None:
    line = price(Case(manual=ManualDiscount(amount=D("12.00"))))
    manual = line.explanation.step_for(Source.MANUAL)
    assert manual is not None and manual.outcome is Outcome.TOO_LARGE
    text = " ".join(line.explanation.sentences())
    assert "Manual discount 12.00 off not applied: it is larger than the price 10.00." in text
    assert "Customer discount 10 % (customer card) applied." in text
    assert "larger than the price" in line.explanation.summary()


def test_explanation_in_highest_mode_says_which_gave_more() -> None:
    line = price(Case(rules=[CG, VOL_PCT], qty="10", settings=HIGHEST))
    sentences = line.explanation.sentences()
    assert "Volume discount 30 % (10 or more) applied." in sentences
    assert (
        "Group discount 20 % (category HORECA, group FOOD) not used: "
        "the volume discount gives more discount."
    ) in sentences


def test_explanation_of_manual_override_and_on_top() -> None:
    line = price(Case(rules=[VOL_PCT], qty="10", settings=ON_TOP))
    assert "Volume discount 30 % (10 or more) applied on top." in line.explanation.sentences()
    line = price(Case(rules=[VOL_PCT], qty="10", manual=ManualDiscount(price=D("9.50"))))
    outcomes = {step.source: step.outcome for step in line.explanation.steps}
    assert outcomes == {
        Source.MANUAL: Outcome.APPLIED,
        Source.CUSTOMER: Outcome.OVERRIDDEN,
        Source.VOLUME: Outcome.OVERRIDDEN,
    }


def test_explanation_of_manual_losing_and_fixed_price_above_list() -> None:
    over = ArticleCustomerDiscount("TEA", "C1", price=D("12.00"))
    line = price(Case(rules=[over], manual=ManualDiscount(price=D("9.50")), settings=HIGHEST))
    outcomes = {step.source: step.outcome for step in line.explanation.steps}
    assert outcomes == {
        Source.MANUAL: Outcome.MORE_EXPENSIVE,
        Source.ARTICLE_CUSTOMER: Outcome.ABOVE_LIST,
        Source.CUSTOMER: Outcome.APPLIED,
    }
    sentences = line.explanation.sentences()
    assert "Manual price 9.50 not used: the other discounts give a lower price (9.00)." in sentences
    assert (
        "Customer price 12.00 (agreed for this customer) not used: the list price 10.00 is lower."
        in sentences
    )


def test_explanation_without_discount_and_summary_is_one_line() -> None:
    line = price(Case(customer=None))
    assert line.explanation.sentences() == ["List price 10.00, no discount."]
    assert line.explanation.summary() == "10.00: list price"
    busy = price(Case(rules=[AC_PRICE, CG, VOL_PCT], qty="10", settings=BOTH))
    summary = busy.explanation.summary()
    assert "\n" not in summary
    assert summary.startswith("10.00 → 5.04: customer price 9.00, group discount 20 %")
    assert "volume discount 30 % on top" in summary
    assert "customer discount 10 % (smaller)" in summary


def test_customer_zero_discount_is_not_a_source() -> None:
    line = price(Case(customer=CustomerTerms("C1", None, D("0"))))
    assert line.explanation.steps == ()
