"""The discount registers: their fields, validating a rule typed or imported, and editing them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Protocol

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    CategoryGroupDiscount,
    Rule,
    Source,
    VolumeBreak,
    describe_rule,
)
from tui_pos.core.errors import InvalidInput, NotFound
from tui_pos.core.money import CENT, MAX_INPUT, parse_amount, parse_percentage, parse_quantity
from tui_pos.i18n import N_, _
from tui_pos.services.pricing import registers_changed
from tui_pos.store.discount_repository import REGISTERS, ArticleFacts, DiscountRepository

if TYPE_CHECKING:
    from tui_pos.services.context import TillContext

#: Change-bus channel announced when rules are saved, deleted or imported (docs/live-updates.md);
#: a listener calls `services.pricing.registers_changed()` so open sales load them again.
CHANGE_CHANNEL = "discounts"

#: The name of each register in files (the CSV `register` column) and on screen.
REGISTER_NAMES: dict[Source, str] = {
    Source.ARTICLE_CUSTOMER: "article_customer",
    Source.ARTICLE_CATEGORY: "article_category",
    Source.CATEGORY_GROUP: "category_group",
    Source.VOLUME: "volume",
}
REGISTER_BY_NAME: dict[str, Source] = {name: source for source, name in REGISTER_NAMES.items()}
REGISTER_LABELS: dict[Source, str] = {
    Source.ARTICLE_CUSTOMER: N_("Article + customer"),
    Source.ARTICLE_CATEGORY: N_("Article + category"),
    Source.CATEGORY_GROUP: N_("Category + group"),
    Source.VOLUME: N_("Volume"),
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a rule: `name` as in the CSV header, `label` marked for translation."""

    name: str
    label: str


ARTICLE = FieldSpec("article", N_("Article code"))
CUSTOMER = FieldSpec("customer", N_("Customer code"))
CATEGORY = FieldSpec("category", N_("Category"))
GROUP = FieldSpec("group", N_("Article group"))
MIN_QTY = FieldSpec("min_qty", N_("From quantity"))
PCT = FieldSpec("pct", N_("Discount %"))
PRICE = FieldSpec("price", N_("Fixed price"))

#: The fields of each register, in form and column order.
FIELDS: dict[Source, tuple[FieldSpec, ...]] = {
    Source.ARTICLE_CUSTOMER: (ARTICLE, CUSTOMER, PCT, PRICE),
    Source.ARTICLE_CATEGORY: (ARTICLE, CATEGORY, PCT, PRICE),
    Source.CATEGORY_GROUP: (CATEGORY, GROUP, PCT),
    Source.VOLUME: (ARTICLE, MIN_QTY, PCT, PRICE),
}
#: Every column a discounts CSV may have.
CSV_COLUMNS = ("register", "article", "customer", "category", "group", "min_qty", "pct", "price")


class KnownCodes(Protocol):
    """What validation asks the catalog: does this article, customer, category, group exist?"""

    def article(self, code: str) -> ArticleFacts | None: ...
    def customer(self, code: str) -> bool: ...
    def category(self, name: str) -> bool: ...
    def group(self, code: str) -> bool: ...


class RepositoryCodes:
    """KnownCodes asked one at a time (the editor: one rule at a time)."""

    def __init__(self, repository: DiscountRepository) -> None:
        self.repository = repository

    def article(self, code: str) -> ArticleFacts | None:
        return self.repository.article_facts(code)

    def customer(self, code: str) -> bool:
        return self.repository.customer_exists(code)

    def category(self, name: str) -> bool:
        return self.repository.category_exists(name)

    def group(self, code: str) -> bool:
        return self.repository.group_exists(code)


class PrefetchedCodes:
    """KnownCodes read once (an import validates thousands of rows)."""

    def __init__(self, repository: DiscountRepository) -> None:
        self.articles = repository.all_article_facts()
        self.customers = repository.customer_codes()
        self.categories = repository.categories()
        self.groups = repository.group_codes()

    def article(self, code: str) -> ArticleFacts | None:
        return self.articles.get(code)

    def customer(self, code: str) -> bool:
        return code in self.customers

    def category(self, name: str) -> bool:
        return name in self.categories

    def group(self, code: str) -> bool:
        return code in self.groups


def _required(values: Mapping[str, str], spec: FieldSpec) -> str:
    text = (values.get(spec.name) or "").strip()
    if not text:
        raise InvalidInput(_("{field} is missing.").format(field=_(spec.label)), field=spec.name)
    if len(text) > 32:
        raise InvalidInput(
            _("{field}: “{text}…” is too long.").format(field=_(spec.label), text=text[:20]),
            field=spec.name,
        )
    return text


def _article(values: Mapping[str, str], known: KnownCodes) -> tuple[str, ArticleFacts]:
    code = _required(values, ARTICLE)
    facts = known.article(code)
    if facts is None:
        raise InvalidInput(_("No article with code {code}.").format(code=code), field="article")
    if facts.is_variant_parent:
        raise InvalidInput(
            _("Article {code} comes in colours and sizes: give a variant's code.").format(
                code=code
            ),
            field="article",
        )
    return code, facts


def _customer(values: Mapping[str, str], known: KnownCodes) -> str:
    code = _required(values, CUSTOMER)
    if not known.customer(code):
        raise InvalidInput(_("No customer with code {code}.").format(code=code), field="customer")
    return code


def _category(values: Mapping[str, str], known: KnownCodes) -> str:
    name = _required(values, CATEGORY)
    if not known.category(name):
        raise InvalidInput(
            _("No customer has category {category}: set it on a customer card first.").format(
                category=name
            ),
            field="category",
        )
    return name


def _group(values: Mapping[str, str], known: KnownCodes) -> str:
    code = _required(values, GROUP)
    if not known.group(code):
        raise InvalidInput(_("No article group {code}.").format(code=code), field="group")
    return code


def _pct(text: str) -> Decimal:
    value = parse_percentage(text, what=_(PCT.label))
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidInput(
            _("{what}: {value} has more than two decimals.").format(what=_(PCT.label), value=value),
            field="pct",
        )
    return value


def _pct_or_price(values: Mapping[str, str], *, price_allowed: bool = True) -> dict[str, Decimal]:
    pct_text = (values.get("pct") or "").strip().rstrip("%").strip()
    price_text = (values.get("price") or "").strip()
    if price_text and not price_allowed:
        raise InvalidInput(
            _("A group discount is a percentage: leave the fixed price empty."), field="price"
        )
    if pct_text and price_text:
        raise InvalidInput(_("Give a discount % or a fixed price, not both."), field="price")
    if price_text:
        try:
            return {"price": parse_amount(price_text, what=_(PRICE.label))}
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="price") from None
    if pct_text:
        try:
            return {"pct": _pct(pct_text)}
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="pct") from None
    if price_allowed:
        raise InvalidInput(_("Give a discount % or a fixed price."), field="pct")
    raise InvalidInput(_("Give a discount %."), field="pct")


def parse_rule(source: Source, values: Mapping[str, str], known: KnownCodes) -> Rule:
    """A rule of register `source` from typed or imported text fields (see FIELDS).

    Every code must exist (a category exists when a customer card names it); percentages are
    0–100 with at most two decimals, prices non-negative with two; numbers as people type them
    ("12,50"). Raises InvalidInput naming the field; nothing is stored.
    """
    if source is Source.ARTICLE_CUSTOMER:
        article, _facts = _article(values, known)
        customer = _customer(values, known)
        return ArticleCustomerDiscount(article, customer, **_pct_or_price(values))
    if source is Source.ARTICLE_CATEGORY:
        article, _facts = _article(values, known)
        category = _category(values, known)
        return ArticleCategoryDiscount(article, category, **_pct_or_price(values))
    if source is Source.CATEGORY_GROUP:
        category = _category(values, known)
        group = _group(values, known)
        pct = _pct_or_price(values, price_allowed=False)["pct"]
        return CategoryGroupDiscount(category, group, pct)
    if source is Source.VOLUME:
        article, facts = _article(values, known)
        try:
            min_qty = parse_quantity(
                _required(values, MIN_QTY), weighed=facts.weighed, max_qty=MAX_INPUT
            )
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="min_qty") from None
        return VolumeBreak(article, min_qty, **_pct_or_price(values))
    raise InvalidInput(_("Manual and customer-card discounts are not kept in a register."))


def _plain(value: Decimal) -> str:
    """`10`, `12.5`, `0.80` → as typed back into a field (prices keep two decimals)."""
    return format(value.normalize(), "f")


def rule_values(rule: Rule) -> dict[str, str]:
    """The text fields of a rule (what the edit form starts with)."""
    values: dict[str, str] = {}
    if isinstance(rule, ArticleCustomerDiscount):
        values = {"article": rule.article, "customer": rule.customer}
    elif isinstance(rule, ArticleCategoryDiscount):
        values = {"article": rule.article, "category": rule.category}
    elif isinstance(rule, CategoryGroupDiscount):
        return {"category": rule.category, "group": rule.group, "pct": _plain(rule.pct)}
    else:
        values = {"article": rule.article, "min_qty": _plain(rule.min_qty)}
    values["pct"] = _plain(rule.pct) if rule.pct is not None else ""
    values["price"] = f"{rule.price:.2f}" if rule.price is not None else ""
    return values


@dataclass(frozen=True)
class RegisterPage:
    """What the editor shows of one register: some rules (with ids) and how many there are."""

    rules: list[tuple[int, Rule]]
    total: int


class DiscountRegisterService:
    """List, add, change and delete the rules of the discount registers (back office)."""

    def __init__(self, ctx: TillContext) -> None:
        self.ctx = ctx

    @staticmethod
    def registers() -> tuple[Source, ...]:
        return REGISTERS

    def page(self, source: Source, text: str = "", limit: int = 200) -> RegisterPage:
        with self.ctx.uow() as uow:
            rules = [(s.id, s.rule) for s in uow.discounts.list(source, text, limit)]
            return RegisterPage(rules, uow.discounts.count(source))

    def values(self, source: Source, rule_id: int) -> dict[str, str]:
        with self.ctx.uow() as uow:
            rule = uow.discounts.get(source, rule_id)
        if rule is None:
            raise NotFound(_("That rule was deleted meanwhile."))
        return rule_values(rule)

    def save(self, source: Source, values: Mapping[str, str], rule_id: int | None = None) -> int:
        """Validate and store a rule (a new one, or over `rule_id`); returns its id."""
        with self.ctx.uow(write=True) as uow:
            rule = parse_rule(source, values, RepositoryCodes(uow.discounts))
            same = uow.discounts.find_id(rule)
            if same is not None and same != rule_id:
                raise InvalidInput(
                    _("There is already a rule for {what}: change that one.").format(
                        what=describe_rule(rule)
                    )
                )
            if rule_id is None:
                rule_id = uow.discounts.add(rule)
            elif not uow.discounts.replace(rule_id, rule):
                raise NotFound(_("That rule was deleted meanwhile."))
            uow.notify(CHANGE_CHANNEL, REGISTER_NAMES[source])
            uow.commit()
        registers_changed()
        return rule_id

    def delete(self, source: Source, rule_id: int) -> None:
        with self.ctx.uow(write=True) as uow:
            if not uow.discounts.delete(source, rule_id):
                raise NotFound(_("That rule was deleted meanwhile."))
            uow.notify(CHANGE_CHANNEL, REGISTER_NAMES[source])
            uow.commit()
        registers_changed()
