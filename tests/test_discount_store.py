"""Discount registers in the database (SQLite and PostgreSQL): loading a cart's rules, editing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy.exc import IntegrityError

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    CategoryGroupDiscount,
    DiscountRules,
    Rule,
    RuleSelection,
    Source,
    VolumeBreak,
)
from tui_pos.store.db import Database
from tui_pos.store.models import ArticleCustomerRule, VolumeBreakRule
from tui_pos.store.uow import SqlUnitOfWork

#: Demo catalog: 1003/1004 are BREAD, 1152 COFFEE; C101 and C102 are RETAIL, C100 HORECA.
RULES: list[Rule] = [
    ArticleCustomerDiscount("1003", "C101", price=D("4.00")),
    ArticleCustomerDiscount("1003", "C102", pct=D("7")),  # another customer
    ArticleCustomerDiscount("1152", "C101", pct=D("2.5")),  # an article not in the cart
    ArticleCategoryDiscount("1004", "RETAIL", pct=D("3")),
    ArticleCategoryDiscount("1004", "HORECA", price=D("3.10")),  # another category
    CategoryGroupDiscount("RETAIL", "BREAD", D("4")),
    CategoryGroupDiscount("RETAIL", "WINE", D("6")),  # a group not in the cart
    CategoryGroupDiscount("STAFF", "BREAD", D("9")),  # another category
    VolumeBreak("1003", D("10"), pct=D("5")),
    VolumeBreak("1003", D("20"), price=D("3.50")),
    VolumeBreak("1152", D("5"), pct=D("5")),  # an article not in the cart
]
CART = RuleSelection(frozenset({"1003", "1004"}), frozenset({"BREAD"}), "C101", "RETAIL")


def store(db: Database, rules: list[Rule]) -> tuple[int, int]:
    with SqlUnitOfWork(db, write=True) as uow:
        counts = uow.discounts.bulk_upsert(rules)
        uow.commit()
    return counts


def load(db: Database, selection: RuleSelection) -> set[Rule]:
    with SqlUnitOfWork(db) as uow:
        return set(uow.discounts.load_rules(selection))


def test_a_cart_loads_exactly_the_rules_it_can_use(database: Database) -> None:
    assert store(database, RULES) == (len(RULES), 0)
    expected = set(DiscountRules(RULES).restricted_to(CART))
    assert load(database, CART) == expected
    assert expected == {RULES[0], RULES[3], RULES[5], RULES[8], RULES[9]}
    # values come back exact (scaled integers), kinds intact
    loaded = {type(r): r for r in load(database, CART) if not isinstance(r, VolumeBreak)}
    assert loaded[ArticleCustomerDiscount].price == D("4.00")
    assert loaded[CategoryGroupDiscount].pct == D("4")
    # without a customer only volume breaks can apply; without a category no category rules
    walk_in = RuleSelection(CART.articles, CART.groups, None, None)
    assert load(database, walk_in) == {RULES[8], RULES[9]}
    no_category = RuleSelection(CART.articles, CART.groups, "C101", None)
    assert load(database, no_category) == {RULES[0], RULES[8], RULES[9]}
    # more articles and groups, some without rules
    wide = RuleSelection(
        frozenset({"1003", "1004", "1152", "1005", "1006"}),
        frozenset({"BREAD", "WINE", "COFFEE"}),
        "C101",
        "RETAIL",
    )
    assert load(database, wide) == set(DiscountRules(RULES).restricted_to(wide))


def volume_count(db: Database) -> int:
    with SqlUnitOfWork(db) as uow:
        return uow.discounts.count(Source.VOLUME)


def test_bulk_upsert_updates_rules_with_the_same_key(database: Database) -> None:
    store(database, RULES)
    before = volume_count(database)
    changed = [
        ArticleCustomerDiscount("1003", "C101", pct=D("8")),  # was a price
        VolumeBreak("1003", D("10.000"), pct=D("6")),
        VolumeBreak("1003", D("30"), pct=D("9")),  # new
    ]
    assert store(database, changed) == (1, 2)
    loaded = load(database, CART)
    assert ArticleCustomerDiscount("1003", "C101", pct=D("8")) in loaded
    assert VolumeBreak("1003", D("10"), pct=D("6")) in loaded
    assert RULES[0] not in loaded
    assert volume_count(database) == before + 1


def test_editor_operations(database: Database) -> None:
    with SqlUnitOfWork(database, write=True) as uow:
        repo = uow.discounts
        rule_id = repo.add(RULES[0])
        assert repo.find_id(ArticleCustomerDiscount("1003", "C101", pct=D("1"))) == rule_id
        assert repo.get(Source.ARTICLE_CUSTOMER, rule_id) == RULES[0]
        assert repo.replace(rule_id, ArticleCustomerDiscount("1004", "C101", pct=D("2")))
        assert repo.find_id(RULES[0]) is None
        other = repo.add(RULES[3])
        listed = repo.list(Source.ARTICLE_CATEGORY, "100")
        assert [(s.id, s.rule) for s in listed] == [(other, RULES[3])]
        assert repo.list(Source.ARTICLE_CATEGORY, "RET")[0].id == other
        assert repo.list(Source.ARTICLE_CATEGORY, "X") == []
        assert repo.delete(Source.ARTICLE_CUSTOMER, rule_id)
        assert not repo.delete(Source.ARTICLE_CUSTOMER, rule_id)
        assert repo.get(Source.ARTICLE_CUSTOMER, rule_id) is None
        uow.commit()


def test_the_database_refuses_malformed_rules_and_the_same_key_twice(
    database: Database,
) -> None:
    rows = [
        ArticleCustomerRule(article_code="1003", customer_code="C101", pct=D("5"), price=D("1")),
        ArticleCustomerRule(article_code="1003", customer_code="C101"),
        ArticleCustomerRule(article_code="1003", customer_code="NOPE", pct=D("5")),
        VolumeBreakRule(article_code="1003", min_qty=D("0"), pct=D("5")),
        VolumeBreakRule(article_code="1003", min_qty=D("1"), pct=D("101")),
    ]
    for row in rows:
        with SqlUnitOfWork(database, write=True) as uow:
            uow.session.add(row)
            with pytest.raises(IntegrityError):
                uow.session.flush()
    with SqlUnitOfWork(database, write=True) as uow:
        uow.discounts.add(RULES[0])
        with pytest.raises(IntegrityError):
            uow.discounts.add(ArticleCustomerDiscount("1003", "C101", pct=D("1")))
