"""Prices cart lines with the discount engine (PRC): customer terms, rules, manual discounts."""

from __future__ import annotations

from collections.abc import Sequence

from tui_pos.core import discount_rules as dr
from tui_pos.core.cart import CartLine, PricedLine, Pricer
from tui_pos.core.catalog import CustomerInfo
from tui_pos.core.pricing import PricingSettings, price_line


def _manual(line: CartLine) -> dr.ManualDiscount | None:
    manual = line.manual
    if manual is None:
        return None
    return dr.ManualDiscount(**{manual.kind: manual.value})


def engine_pricer(settings: PricingSettings, rules: dr.DiscountRules | None = None) -> Pricer:
    """A Cart pricer backed by the engine; with no `rules`, only the customer card's standard
    discount and manual line discounts can apply."""
    index = rules if rules is not None else dr.DiscountRules([])
    # Each line is priced from its own inputs only, so a line whose inputs did not change keeps
    # its result: a scan reprices one line, not the whole cart. (A pricer lives as long as its
    # cart, one sale; rules and settings are fixed for it.)
    known: dict[tuple[object, ...], PricedLine] = {}

    def price(lines: Sequence[CartLine], customer: CustomerInfo | None) -> list[PricedLine]:
        terms = (
            dr.CustomerTerms(customer.code, customer.category, customer.discount_pct)
            if customer
            else None
        )
        out = []
        for line in lines:
            a = line.article
            article = dr.ArticlePrice(a.code, a.list_price, a.group, a.vat_rate)
            manual = _manual(line)
            key = (article, str(line.qty), terms, manual)  # str: 2 and 2.000 print differently
            result = known.get(key)
            if result is None:
                priced = price_line(article, line.qty, terms, index, settings, manual)
                result = known[key] = PricedLine(
                    priced.net_unit_price,
                    priced.line_total,
                    priced.explanation.summary(),
                    tuple(priced.explanation.sentences()),
                )
            out.append(result)
        return out

    return price
