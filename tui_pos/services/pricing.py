"""Chooses how the till prices a cart: the discount engine with the shop's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_pos.core.cart import Pricer
from tui_pos.core.cart_pricing import engine_pricer
from tui_pos.core.pricing import PricingSettings

if TYPE_CHECKING:
    from tui_pos.services.context import TillContext


def make_pricer(ctx: TillContext) -> Pricer:
    """Discount registers are not stored yet, so no rules: customer card and manual discounts."""
    pricing = ctx.settings.pricing
    return engine_pricer(
        PricingSettings(
            highest_discount_wins=pricing.highest_discount_wins,
            volume_discount_on_top=pricing.volume_discount_on_top,
            prices_include_vat=pricing.prices_include_vat,
        )
    )
