"""The order's pricer: order lines priced by the discount engine (PRC) for the order's customer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_pos.core import discount_rules as dr
from tui_pos.core.order_lines import (
    DiscountKind,
    LinePricer,
    ManualDiscount,
    PriceRequest,
    PriceResult,
    list_price_pricer,
)
from tui_pos.core.pricing import PricingSettings, price_line

if TYPE_CHECKING:
    from tui_pos.services.context import TillContext

_MANUAL_KEYS = {
    DiscountKind.PERCENTAGE: "pct",
    DiscountKind.AMOUNT_OFF: "amount",
    DiscountKind.PRICE_OVERRIDE: "price",
}


def engine_manual(discount: ManualDiscount | None) -> dr.ManualDiscount | None:
    """The order line's manual discount as the engine's (PRC-1 source 1)."""
    if discount is None:
        return None
    return dr.ManualDiscount(**{_MANUAL_KEYS[discount.kind]: discount.value})


def make_order_pricer(ctx: TillContext, rules: dr.DiscountRules | None = None) -> LinePricer:
    """A `LinePricer` backed by the engine with the shop's pricing settings.

    The line's `unit_price` is its list price in the order's VAT basis; the customer's card
    (standard discount, category) and the article's group come from the catalog. Free lines
    (no article) get only their manual discount. Discount registers are not stored yet, so with
    no `rules` only the customer's standard discount and manual discounts can apply."""
    shop = ctx.settings.pricing
    index = rules if rules is not None else dr.DiscountRules([])

    def price(request: PriceRequest) -> PriceResult:
        if request.article_code is None:
            return list_price_pricer(request)
        with ctx.uow() as uow:
            article = uow.catalog.article(request.article_code)
            code = request.customer_code
            customer = uow.catalog.customer(code) if code else None
        terms = (
            dr.CustomerTerms(customer.code, customer.category, customer.discount_pct)
            if customer
            else None
        )
        priced = price_line(
            dr.ArticlePrice(
                request.article_code,
                request.unit_price,
                article.group if article else None,
                request.vat_rate,
            ),
            request.qty,
            terms,
            index,
            PricingSettings(
                highest_discount_wins=shop.highest_discount_wins,
                volume_discount_on_top=shop.volume_discount_on_top,
                prices_include_vat=request.prices_include_vat,
            ),
            engine_manual(request.discount),
        )
        return PriceResult(
            priced.net_unit_price, priced.line_total, "\n".join(priced.explanation.sentences())
        )

    return price
