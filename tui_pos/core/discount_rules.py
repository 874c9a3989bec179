"""Discount rules of the hierarchy (PRC), their validation, and a fast index over them.

The six discount sources, highest priority first (seed 002, Mamut "kortingenhiërarchie"):
manual on the line, article + customer, customer standard discount, article + customer
category, customer category + article group, volume break. Rules are plain frozen data;
`DiscountRules` indexes them so pricing one line costs a handful of dict lookups.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from types import MappingProxyType
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
    #: The discount_pct; a field rather than a property because pricing reads it per line.
    value: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_pct(
            self.discount_pct, lambda: _("Discount of customer {code}").format(code=self.code)
        )
        object.__setattr__(self, "value", self.discount_pct)


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
    #: The pct; a field rather than a property because pricing reads it per line.
    value: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def what() -> str:
            return _("Discount for category {category} and group {group}").format(
                category=self.category, group=self.group
            )

        _check_pct(self.pct, what)
        object.__setattr__(self, "value", self.pct)


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
#: An empty mapping to look up in where a customer or category has no rules.
_NONE: Mapping[Any, Any] = MappingProxyType({})


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
        # Keyed by customer or category first: `for_customer` takes a customer's share in three
        # lookups, and a line then costs one lookup per source.
        #: customer → article → rule
        self._article_customer: dict[str, dict[str, ArticleCustomerDiscount]] = {}
        #: category → article → rule
        self._article_category: dict[str, dict[str, ArticleCategoryDiscount]] = {}
        #: category → group → rule
        self._category_group: dict[str, dict[str, CategoryGroupDiscount]] = {}
        volume: dict[str, dict[Decimal, VolumeBreak]] = {}
        self._count = 0
        for rule in rules:
            self._count += 1
            if isinstance(rule, ArticleCustomerDiscount):
                self._add(self._article_customer, rule.customer, rule.article, rule)
            elif isinstance(rule, ArticleCategoryDiscount):
                self._add(self._article_category, rule.category, rule.article, rule)
            elif isinstance(rule, CategoryGroupDiscount):
                self._add(self._category_group, rule.category, rule.group, rule)
            elif isinstance(rule, VolumeBreak):
                self._add(volume, rule.article, rule.min_qty, rule)
            else:
                raise TypeError(f"not a discount rule: {rule!r}")
        #: per article: ascending minimum quantities and the breaks in the same order
        self._volume: dict[str, tuple[list[Decimal], list[VolumeBreak]]] = {}
        for article, breaks in volume.items():
            mins = sorted(breaks)
            self._volume[article] = (mins, [breaks[m] for m in mins])

    @staticmethod
    def _add(index: dict[Any, dict[Any, Any]], outer: object, key: object, rule: Rule) -> None:
        inner = index.get(outer)
        if inner is None:
            inner = index[outer] = {}
        elif key in inner:
            raise InvalidInput(
                _("Two discount rules for the same thing: {first} and {second}.").format(
                    first=describe_rule(inner[key]), second=describe_rule(rule)
                )
            )
        inner[key] = rule

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Rule]:
        for index in (self._article_customer, self._article_category, self._category_group):
            for rules in index.values():
                yield from rules.values()
        for _mins, breaks in self._volume.values():
            yield from breaks

    def article_customer(self, article: str, customer: str) -> ArticleCustomerDiscount | None:
        return self._article_customer.get(customer, _NONE).get(article)

    def article_category(self, article: str, category: str) -> ArticleCategoryDiscount | None:
        return self._article_category.get(category, _NONE).get(article)

    def category_group(self, category: str, group: str) -> CategoryGroupDiscount | None:
        return self._category_group.get(category, _NONE).get(group)

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
        return self.for_customer(customer).sources_for(article, qty)

    def for_customer(self, customer: CustomerTerms | None) -> CustomerRules:
        """The rules that can apply to this customer's lines (cheap: make one per cart)."""
        if customer is None:
            return CustomerRules(None, _NONE, _NONE, _NONE, self._volume)
        category = customer.category
        return CustomerRules(
            customer if customer.discount_pct else None,
            self._article_customer.get(customer.code, _NONE),
            _NONE if category is None else self._article_category.get(category, _NONE),
            _NONE if category is None else self._category_group.get(category, _NONE),
            self._volume,
        )

    def volume_breaks(self, article: str) -> list[VolumeBreak]:
        """All breaks of an article, smallest minimum first."""
        found = self._volume.get(article)
        return list(found[1]) if found else []

    def restricted_to(self, selection: RuleSelection) -> DiscountRules:
        """Only the rules the selection needs (what a store query with the same filter returns)."""
        return DiscountRules(rule for rule in self if selection.matches(rule))


@dataclass(slots=True)
class CustomerRules:
    """The rules of a DiscountRules that one customer's lines can use, keyed by article code
    (and by group for category + group rules): `DiscountRules.for_customer` makes one per cart.

    Not frozen: a frozen dataclass sets every field through `object.__setattr__`, which made
    pricing a single line (one of these each) several times dearer.
    """

    #: The customer's terms when they give a standard discount (0 % is no discount).
    standard: CustomerTerms | None
    article_customer: Mapping[str, ArticleCustomerDiscount]
    article_category: Mapping[str, ArticleCategoryDiscount]
    category_group: Mapping[str, CategoryGroupDiscount]
    #: Per article: ascending minimum quantities and the breaks in the same order.
    volume: Mapping[str, tuple[list[Decimal], list[VolumeBreak]]]

    def sources_for(self, article: ArticlePrice, qty: Decimal) -> list[Origin]:
        """The rule-based sources (priority 2 … 6) that apply to one line, highest first."""
        found: list[Origin] = []
        code = article.code
        rule: Rule | None = self.article_customer.get(code)
        if rule is not None:
            found.append(rule)
        if self.standard is not None:
            found.append(self.standard)
        rule = self.article_category.get(code)
        if rule is not None:
            found.append(rule)
        if article.group is not None:
            rule = self.category_group.get(article.group)
            if rule is not None:
                found.append(rule)
        volume = self.volume.get(code)
        if volume is not None:
            mins, breaks = volume
            index = bisect_right(mins, qty)  # PRC-5: the largest minimum reached
            if index:
                found.append(breaks[index - 1])
        return found


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
