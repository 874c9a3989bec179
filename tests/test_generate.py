"""The seeded bulk generator writes consistent data through the real schema, on both backends."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import BACKENDS, make_settings
from sqlalchemy import text

from tui_pos.core.journal import canonical, verify_chain
from tui_pos.devtools.generate import Sizes, article_barcode, generate
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.store.db import Database, open_database
from tui_pos.store.uow import SqlUnitOfWork

SIZES = Sizes(articles=150, customers=10, sales=120, tills=2, orders=40)

on_each_backend = pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)


def scalar(db: Database, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


@on_each_backend
def test_generated_sales_are_consistent_and_the_journal_chain_holds(
    fresh_database: Database,
) -> None:
    db = fresh_database
    summary = generate(db, SIZES, seed=3)

    assert (summary.articles, summary.customers, summary.sales) == (150, 10, 120)
    assert scalar(db, "SELECT count(*) FROM sale") == 120
    assert scalar(db, "SELECT count(*) FROM sale_line") == summary.sale_lines
    # a sale's total is its lines plus cash rounding; its VAT lines add up to its lines
    assert (
        scalar(
            db,
            "SELECT count(*) FROM sale s WHERE s.total != s.rounding + "
            "(SELECT sum(line_total) FROM sale_line l WHERE l.sale_id = s.id) OR s.subtotal != "
            "(SELECT sum(gross) FROM sale_vat v WHERE v.sale_id = s.id)",
        )
        == 0
    )
    with SqlUnitOfWork(db) as uow:
        entries = list(uow.journal.entries())
        for till in ("T1", "T2"):
            last = uow.sales.last(till)
            assert last is not None
            numbers = [
                n
                for (n,) in uow.session.execute(
                    text("SELECT receipt_no FROM sale WHERE till_id = :t ORDER BY receipt_no"),
                    {"t": till},
                )
            ]
            assert numbers == list(range(1, last.receipt_no + 1))  # gapless per till
        record = uow.sales.get("T1", 1)
        article = uow.catalog.article_by_barcode(article_barcode(1))
    assert len(entries) == summary.journal_entries
    assert verify_chain(entries) == []
    assert all(canonical(json.loads(e.data)) == e.data for e in entries)
    assert record is not None and record.lines and record.payments
    assert record.total == sum((line.line_total for line in record.lines), D(0)) + record.rounding
    assert article is not None and article.code == "G000002"


@on_each_backend
def test_the_till_sells_on_after_generated_sales(fresh_database: Database) -> None:
    generate(fresh_database, SIZES, seed=3)
    ctx = TillContext(settings=make_settings(), db=fresh_database)
    before = scalar(fresh_database, "SELECT last_no FROM receipt_counter WHERE till_id = 'T1'")
    svc = CheckoutService(ctx)
    svc.scan(article_barcode(1))
    session = svc.start_payment()
    cash = next(m for m in ctx.till_methods() if m.kind == "cash")
    session.add(cash, session.cash_due() + D(5))

    record = svc.complete(session)

    assert record.receipt_no == before + 1  # type: ignore[operator]
    with ctx.uow() as uow:
        assert verify_chain(list(uow.journal.entries())) == []


@on_each_backend
def test_refuses_a_database_that_has_articles(fresh_database: Database) -> None:
    generate(fresh_database, SIZES, seed=3)
    with pytest.raises(ValueError, match="already has articles"):
        generate(fresh_database, SIZES, seed=3)


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_same_seed_gives_the_same_rows(fresh_database: Database, tmp_path: Path) -> None:
    def fingerprint(db: Database) -> list[tuple[object, ...]]:
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT uid, till_id, receipt_no, total FROM sale ORDER BY id")
            )
            return [tuple(row) for row in rows]

    generate(fresh_database, SIZES, seed=3)
    again, other = (open_database(f"sqlite:///{tmp_path / name}") for name in ("a.db", "b.db"))
    generate(again, SIZES, seed=3)
    generate(other, SIZES, seed=4)

    assert fingerprint(again) == fingerprint(fresh_database)
    assert fingerprint(other) != fingerprint(fresh_database)
    again.dispose()
    other.dispose()
