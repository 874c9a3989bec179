"""Prices cart lines with the discount engine (PRC): customer terms, rules, manual discounts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui_pos.core import discount_rules as dr
from tui_pos.core.cart import CartLine, PricedLine, Pricer
from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.explanation import PriceExplanation
from tui_pos.core.pricing import PricingSettings, price_line_for

#: Explanation texts kept per pricer (a sale) before starting over.
MAX_CACHED_TEXTS = 4096
#: Gives the rules a cart needs (e.g. loaded from the database, cached); see RuleSelection.
RulesFor = Callable[[dr.RuleSelection], dr.DiscountRules]


def _manual(line: CartLine) -> dr.ManualDiscount | None:
    manual = line.manual
    if manual is None:
        return None
    return dr.ManualDiscount(**{manual.kind: manual.value})


def customer_terms(customer: CustomerInfo | None) -> dr.CustomerTerms | None:
    """The discount terms on a customer card (category and standard discount)."""
    if customer is None:
        return None
    return dr.CustomerTerms(customer.code, customer.category, customer.discount_pct)


def engine_pricer(
    settings: PricingSettings,
    rules: dr.DiscountRules | None = None,
    *,
    rules_for: RulesFor | None = None,
) -> Pricer:
    """A Cart pricer backed by the engine.

    `rules` is a fixed rule index; `rules_for` is asked, at every repricing, for the rules the
    cart's articles and customer need (it may load and cache them). With neither, only the
    customer card's standard discount and manual line discounts can apply.
    """
    fixed = rules if rules is not None else dr.DiscountRules([])
    # Texts per decision: a repricing mostly repeats the decisions it made before (one line's
    # quantity changed), and writing the texts costs far more than deciding the price.
    texts: dict[PriceExplanation, tuple[str, tuple[str, ...]]] = {}
    # Results per line input: a line is priced from its own inputs and the rules only, so while
    # the rule index is the same object a line that did not change keeps its result and a scan
    # prices one line, not the whole cart (O(cart) engine calls per scan made long carts slow).
    known: dict[tuple[object, ...], PricedLine] = {}
    known_for: list[dr.DiscountRules] = []

    # The engine's view of each article, kept per article object (a cart line keeps its
    # article): made afresh for every line at every scan it was a third of a long cart's price.
    article_prices: dict[int, tuple[ArticleInfo, dr.ArticlePrice]] = {}

    def article_price(a: ArticleInfo) -> dr.ArticlePrice:
        known = article_prices.get(id(a))
        if known is not None and known[0] is a:
            return known[1]
        if len(article_prices) > MAX_CACHED_TEXTS:
            article_prices.clear()
        made = dr.ArticlePrice(a.code, a.list_price, a.group, a.vat_rate)
        article_prices[id(a)] = (a, made)
        return made

    def price(lines: Sequence[CartLine], customer: CustomerInfo | None) -> list[PricedLine]:
        terms = customer_terms(customer)
        articles = [article_price(line.article) for line in lines]
        index = fixed if rules_for is None else rules_for(dr.rule_selection(articles, terms))
        if len(texts) > MAX_CACHED_TEXTS:
            texts.clear()
        if not known_for or known_for[0] is not index or len(known) > MAX_CACHED_TEXTS:
            known.clear()
            known_for[:] = [index]
        customer_rules = index.for_customer(terms)
        out = []
        for line, article in zip(lines, articles, strict=True):
            manual = _manual(line)
            key = (article, str(line.qty), terms, manual)  # str: 2 and 2.000 print differently
            result = known.get(key)
            if result is None:
                priced = price_line_for(article, line.qty, customer_rules, settings, manual)
                why = priced.explanation
                text = texts.get(why)
                if text is None:
                    text = texts[why] = (why.summary(), tuple(why.sentences()))
                result = known[key] = PricedLine(priced.net_unit_price, priced.line_total, *text)
            out.append(result)
        return out

    return price
