"""Discount registers in SQL: load the rules a cart needs, edit rules, bulk-import them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import String, any_, bindparam, delete, func, insert, or_, update
from sqlalchemy import select as sa_select
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

#: Longest IN list sent in one query where codes are bound one by one (article lookups).
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


def _in_list(column: Any, dialect: str) -> Any:
    """`column IN (:codes)` as ONE parameter, so the statement text (and PostgreSQL's plan and
    psycopg's parsed query) is the same for every cart: an array on PostgreSQL, a JSON list
    read by json_each on SQLite (both probe the index per code)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY  # only here: slow to load, SQLite tills

        return column == any_(bindparam("codes", type_=ARRAY(String)))
    if dialect == "sqlite":
        codes = func.json_each(bindparam("codes", type_=String)).table_valued("value")
        return column.in_(sa_select(codes.c.value))
    return column.in_(bindparam("codes", expanding=True))


def _list_param(dialect: str, values: Iterable[str]) -> Any:
    if dialect == "sqlite":
        return json.dumps(sorted(values))
    return sorted(values)


@dataclass(frozen=True)
class _Statements:
    article_customer: Any
    article_category: Any
    category_group: Any
    volume: Any


def _table(model: type[RuleRow]) -> Any:
    return model.__table__  # type: ignore[union-attr]


@cache
def _statements(dialect: str) -> _Statements:
    """The four loading queries, built once per dialect as Core statements (no ORM rows)."""
    ac, ak = _table(ArticleCustomerRule).c, _table(ArticleCategoryRule).c
    cg, vb = _table(CategoryGroupRule).c, _table(VolumeBreakRule).c
    key = bindparam("key", type_=String)
    return _Statements(
        article_customer=sa_select(ac.article_code, ac.customer_code, ac.pct, ac.price).where(
            ac.customer_code == key, _in_list(ac.article_code, dialect)
        ),
        article_category=sa_select(ak.article_code, ak.category, ak.pct, ak.price).where(
            ak.category == key, _in_list(ak.article_code, dialect)
        ),
        category_group=sa_select(cg.category, cg.group_code, cg.pct).where(
            cg.category == key, _in_list(cg.group_code, dialect)
        ),
        volume=sa_select(vb.article_code, vb.min_qty, vb.pct, vb.price).where(
            _in_list(vb.article_code, dialect)
        ),
    )


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
        """The stored rules `selection.matches`: one indexed query per register the selection
        can use (no customer: only volume breaks; no category: no category registers)."""
        connection = self.session.connection()
        dialect = connection.dialect.name
        statements = _statements(dialect)
        rules: list[Rule] = []
        customer, category = selection.customer, selection.category
        if selection.articles:
            codes = _list_param(dialect, selection.articles)
            if customer is not None:
                for article, cust, pct, price in connection.execute(
                    statements.article_customer, {"codes": codes, "key": customer}
                ):
                    rules.append(ArticleCustomerDiscount(article, cust, pct, price))
            if category is not None:
                for article, cat, pct, price in connection.execute(
                    statements.article_category, {"codes": codes, "key": category}
                ):
                    rules.append(ArticleCategoryDiscount(article, cat, pct, price))
            for article, min_qty, pct, price in connection.execute(
                statements.volume, {"codes": codes}
            ):
                rules.append(VolumeBreak(article, min_qty, pct, price))
        if category is not None and selection.groups:
            groups = _list_param(dialect, selection.groups)
            for cat, group, pct in connection.execute(
                statements.category_group, {"codes": groups, "key": category}
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
