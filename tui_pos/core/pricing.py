"""The pricing engine (PRC-1 … PRC-8): net unit price, line total and VAT for a cart.

Public API:
    settings = PricingSettings(highest_discount_wins=..., volume_discount_on_top=..., ...)
    rules = DiscountRules(rule_objects)            # build once, e.g. from database rows
    cart = price_cart([PricingLine(article, qty, manual)], customer, rules, settings)
    cart.lines[i].net_unit_price / .line_total / .explanation.sentences(); cart.vat; cart.total

Call `price_cart` again whenever the cart or the customer changes; it is pure and fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from tui_pos.core.discount_rules import (
    ArticlePrice,
    CustomerRules,
    CustomerTerms,
    DiscountRules,
    Kind,
    ManualDiscount,
    Origin,
    Source,
)
from tui_pos.core.explanation import Outcome, PriceExplanation
from tui_pos.core.money import CENT, HUNDRED, ZERO, round_money
from tui_pos.core.vat import VatLine, total_gross, vat_breakdown

ONE = Decimal(1)


@dataclass(frozen=True)
class PricingSettings:
    """Company settings that change how discounts combine (seed 002, "Prijs/Korting")."""

    #: PRC-3: the outcome cheapest for the customer wins instead of the highest priority.
    highest_discount_wins: bool = False
    #: PRC-4: percentage volume breaks multiply on top of the other discounts.
    volume_discount_on_top: bool = False
    #: PRC-8: list prices (and so line totals) include VAT.
    prices_include_vat: bool = True
    #: The currency's minor unit that amounts round to (half-up).
    minor_unit: Decimal = CENT


@dataclass(frozen=True, slots=True)
class PricingLine:
    """One line to price: an article, a quantity (decimal when weighed) and a manual discount."""

    article: ArticlePrice
    qty: Decimal
    manual: ManualDiscount | None = None


class PricedLine(NamedTuple):
    """A priced line: the net unit price after discounts, the line total and why.

    A NamedTuple, like PriceExplanation, because a repricing makes one per line.
    """

    article: ArticlePrice
    qty: Decimal
    manual: ManualDiscount | None
    net_unit_price: Decimal
    line_total: Decimal
    explanation: PriceExplanation

    @property
    def list_price(self) -> Decimal:
        return self.article.list_price

    @property
    def vat_rate(self) -> Decimal:
        return self.article.vat_rate

    @property
    def discount_total(self) -> Decimal:
        """How much less than at list price the line costs (negative if a fixed price is higher)."""
        return round_money(self.qty * self.article.list_price) - self.line_total


@dataclass(frozen=True, slots=True)
class PricedCart:
    """Priced lines, VAT per rate over the line totals, and the total to pay."""

    lines: tuple[PricedLine, ...]
    vat: tuple[VatLine, ...]
    total: Decimal
    prices_include_vat: bool

    @property
    def discount_total(self) -> Decimal:
        """All line discounts together (CHK-4 shows it beside the total)."""
        return sum((line.discount_total for line in self.lines), ZERO)


# Module globals because looking up a member on an Enum class costs several times more, and
# these are compared for every source of every line.
PERCENT, PRICE = Kind.PERCENT, Kind.PRICE
VOLUME = Source.VOLUME


def _manual_price(list_price: Decimal, manual: ManualDiscount) -> Decimal | None:
    """The exact net unit price a manual discount gives, or None when larger than the price."""
    if manual.kind is PRICE:
        return manual.value
    if manual.kind is PERCENT:
        return list_price * (ONE - manual.value / HUNDRED)
    if manual.value > list_price:
        return None  # PRC-6: an amount off larger than the price is not applied
    return list_price - manual.value


def price_line(
    article: ArticlePrice,
    qty: Decimal,
    customer: CustomerTerms | None,
    rules: DiscountRules,
    settings: PricingSettings,
    manual: ManualDiscount | None = None,
) -> PricedLine:
    """Price one line (PRC-1 … PRC-8). `qty` may have decimals (weighed) or be negative (return).

    Hierarchy mode: a manual discount decides the line; otherwise the fixed price of the
    highest-priority source that has one (else the list price) times (1 − the percentage of the
    highest-priority source that has one). "Highest discount wins": the lowest fixed price (not
    above the list price) with the largest percentage; a manual discount wins only when cheaper.
    "Volume on top": a percentage volume break multiplies on top instead of competing.
    """
    return price_line_for(article, qty, rules.for_customer(customer), settings, manual)


def price_line_for(
    article: ArticlePrice,
    qty: Decimal,
    rules: CustomerRules,
    settings: PricingSettings,
    manual: ManualDiscount | None = None,
) -> PricedLine:
    """`price_line` with the customer's rules picked already (`DiscountRules.for_customer`)."""
    list_price = article.list_price
    minor = settings.minor_unit
    highest = settings.highest_discount_wins
    found = rules.sources_for(article, qty)
    on_top: Origin | None = None
    if (
        settings.volume_discount_on_top
        and found
        and found[-1].source is VOLUME
        and found[-1].kind is PERCENT
    ):
        on_top = found.pop()

    manual_outcome = None
    manual_net = None
    if manual is not None:
        manual_net = _manual_price(list_price, manual)
        manual_outcome = Outcome.TOO_LARGE if manual_net is None else Outcome.APPLIED

    base: Origin | None = None
    pct: Origin | None = None
    if manual_net is not None and not highest:
        # PRC-1: a manual discount overrides every other source; nothing stacks on it.
        net_unit = round_money(manual_net, minor)
    else:
        for origin in found:
            if origin.kind is PERCENT:
                if pct is None or (highest and origin.value > pct.value):
                    pct = origin
            elif base is None or (highest and origin.value < base.value):
                base = origin
        if base is not None and highest and base.value > list_price:
            base = None  # the list price is the cheaper outcome
        exact = list_price if base is None else base.value
        if pct is not None:
            exact = exact * (ONE - pct.value / HUNDRED)
        if on_top is not None:
            exact = exact * (ONE - on_top.value / HUNDRED)
        # PRC-8: once, after every percentage (round_money, inlined: this runs per line)
        net_unit = exact.quantize(minor, ROUND_HALF_UP)
        if manual_net is not None:
            # PRC-3: the manual discount is an alternative outcome; it wins only when cheaper.
            manual_unit = round_money(manual_net, minor)
            if manual_unit < net_unit:
                net_unit = manual_unit
            else:
                manual_outcome = Outcome.MORE_EXPENSIVE

    if on_top is not None:
        found.append(on_top)
    if manual is not None:
        found.insert(0, manual)
    explanation = PriceExplanation(
        list_price, net_unit, highest, tuple(found), base, pct, on_top, manual_outcome
    )
    line_total = (qty * net_unit).quantize(minor, ROUND_HALF_UP)
    return PricedLine(article, qty, manual, net_unit, line_total, explanation)


def price_cart(
    lines: Iterable[PricingLine],
    customer: CustomerTerms | None,
    rules: DiscountRules,
    settings: PricingSettings,
) -> PricedCart:
    """Price every line, then VAT per rate over the line totals and the total (PRC-8)."""
    customer_rules = rules.for_customer(customer)
    priced = tuple(
        price_line_for(line.article, line.qty, customer_rules, settings, line.manual)
        for line in lines
    )
    vat = tuple(
        vat_breakdown(
            ((line.article.vat_rate, line.line_total) for line in priced),
            prices_include_vat=settings.prices_include_vat,
        )
    )
    total = total_gross(vat) if vat else round_money(ZERO, settings.minor_unit)
    return PricedCart(priced, vat, total, settings.prices_include_vat)
