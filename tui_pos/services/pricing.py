"""Prices the till's cart with the discount engine (PRC): customer terms, manual discounts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui_pos.core import discount_rules as dr
from tui_pos.core.cart import CartLine, PricedLine, Pricer
from tui_pos.core.catalog import CustomerInfo
from tui_pos.core.pricing import PricingLine, PricingSettings, price_line

if TYPE_CHECKING:
    from tui_pos.services.context import TillContext


def _manual(line: CartLine) -> dr.ManualDiscount | None:
    manual = line.manual
    if manual is None:
        return None
    return dr.ManualDiscount(**{manual.kind: manual.value})


def make_pricer(ctx: TillContext, rules: dr.DiscountRules | None = None) -> Pricer:
    """A pricer for the cart. Discount registers are not stored yet: `rules` defaults to none,
    so the customer card's standard discount and manual line discounts decide."""
    pricing = ctx.settings.pricing
    settings = PricingSettings(
        highest_discount_wins=pricing.highest_discount_wins,
        volume_discount_on_top=pricing.volume_discount_on_top,
        prices_include_vat=pricing.prices_include_vat,
    )
    index = rules if rules is not None else dr.DiscountRules([])

    def price(lines: Sequence[CartLine], customer: CustomerInfo | None) -> list[PricedLine]:
        terms = (
            dr.CustomerTerms(customer.code, customer.category, customer.discount_pct)
            if customer
            else None
        )
        out = []
        for line in lines:
            a = line.article
            request = PricingLine(
                dr.ArticlePrice(a.code, a.list_price, a.group, a.vat_rate), line.qty, _manual(line)
            )
            priced = price_line(
                request.article, request.qty, terms, index, settings, request.manual
            )
            sentences = tuple(priced.explanation.sentences())
            out.append(
                PricedLine(
                    priced.net_unit_price,
                    priced.line_total,
                    priced.explanation.summary(),
                    sentences,
                )
            )
        return out

    return price
