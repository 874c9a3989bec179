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
from decimal import Decimal

from tui_pos.core.discount_rules import (
    ArticlePrice,
    CustomerTerms,
    DiscountRules,
    Kind,
    ManualDiscount,
    Rule,
    Source,
)
from tui_pos.core.explanation import Outcome, PriceExplanation, Step
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


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A priced line: the net unit price after discounts, the line total and why."""

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
        """How much less than list price the whole line costs."""
        return self.qty * self.article.list_price - self.line_total


@dataclass(frozen=True, slots=True)
class PricedCart:
    """Priced lines, VAT per rate over the line totals, and the total to pay."""

    lines: tuple[PricedLine, ...]
    vat: tuple[VatLine, ...]
    total: Decimal
    prices_include_vat: bool


class _Candidate:
    """A discount source that applies to a line (kept light: pricing is in the hot path)."""

    __slots__ = ("beaten_by", "kind", "origin", "outcome", "source", "value")

    def __init__(
        self,
        source: Source,
        kind: Kind,
        value: Decimal,
        origin: Rule | CustomerTerms | ManualDiscount,
    ) -> None:
        self.source = source
        self.kind = kind
        self.value = value
        self.origin = origin
        self.outcome = Outcome.APPLIED
        self.beaten_by: Source | None = None

    def step(self) -> Step:
        return Step(self.source, self.kind, self.value, self.outcome, self.origin, self.beaten_by)


def _candidates(
    article: ArticlePrice, qty: Decimal, customer: CustomerTerms | None, rules: DiscountRules
) -> list[_Candidate]:
    """The rule-based sources (2 … 6) that apply to this line, highest priority first."""
    found: list[_Candidate] = []
    code = article.code
    if customer is not None:
        rule: Rule | None = rules.article_customer(code, customer.code)
        if rule is not None:
            found.append(_Candidate(Source.ARTICLE_CUSTOMER, rule.kind, rule.value, rule))
        if customer.discount_pct:  # 0 % on the card means "no standard discount"
            found.append(_Candidate(Source.CUSTOMER, Kind.PERCENT, customer.discount_pct, customer))
        category = customer.category
        if category is not None:
            rule = rules.article_category(code, category)
            if rule is not None:
                found.append(_Candidate(Source.ARTICLE_CATEGORY, rule.kind, rule.value, rule))
            if article.group is not None:
                rule = rules.category_group(category, article.group)
                if rule is not None:
                    found.append(_Candidate(Source.CATEGORY_GROUP, rule.kind, rule.value, rule))
    volume = rules.volume_break(code, qty)
    if volume is not None:
        found.append(_Candidate(Source.VOLUME, volume.kind, volume.value, volume))
    return found


def _by_hierarchy(candidates: list[_Candidate], kind: Kind) -> _Candidate | None:
    """PRC-1: the highest-priority source of this kind wins; the others are outranked."""
    winner = None
    for candidate in candidates:
        if candidate.kind is not kind:
            continue
        if winner is None:
            winner = candidate
        else:
            candidate.outcome = Outcome.OUTRANKED
            candidate.beaten_by = winner.source
    return winner


def _by_size(candidates: list[_Candidate], kind: Kind) -> _Candidate | None:
    """PRC-3: the lowest fixed price / the largest percentage wins (ties: higher priority)."""
    winner = None
    for candidate in candidates:
        if candidate.kind is not kind:
            continue
        if winner is None:
            winner = candidate
        elif (
            (candidate.value < winner.value)
            if kind is Kind.PRICE
            else (candidate.value > winner.value)
        ):
            winner.outcome = Outcome.LESS_DISCOUNT
            winner = candidate
        else:
            candidate.outcome = Outcome.LESS_DISCOUNT
    if winner is not None:
        for candidate in candidates:
            if candidate.outcome is Outcome.LESS_DISCOUNT and candidate.kind is kind:
                candidate.beaten_by = winner.source
    return winner


def _rules_price(
    list_price: Decimal,
    candidates: list[_Candidate],
    on_top: _Candidate | None,
    highest_wins: bool,
) -> Decimal:
    """The exact (unrounded) net unit price from the rule-based sources; marks their outcome."""
    pick = _by_size if highest_wins else _by_hierarchy
    fixed = pick(candidates, Kind.PRICE)
    pct = pick(candidates, Kind.PERCENT)
    base = list_price
    if fixed is not None:
        if highest_wins and fixed.value > list_price:
            # every fixed price is above the list price: the list price is the cheaper outcome
            for candidate in candidates:
                if candidate.kind is Kind.PRICE:
                    candidate.outcome = Outcome.ABOVE_LIST
                    candidate.beaten_by = None
        else:
            base = fixed.value
    net = base if pct is None else base * (ONE - pct.value / HUNDRED)
    if on_top is not None:
        on_top.outcome = Outcome.ON_TOP
        net = net * (ONE - on_top.value / HUNDRED)
    return net


def _manual_price(list_price: Decimal, manual: ManualDiscount) -> Decimal | None:
    """The exact net unit price a manual discount gives, or None when larger than the price."""
    if manual.kind is Kind.PRICE:
        return manual.value
    if manual.kind is Kind.PERCENT:
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
    """Price one line (PRC-1 … PRC-8). `qty` may have decimals (weighed) or be negative (return)."""
    list_price = article.list_price
    minor = settings.minor_unit
    candidates = _candidates(article, qty, customer, rules)
    on_top = None
    if settings.volume_discount_on_top:
        for candidate in candidates:
            if candidate.source is Source.VOLUME and candidate.kind is Kind.PERCENT:
                on_top = candidate
                candidates = [c for c in candidates if c is not candidate]
                break

    manual_step = None
    manual_net = None
    if manual is not None:
        manual_step = _Candidate(Source.MANUAL, manual.kind, manual.value, manual)
        manual_net = _manual_price(list_price, manual)
        if manual_net is None:
            manual_step.outcome = Outcome.TOO_LARGE

    if manual_net is not None and not settings.highest_discount_wins:
        # PRC-1: a manual discount overrides every other source; nothing stacks on it.
        net_unit = round_money(manual_net, minor)
        for candidate in candidates:
            candidate.outcome = Outcome.OVERRIDDEN
        if on_top is not None:
            on_top.outcome = Outcome.OVERRIDDEN
    else:
        net_unit = round_money(
            _rules_price(list_price, candidates, on_top, settings.highest_discount_wins), minor
        )
        if manual_net is not None:
            # PRC-3: the manual discount is an alternative outcome; it wins only when cheaper.
            assert manual_step is not None
            manual_unit = round_money(manual_net, minor)
            if manual_unit < net_unit:
                net_unit = manual_unit
                for candidate in candidates:
                    candidate.outcome = Outcome.LESS_DISCOUNT
                    candidate.beaten_by = Source.MANUAL
                if on_top is not None:
                    on_top.outcome = Outcome.LESS_DISCOUNT
                    on_top.beaten_by = Source.MANUAL
            else:
                manual_step.outcome = Outcome.MORE_EXPENSIVE

    considered = candidates if on_top is None else [*candidates, on_top]
    if manual_step is not None:
        considered = [manual_step, *considered]
    steps = tuple(c.step() for c in considered)  # already in priority order
    explanation = PriceExplanation(list_price, net_unit, settings.highest_discount_wins, steps)
    line_total = round_money(qty * net_unit, minor)
    return PricedLine(article, qty, manual, net_unit, line_total, explanation)


def price_cart(
    lines: Iterable[PricingLine],
    customer: CustomerTerms | None,
    rules: DiscountRules,
    settings: PricingSettings,
) -> PricedCart:
    """Price every line, then VAT per rate over the line totals and the total (PRC-8)."""
    priced = tuple(
        price_line(line.article, line.qty, customer, rules, settings, line.manual) for line in lines
    )
    vat = tuple(
        vat_breakdown(
            ((line.article.vat_rate, line.line_total) for line in priced),
            prices_include_vat=settings.prices_include_vat,
        )
    )
    total = total_gross(vat) if vat else round_money(ZERO, settings.minor_unit)
    return PricedCart(priced, vat, total, settings.prices_include_vat)
