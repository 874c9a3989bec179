"""Why a line costs what it costs (PRC-7): structured steps, cashier sentences, a summary."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    CategoryGroupDiscount,
    Kind,
    Origin,
    Source,
    VolumeBreak,
)
from tui_pos.i18n import _


class Outcome(StrEnum):
    """What happened to one discount source on a line."""

    APPLIED = "applied"  # it decided the price (as the base price or as the percentage)
    ON_TOP = "on_top"  # a volume percentage multiplied on top ("volume on top")
    OUTRANKED = "outranked"  # hierarchy mode: a source with higher priority won
    LESS_DISCOUNT = "less_discount"  # "highest wins": another source gave more discount
    OVERRIDDEN = "overridden"  # hierarchy mode: the manual discount decided the line
    TOO_LARGE = "too_large"  # larger than the price: not applied (PRC-6)
    ABOVE_LIST = "above_list"  # "highest wins": a fixed price above the list price
    MORE_EXPENSIVE = "more_expensive"  # "highest wins": the manual discount was not cheaper


#: Outcomes of sources that took part in the price.
USED = frozenset({Outcome.APPLIED, Outcome.ON_TOP})


@dataclass(frozen=True, slots=True)
class Step:
    """One discount source considered for a line, and what happened to it."""

    source: Source
    kind: Kind
    value: Decimal
    outcome: Outcome
    #: The rule, customer terms or manual discount it came from.
    origin: Origin
    #: The source that beat it (OUTRANKED, LESS_DISCOUNT), if any.
    beaten_by: Source | None = None

    @property
    def used(self) -> bool:
        return self.outcome in USED


class PriceExplanation(NamedTuple):
    """The decision made for one line; `steps` tells per source what happened and why.

    Pricing records only the decision (cheap); steps and texts are derived when asked for.
    A NamedTuple rather than a frozen dataclass: every line of every repricing makes one, and
    a frozen dataclass sets each field through `object.__setattr__` (~4 times the cost).
    """

    list_price: Decimal
    net_unit_price: Decimal
    highest_discount_wins: bool
    #: Every source that applied to the line, highest priority first (manual first).
    considered: tuple[Origin, ...]
    #: The fixed price the percentage applied to (None: the list price).
    base: Origin | None = None
    #: The percentage applied to the base (None: no percentage).
    pct: Origin | None = None
    #: The volume percentage multiplied on top ("volume on top" mode).
    on_top: Origin | None = None
    #: What happened to the manual discount: APPLIED, TOO_LARGE or MORE_EXPENSIVE.
    manual: Outcome | None = None

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every source considered, in priority order, with its outcome."""
        return tuple(self._step(origin) for origin in self.considered)

    def _step(self, origin: Origin) -> Step:
        source, kind, value = origin.source, origin.kind, origin.value
        highest = self.highest_discount_wins
        if source is Source.MANUAL:
            assert self.manual is not None
            return Step(source, kind, value, self.manual, origin)
        if self.manual is Outcome.APPLIED:
            if highest:  # the manual discount was the cheaper alternative
                return Step(source, kind, value, Outcome.LESS_DISCOUNT, origin, Source.MANUAL)
            return Step(source, kind, value, Outcome.OVERRIDDEN, origin)
        if origin is self.on_top:
            return Step(source, kind, value, Outcome.ON_TOP, origin)
        if origin is self.base or origin is self.pct:
            return Step(source, kind, value, Outcome.APPLIED, origin)
        winner = self.base if kind is Kind.PRICE else self.pct
        if winner is None:  # only possible for fixed prices above the list price
            return Step(source, kind, value, Outcome.ABOVE_LIST, origin)
        outcome = Outcome.LESS_DISCOUNT if highest else Outcome.OUTRANKED
        return Step(source, kind, value, outcome, origin, winner.source)

    @property
    def used(self) -> tuple[Step, ...]:
        """The steps that made the price (base price, percentage, volume on top)."""
        return tuple(step for step in self.steps if step.used)

    @property
    def not_used(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if not step.used)

    def step_for(self, source: Source) -> Step | None:
        return next((step for step in self.steps if step.source is source), None)

    def sentences(self) -> list[str]:
        """Short translated sentences a cashier understands, winners first."""
        steps = self.steps
        used = sorted((step for step in steps if step.used), key=_in_formula_order)
        lines = [_sentence(step, self) for step in used]
        lines += [_sentence(step, self) for step in steps if not step.used]
        if used:
            lines.append(
                _("Net unit price {net} (list price {list}).").format(
                    net=self.net_unit_price, list=self.list_price
                )
            )
        else:
            lines.append(_("List price {list}, no discount.").format(list=self.list_price))
        return lines

    def summary(self) -> str:
        """One compact line, e.g. `12.50 → 11.25: customer article discount 10 %; not used: ...`."""
        steps = self.steps
        used = sorted((step for step in steps if step.used), key=_in_formula_order)
        not_used = [step for step in steps if not step.used]
        if not used:
            text = _("{list}: list price").format(list=self.list_price)
        else:
            text = "{list} → {net}: {used}".format(
                list=self.list_price,
                net=self.net_unit_price,
                used=", ".join(_token(step) for step in used),
            )
        if not_used:
            reasons = ", ".join(
                f"{_token(step)} ({_short_reason(step.outcome)})" for step in not_used
            )
            text += "; " + _("not used: {reasons}").format(reasons=reasons)
        return text


def format_pct(value: Decimal) -> str:
    """`5`, `12.5`: a percentage without trailing zeros or exponent."""
    return format(value.normalize(), "f")


def source_name(source: Source) -> str:
    """The short translated name of a source, e.g. "customer discount"."""
    names = {
        Source.MANUAL: _("manual discount"),
        Source.ARTICLE_CUSTOMER: _("customer article discount"),
        Source.CUSTOMER: _("customer discount"),
        Source.ARTICLE_CATEGORY: _("category discount"),
        Source.CATEGORY_GROUP: _("group discount"),
        Source.VOLUME: _("volume discount"),
    }
    return names[source]


def _price_name(source: Source) -> str:
    names = {
        Source.MANUAL: _("manual price"),
        Source.ARTICLE_CUSTOMER: _("customer price"),
        Source.ARTICLE_CATEGORY: _("category price"),
        Source.VOLUME: _("volume price"),
    }
    return names[source]


def _token(step: Step) -> str:
    """Compact: `customer discount 5 %`, `category price 8.00`, `manual discount 1.00 off`."""
    if step.kind is Kind.PRICE:
        return f"{_price_name(step.source)} {step.value}"
    if step.kind is Kind.AMOUNT:
        return _("{name} {amount} off").format(name=source_name(step.source), amount=step.value)
    token = f"{source_name(step.source)} {format_pct(step.value)} %"
    if step.outcome is Outcome.ON_TOP:
        token = _("{discount} on top").format(discount=token)
    return token


def _in_formula_order(step: Step) -> int:
    """Base price first, then the percentage, then volume on top."""
    if step.outcome is Outcome.ON_TOP:
        return 2
    return 1 if step.kind is Kind.PERCENT else 0


def _label(step: Step) -> str:
    """The source, its value and where it is defined: "Customer discount 5 % (customer card)"."""
    origin = step.origin
    value = f"{step.value}" if step.kind is not Kind.PERCENT else f"{format_pct(step.value)} %"
    where = ""
    if step.source is Source.MANUAL:
        if step.kind is Kind.AMOUNT:
            return _("Manual discount {amount} off").format(amount=step.value)
    elif step.source is Source.ARTICLE_CUSTOMER:
        where = _("agreed for this customer")
    elif step.source is Source.CUSTOMER:
        where = _("customer card")
    elif step.source is Source.ARTICLE_CATEGORY:
        assert isinstance(origin, ArticleCategoryDiscount)
        where = _("category {category}").format(category=origin.category)
    elif step.source is Source.CATEGORY_GROUP:
        assert isinstance(origin, CategoryGroupDiscount)
        where = _("category {category}, group {group}").format(
            category=origin.category, group=origin.group
        )
    else:
        assert isinstance(origin, VolumeBreak)
        where = _("{qty} or more").format(qty=format_pct(origin.min_qty))
    name = _price_name(step.source) if step.kind is Kind.PRICE else source_name(step.source)
    label = f"{name[:1].upper()}{name[1:]} {value}"
    return f"{label} ({where})" if where else label


def _sentence(step: Step, explanation: PriceExplanation) -> str:
    label = _label(step)
    outcome = step.outcome
    if outcome is Outcome.APPLIED:
        return _("{label} applied.").format(label=label)
    if outcome is Outcome.ON_TOP:
        return _("{label} applied on top.").format(label=label)
    if outcome is Outcome.OUTRANKED:
        assert step.beaten_by is not None
        return _("{label} not used: the {winner} has priority.").format(
            label=label, winner=source_name(step.beaten_by)
        )
    if outcome is Outcome.LESS_DISCOUNT:
        assert step.beaten_by is not None
        return _("{label} not used: the {winner} gives more discount.").format(
            label=label, winner=source_name(step.beaten_by)
        )
    if outcome is Outcome.OVERRIDDEN:
        return _("{label} not used: the manual discount overrides all other discounts.").format(
            label=label
        )
    if outcome is Outcome.TOO_LARGE:
        return _("{label} not applied: it is larger than the price {price}.").format(
            label=label, price=explanation.list_price
        )
    if outcome is Outcome.ABOVE_LIST:
        return _("{label} not used: the list price {price} is lower.").format(
            label=label, price=explanation.list_price
        )
    return _("{label} not used: the other discounts give a lower price ({price}).").format(
        label=label, price=explanation.net_unit_price
    )


def _short_reason(outcome: Outcome) -> str:
    reasons = {
        Outcome.OUTRANKED: _("lower priority"),
        Outcome.LESS_DISCOUNT: _("smaller"),
        Outcome.OVERRIDDEN: _("manual overrides"),
        Outcome.TOO_LARGE: _("larger than the price"),
        Outcome.ABOVE_LIST: _("above list price"),
        Outcome.MORE_EXPENSIVE: _("more expensive"),
    }
    return reasons[outcome]
