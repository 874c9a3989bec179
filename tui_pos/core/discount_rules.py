"""Discount rules of the hierarchy (PRC), their validation, and a fast index over them.

The six discount sources, highest priority first (seed 002, Mamut "kortingenhiërarchie"):
manual on the line, article + customer, customer standard discount, article + customer
category, customer category + article group, volume break. Rules are plain frozen data;
`DiscountRules` indexes them so pricing one line costs a handful of dict lookups.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any, ClassVar

from tui_pos.core.errors import InvalidInput
from tui_pos.core.money import HUNDRED, ZERO
from tui_pos.i18n import _


class Source(IntEnum):
    """Where a discount comes from; the value is its priority (1 = highest)."""

    MANUAL = 1
    ARTICLE_CUSTOMER = 2
    CUSTOMER = 3
    ARTICLE_CATEGORY = 4
    CATEGORY_GROUP = 5
    VOLUME = 6


class Kind(StrEnum):
    """What a discount value means."""

    PERCENT = "pct"  # percentage off
    PRICE = "price"  # fixed net unit price
    AMOUNT = "amount"  # amount off the unit price (manual only)


#: Names what is being checked, for the error message; called only when the check fails, so
#: building a valid rule (thousands per cart from the database) formats no text.
What = Callable[[], str]
_KINDS = {kind.value: kind for kind in Kind}


def _check_pct(value: Decimal, what: What) -> Decimal:
    if not value.is_finite() or value < ZERO or value > HUNDRED:
        raise InvalidInput(_("{what} must be between 0 and 100 %.").format(what=what()))
    return value


def _check_price(value: Decimal, what: What) -> Decimal:
    if not value.is_finite() or value < ZERO:
        raise InvalidInput(_("{what}: a price cannot be negative.").format(what=what()))
    return value


def _one_of(what: What, **values: Decimal | None) -> tuple[Kind, Decimal]:
    given = [(name, value) for name, value in values.items() if value is not None]
    if len(given) != 1:
        names = " / ".join(values)
        raise InvalidInput(
            _("{what}: give exactly one of {names}.").format(what=what(), names=names)
        )
    name, value = given[0]
    kind = _KINDS[name]
    if kind is Kind.PERCENT:
        return kind, _check_pct(value, what)
    return kind, _check_price(value, what)


@dataclass(frozen=True, slots=True)
class ArticlePrice:
    """What pricing needs to know about an article."""

    code: str
    list_price: Decimal
    group: str | None
    vat_rate: Decimal

    def __post_init__(self) -> None:
        _check_price(self.list_price, lambda: _("Price of {code}").format(code=self.code))
        _check_pct(self.vat_rate, lambda: _("VAT rate of {code}").format(code=self.code))


@dataclass(frozen=True, slots=True)
class CustomerTerms:
    """The customer's discount terms: category (may be none) and standard discount (PRC #3)."""

    code: str
    category: str | None = None
    discount_pct: Decimal = ZERO
    source: ClassVar[Source] = Source.CUSTOMER
    kind: ClassVar[Kind] = Kind.PERCENT

    @property
    def value(self) -> Decimal:
        return self.discount_pct

    def __post_init__(self) -> None:
        _check_pct(
            self.discount_pct, lambda: _("Discount of customer {code}").format(code=self.code)
        )


@dataclass(frozen=True, slots=True)
class ArticleCustomerDiscount:
    """Source 2: a percentage or fixed unit price for one article and one customer."""

    article: str
    customer: str
    pct: Decimal | None = None
    price: Decimal | None = None
    source: ClassVar[Source] = Source.ARTICLE_CUSTOMER
    kind: Kind = field(init=False)
    value: Decimal = field(init=False)

    def __post_init__(self) -> None:
        def what() -> str:
            return _("Discount for {article} and customer {customer}").format(
                article=self.article, customer=self.customer
            )

        kind, value = _one_of(what, pct=self.pct, price=self.price)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "value", value)


@dataclass(frozen=True, slots=True)
class ArticleCategoryDiscount:
    """Source 4: a percentage or fixed unit price for one article and one customer category."""

    article: str
    category: str
    pct: Decimal | None = None
    price: Decimal | None = None
    source: ClassVar[Source] = Source.ARTICLE_CATEGORY
    kind: Kind = field(init=False)
    value: Decimal = field(init=False)

    def __post_init__(self) -> None:
        def what() -> str:
            return _("Discount for {article} and category {category}").format(
                article=self.article, category=self.category
            )

        kind, value = _one_of(what, pct=self.pct, price=self.price)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "value", value)


@dataclass(frozen=True, slots=True)
class CategoryGroupDiscount:
    """Source 5: a percentage for every article of a group, for one customer category."""

    category: str
    group: str
    pct: Decimal
    source: ClassVar[Source] = Source.CATEGORY_GROUP
    kind: ClassVar[Kind] = Kind.PERCENT

    def __post_init__(self) -> None:
        def what() -> str:
            return _("Discount for category {category} and group {group}").format(
                category=self.category, group=self.group
            )

        _check_pct(self.pct, what)

    @property
    def value(self) -> Decimal:
        return self.pct


@dataclass(frozen=True, slots=True)
class VolumeBreak:
    """Source 6: from `min_qty` of an article on one line, a percentage or fixed unit price."""

    article: str
    min_qty: Decimal
    pct: Decimal | None = None
    price: Decimal | None = None
    source: ClassVar[Source] = Source.VOLUME
    kind: Kind = field(init=False)
    value: Decimal = field(init=False)

    def __post_init__(self) -> None:
        def what() -> str:
            return _("Volume discount for {article} from {qty}").format(
                article=self.article, qty=self.min_qty
            )

        if not self.min_qty.is_finite() or self.min_qty <= ZERO:
            raise InvalidInput(
                _("{what}: the minimum quantity must be more than zero.").format(what=what())
            )
        kind, value = _one_of(what, pct=self.pct, price=self.price)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "value", value)


@dataclass(frozen=True, slots=True)
class ManualDiscount:
    """Source 1, typed on the line: a percentage, an amount off the unit price, or a price."""

    pct: Decimal | None = None
    amount: Decimal | None = None
    price: Decimal | None = None
    source: ClassVar[Source] = Source.MANUAL
    kind: Kind = field(init=False)
    value: Decimal = field(init=False)

    def __post_init__(self) -> None:
        kind, value = _one_of(
            lambda: _("Manual discount"), pct=self.pct, amount=self.amount, price=self.price
        )
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "value", value)


Rule = ArticleCustomerDiscount | ArticleCategoryDiscount | CategoryGroupDiscount | VolumeBreak
#: Anything a line's discount can come from; each has `.source`, `.kind` and `.value`.
Origin = Rule | CustomerTerms | ManualDiscount


@dataclass(frozen=True)
class RuleSelection:
    """Which stored rules can matter for a cart: lets the store load only those rows.

    A rule is needed when it matches `matches()`; in SQL terms:
    article+customer: article IN articles AND customer = customer;
    article+category: article IN articles AND category = category;
    category+group: category = category AND group IN groups;
    volume: article IN articles.
    """

    articles: frozenset[str]
    groups: frozenset[str]
    customer: str | None
    category: str | None

    def matches(self, rule: Rule) -> bool:
        if isinstance(rule, ArticleCustomerDiscount):
            return rule.customer == self.customer and rule.article in self.articles
        if isinstance(rule, ArticleCategoryDiscount):
            return rule.category == self.category and rule.article in self.articles
        if isinstance(rule, CategoryGroupDiscount):
            return rule.category == self.category and rule.group in self.groups
        return rule.article in self.articles


def rule_selection(
    articles: Iterable[ArticlePrice], customer: CustomerTerms | None
) -> RuleSelection:
    """The selection of rules that can apply to these articles for this customer."""
    articles = list(articles)
    return RuleSelection(
        articles=frozenset(a.code for a in articles),
        groups=frozenset(a.group for a in articles if a.group is not None),
        customer=customer.code if customer else None,
        category=customer.category if customer else None,
    )


class DiscountRules:
    """An index over discount rules with O(1) lookups per article, customer, category, group.

    Build it once (from a scenario or from database rows) and reuse it for every re-pricing.
    Two rules for the same key are ambiguous and rejected.
    """

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._article_customer: dict[tuple[str, str], ArticleCustomerDiscount] = {}
        self._article_category: dict[tuple[str, str], ArticleCategoryDiscount] = {}
        self._category_group: dict[tuple[str, str], CategoryGroupDiscount] = {}
        volume: dict[str, dict[Decimal, VolumeBreak]] = {}
        self._count = 0
        for rule in rules:
            self._count += 1
            if isinstance(rule, ArticleCustomerDiscount):
                self._add(self._article_customer, (rule.article, rule.customer), rule)
            elif isinstance(rule, ArticleCategoryDiscount):
                self._add(self._article_category, (rule.article, rule.category), rule)
            elif isinstance(rule, CategoryGroupDiscount):
                self._add(self._category_group, (rule.category, rule.group), rule)
            elif isinstance(rule, VolumeBreak):
                self._add(volume.setdefault(rule.article, {}), rule.min_qty, rule)
            else:
                raise TypeError(f"not a discount rule: {rule!r}")
        # per article: ascending minimum quantities and the breaks in the same order
        self._volume: dict[str, tuple[list[Decimal], list[VolumeBreak]]] = {}
        for article, breaks in volume.items():
            mins = sorted(breaks)
            self._volume[article] = (mins, [breaks[m] for m in mins])

    @staticmethod
    def _add(index: dict[Any, Any], key: object, rule: Rule) -> None:
        if key in index:
            raise InvalidInput(
                _("Two discount rules for the same thing: {first} and {second}.").format(
                    first=describe_rule(index[key]), second=describe_rule(rule)
                )
            )
        index[key] = rule

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Rule]:
        yield from self._article_customer.values()
        yield from self._article_category.values()
        yield from self._category_group.values()
        for _mins, breaks in self._volume.values():
            yield from breaks

    def article_customer(self, article: str, customer: str) -> ArticleCustomerDiscount | None:
        return self._article_customer.get((article, customer))

    def article_category(self, article: str, category: str) -> ArticleCategoryDiscount | None:
        return self._article_category.get((article, category))

    def category_group(self, category: str, group: str) -> CategoryGroupDiscount | None:
        return self._category_group.get((category, group))

    def volume_break(self, article: str, qty: Decimal) -> VolumeBreak | None:
        """The break with the largest minimum quantity that `qty` reaches (PRC-5)."""
        found = self._volume.get(article)
        if found is None:
            return None
        mins, breaks = found
        index = bisect_right(mins, qty)
        return breaks[index - 1] if index else None

    def sources_for(
        self, article: ArticlePrice, qty: Decimal, customer: CustomerTerms | None
    ) -> list[Origin]:
        """The rule-based sources (priority 2 … 6) that apply to one line, highest first.

        A customer standard discount of 0 % means "none" and is left out.
        """
        found: list[Origin] = []
        code = article.code
        if customer is not None:
            rule: Rule | None = self._article_customer.get((code, customer.code))
            if rule is not None:
                found.append(rule)
            if customer.discount_pct:
                found.append(customer)
            category = customer.category
            if category is not None:
                rule = self._article_category.get((code, category))
                if rule is not None:
                    found.append(rule)
                if article.group is not None:
                    rule = self._category_group.get((category, article.group))
                    if rule is not None:
                        found.append(rule)
        volume = self.volume_break(code, qty)
        if volume is not None:
            found.append(volume)
        return found

    def volume_breaks(self, article: str) -> list[VolumeBreak]:
        """All breaks of an article, smallest minimum first."""
        found = self._volume.get(article)
        return list(found[1]) if found else []

    def restricted_to(self, selection: RuleSelection) -> DiscountRules:
        """Only the rules the selection needs (what a store query with the same filter returns)."""
        return DiscountRules(rule for rule in self if selection.matches(rule))


def rule_key(rule: Rule) -> tuple[Source, tuple[str | Decimal, ...]]:
    """What a rule is for (its register and key); two rules with one key are ambiguous."""
    if isinstance(rule, ArticleCustomerDiscount):
        return rule.source, (rule.article, rule.customer)
    if isinstance(rule, ArticleCategoryDiscount):
        return rule.source, (rule.article, rule.category)
    if isinstance(rule, CategoryGroupDiscount):
        return rule.source, (rule.category, rule.group)
    return rule.source, (rule.article, rule.min_qty)


def describe_rule(rule: Rule) -> str:
    """A short translated description of a rule, for error messages and explanations."""
    if isinstance(rule, ArticleCustomerDiscount):
        return _("article {article} for customer {customer}").format(
            article=rule.article, customer=rule.customer
        )
    if isinstance(rule, ArticleCategoryDiscount):
        return _("article {article} for category {category}").format(
            article=rule.article, category=rule.category
        )
    if isinstance(rule, CategoryGroupDiscount):
        return _("group {group} for category {category}").format(
            group=rule.group, category=rule.category
        )
    qty = format(rule.min_qty.normalize(), "f")
    return _("article {article} from {qty}").format(article=rule.article, qty=qty)
