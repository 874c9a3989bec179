"""Discount registers in SQL: load the rules a cart needs, edit rules, bulk-import them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, or_, update
from sqlmodel import Session, col, select

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    CategoryGroupDiscount,
    DiscountRules,
    Rule,
    RuleSelection,
    Source,
    VolumeBreak,
    rule_key,
)
from tui_pos.store.models import (
    Article,
    ArticleCategoryRule,
    ArticleCustomerRule,
    ArticleGroup,
    CategoryGroupRule,
    Customer,
    VolumeBreakRule,
)

#: Longest IN list sent in one query (SQLite and PostgreSQL both take far more; this keeps
#: statements small and their plans cached).
CHUNK = 500

RuleRow = ArticleCustomerRule | ArticleCategoryRule | CategoryGroupRule | VolumeBreakRule
MODELS: dict[Source, type[RuleRow]] = {
    Source.ARTICLE_CUSTOMER: ArticleCustomerRule,
    Source.ARTICLE_CATEGORY: ArticleCategoryRule,
    Source.CATEGORY_GROUP: CategoryGroupRule,
    Source.VOLUME: VolumeBreakRule,
}
#: The registers stored in the database (source 1 is typed on the line, 3 on the customer card).
REGISTERS: tuple[Source, ...] = tuple(MODELS)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _values(rule: Rule) -> dict[str, Any]:
    """The row's columns for a rule (without id)."""
    if isinstance(rule, ArticleCustomerDiscount):
        return {
            "article_code": rule.article,
            "customer_code": rule.customer,
            "pct": rule.pct,
            "price": rule.price,
        }
    if isinstance(rule, ArticleCategoryDiscount):
        return {
            "article_code": rule.article,
            "category": rule.category,
            "pct": rule.pct,
            "price": rule.price,
        }
    if isinstance(rule, CategoryGroupDiscount):
        return {"category": rule.category, "group_code": rule.group, "pct": rule.pct}
    return {
        "article_code": rule.article,
        "min_qty": rule.min_qty,
        "pct": rule.pct,
        "price": rule.price,
    }


def to_rule(row: RuleRow) -> Rule:
    """The core rule a stored row stands for."""
    if isinstance(row, ArticleCustomerRule):
        return ArticleCustomerDiscount(row.article_code, row.customer_code, row.pct, row.price)
    if isinstance(row, ArticleCategoryRule):
        return ArticleCategoryDiscount(row.article_code, row.category, row.pct, row.price)
    if isinstance(row, CategoryGroupRule):
        return CategoryGroupDiscount(row.category, row.group_code, row.pct)
    return VolumeBreak(row.article_code, row.min_qty, row.pct, row.price)


#: The columns that identify a rule in each register, in listing order.
KEY_COLUMNS: dict[Source, tuple[str, str]] = {
    Source.ARTICLE_CUSTOMER: ("article_code", "customer_code"),
    Source.ARTICLE_CATEGORY: ("article_code", "category"),
    Source.CATEGORY_GROUP: ("category", "group_code"),
    Source.VOLUME: ("article_code", "min_qty"),
}


def _key_filter(rule: Rule) -> list[Any]:
    """WHERE clauses matching the row with the same key as `rule`."""
    model = MODELS[rule.source]
    values = _values(rule)
    return [getattr(model, name) == values[name] for name in KEY_COLUMNS[rule.source]]


@dataclass(frozen=True)
class StoredRule:
    """A rule with its row id (for the register editor)."""

    id: int
    rule: Rule


@dataclass(frozen=True)
class ArticleFacts:
    """What validating a rule needs to know about an article."""

    group: str
    weighed: bool
    is_variant_parent: bool


class DiscountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- pricing -----------------------------------------------------------------------
    def load_rules(self, selection: RuleSelection) -> list[Rule]:
        """The stored rules `selection.matches`: one indexed query per register (and per
        CHUNK articles); registers the selection cannot use are not queried."""
        rules: list[Rule] = []
        session = self.session
        customer, category = selection.customer, selection.category
        for codes in _chunks(selection.articles):
            if customer is not None:
                ac = ArticleCustomerRule
                for article, cust, pct, price in session.execute(
                    select(col(ac.article_code), col(ac.customer_code), col(ac.pct), col(ac.price))
                    .where(ac.customer_code == customer)
                    .where(col(ac.article_code).in_(codes))
                ):
                    rules.append(ArticleCustomerDiscount(article, cust, pct, price))
            if category is not None:
                ak = ArticleCategoryRule
                for article, cat, pct, price in session.execute(
                    select(col(ak.article_code), col(ak.category), col(ak.pct), col(ak.price))
                    .where(ak.category == category)
                    .where(col(ak.article_code).in_(codes))
                ):
                    rules.append(ArticleCategoryDiscount(article, cat, pct, price))
            vb = VolumeBreakRule
            for article, min_qty, pct, price in session.execute(
                select(col(vb.article_code), col(vb.min_qty), col(vb.pct), col(vb.price)).where(
                    col(vb.article_code).in_(codes)
                )
            ):
                rules.append(VolumeBreak(article, min_qty, pct, price))
        if category is not None:
            cg = CategoryGroupRule
            for groups in _chunks(selection.groups):
                for cat, group, pct in session.execute(
                    select(col(cg.category), col(cg.group_code), col(cg.pct))
                    .where(cg.category == category)
                    .where(col(cg.group_code).in_(groups))
                ):
                    rules.append(CategoryGroupDiscount(cat, group, pct))
        return rules

    def load(self, selection: RuleSelection) -> DiscountRules:
        return DiscountRules(self.load_rules(selection))

    def article_groups(self, codes: Iterable[str]) -> dict[str, str]:
        """Article code → group code, for the codes that exist."""
        found: dict[str, str] = {}
        for chunk in _chunks(set(codes)):
            for code, group in self.session.execute(
                select(col(Article.code), col(Article.group_code)).where(
                    col(Article.code).in_(chunk)
                )
            ):
                found[code] = group
        return found

    # -- validation lookups ------------------------------------------------------------
    def article_facts(self, code: str) -> ArticleFacts | None:
        row = self.session.execute(
            select(
                col(Article.group_code), col(Article.unit), col(Article.is_variant_parent)
            ).where(Article.code == code)
        ).first()
        return ArticleFacts(row[0], row[1] == "kg", row[2]) if row else None

    def all_article_facts(self) -> dict[str, ArticleFacts]:
        return {
            code: ArticleFacts(group, unit == "kg", parent)
            for code, group, unit, parent in self.session.execute(
                select(
                    col(Article.code),
                    col(Article.group_code),
                    col(Article.unit),
                    col(Article.is_variant_parent),
                )
            )
        }

    def customer_exists(self, code: str) -> bool:
        return (
            self.session.execute(
                select(col(Customer.id)).where(Customer.code == code).limit(1)
            ).first()
            is not None
        )

    def customer_codes(self) -> set[str]:
        return set(self.session.exec(select(Customer.code)))

    def categories(self) -> set[str]:
        """Customer categories in use (a category exists when a customer card names it)."""
        return {
            c
            for c in self.session.exec(
                select(Customer.category).where(col(Customer.category).is_not(None)).distinct()
            )
            if c
        }

    def category_exists(self, category: str) -> bool:
        return (
            self.session.execute(
                select(col(Customer.id)).where(Customer.category == category).limit(1)
            ).first()
            is not None
        )

    def group_codes(self) -> set[str]:
        return set(self.session.exec(select(ArticleGroup.code)))

    def group_exists(self, code: str) -> bool:
        return self.session.get(ArticleGroup, code) is not None

    # -- the register editor -----------------------------------------------------------
    def count(self, source: Source) -> int:
        model = MODELS[source]
        return int(self.session.exec(select(func.count()).select_from(model)).one())

    def list(self, source: Source, text: str = "", limit: int = 200) -> list[StoredRule]:
        """Rules of one register in key order; `text` filters on the codes (prefix match)."""
        model: Any = MODELS[source]
        order = [getattr(model, name) for name in KEY_COLUMNS[source]]
        query = select(model)
        text = text.strip()
        if text:
            codes = [c for c in order if c.key != "min_qty"]
            query = query.where(or_(*(col(c).ilike(f"{text}%") for c in codes)))
        rows = self.session.exec(query.order_by(*order).limit(limit))
        return [StoredRule(row.id, to_rule(row)) for row in rows]

    def get(self, source: Source, rule_id: int) -> Rule | None:
        row: Any = self.session.get(MODELS[source], rule_id)
        return to_rule(row) if row is not None else None

    def find_id(self, rule: Rule) -> int | None:
        """The id of the stored rule with the same key as `rule`, if any."""
        model = MODELS[rule.source]
        found = self.session.execute(select(col(model.id)).where(*_key_filter(rule))).first()
        return int(found[0]) if found else None

    def add(self, rule: Rule) -> int:
        row = MODELS[rule.source](**_values(rule))
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def replace(self, rule_id: int, rule: Rule) -> bool:
        """Overwrite a stored rule (same register); False when it no longer exists."""
        model = MODELS[rule.source]
        row = self.session.get(model, rule_id)
        if row is None:
            return False
        for name, value in _values(rule).items():
            setattr(row, name, value)
        self.session.add(row)
        self.session.flush()
        return True

    def delete(self, source: Source, rule_id: int) -> bool:
        model = MODELS[source]
        result = self.session.execute(delete(model).where(col(model.id) == rule_id))
        return bool(getattr(result, "rowcount", 0))

    # -- import ------------------------------------------------------------------------
    def bulk_upsert(self, rules: Sequence[Rule]) -> tuple[int, int]:
        """Insert new rules and overwrite the value of rules whose key exists; (created, updated).

        Keys must be unique within `rules` (the importer checks). Uses executemany statements.
        """
        created = updated = 0
        by_source: dict[Source, list[Rule]] = {}
        for rule in rules:
            by_source.setdefault(rule.source, []).append(rule)
        for source, group in by_source.items():
            model: Any = MODELS[source]
            first, second = (getattr(model, name) for name in KEY_COLUMNS[source])
            existing: dict[tuple[Source, tuple[str | Decimal, ...]], int] = {
                (source, (a, b)): rule_id
                for rule_id, a, b in self.session.execute(select(model.id, first, second))
            }
            inserts: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            for rule in group:
                values = _values(rule)
                rule_id = existing.get(rule_key(rule))
                if rule_id is None:
                    inserts.append(values)
                else:
                    updates.append({"id": rule_id, **values})
            if inserts:
                self.session.execute(insert(model), inserts)
            if updates:
                self.session.execute(update(model), updates)
            created += len(inserts)
            updated += len(updates)
        self.session.flush()
        return created, updated
