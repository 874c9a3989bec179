"""Generated orders are what the app would have saved: they load, add up, are found by search and
fill the queue; the indexes and the search trigger are as migrated afterwards."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import BACKENDS, make_settings
from sqlalchemy import text

from tui_pos.core.order_filter import OrderFilter, search_text
from tui_pos.core.order_queue import queue_filter
from tui_pos.core.order_status import ACTIVE_KINDS, StatusKind
from tui_pos.core.orders import OrderType
from tui_pos.devtools.generate import Sizes, generate
from tui_pos.devtools.generate_orders import STATES
from tui_pos.services.context import TillContext
from tui_pos.services.order_setup import load_flow
from tui_pos.services.orders import OrderService
from tui_pos.store.db import Database, open_database
from tui_pos.store.order_rows import ORDERS, number_sort_key
from tui_pos.store.uow import SqlUnitOfWork

SIZES = Sizes(articles=200, customers=40, sales=50, tills=2, orders=600)

on_each_backend = pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)


def _indexes(db: Database) -> set[str]:
    """Indexes and triggers (SQLite), indexes and constraints (PostgreSQL)."""
    if db.is_sqlite:
        sql = "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql NOT NULL"
    else:
        sql = (
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() UNION ALL "
            "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = current_schema()::regnamespace"
        )
    with db.engine.connect() as conn:
        return set(conn.exec_driver_sql(sql).scalars())


@on_each_backend
def test_generated_orders_load_and_add_up_as_saved_ones(fresh_database: Database) -> None:
    db = fresh_database
    summary = generate(db, SIZES, seed=5)
    ctx = TillContext(settings=make_settings(), db=db)
    flow = load_flow(ctx.settings)

    assert {key: (s.label, s.kind.value) for key, s in flow.states.items()} == STATES
    with SqlUnitOfWork(db) as uow:
        rows = uow.session.execute(ORDERS.select()).all()
        assert len(rows) == summary.orders == 600
        numbers: dict[str, list[int]] = {}
        for row in rows:
            order = uow.orders.load(row.id, flow=flow)
            assert order.status_kind.value == row.status_kind == STATES[row.status][1]
            assert len(order.lines) == row.line_count > 0
            assert order.totals().total_incl_vat == row.total_incl_vat
            assert sum((line.line_total for line in order.lines), D(0)) == row.total_incl_vat
            assert order.paid_total == row.paid_total
            assert order.balance_due == row.balance_due
            assert search_text(order) == row.search_text
            assert row.number_sort == number_sort_key(row.number)
            assert order.log and order.log[0].action.value == "created"
            assert order.updated_at == max(entry.at for entry in order.log)
            assert (row.number is None) == (row.status == "draft")
            if row.number is not None:
                numbers.setdefault(row.type, []).append(int(row.number.split("-")[1]))
        query = text("SELECT order_type, last_no FROM order_counter")
        counters = {str(t): int(n) for t, n in uow.session.execute(query)}
    for order_type, used in numbers.items():  # gapless per type, and the counter goes on
        assert sorted(used) == list(range(1, len(used) + 1))
        assert counters[order_type] == len(used)


@on_each_backend
def test_generated_orders_are_found_and_queued_like_saved_ones(fresh_database: Database) -> None:
    db = fresh_database
    migrated = _indexes(db)
    summary = generate(db, SIZES, seed=5)
    ctx = TillContext(settings=make_settings(), db=db)
    service = OrderService(ctx, autosave_drafts=False)

    assert _indexes(db) == migrated  # built again once the rows were in
    queue = service.page(queue_filter(), limit=1000).rows
    assert len(queue) == summary.open_orders > 0
    assert all(r.status_kind in ACTIVE_KINDS and r.type is not OrderType.QUOTE for r in queue)
    assert [r.created_at for r in queue] == sorted(r.created_at for r in queue)
    with db.engine.connect() as conn:
        number, name = conn.execute(
            text("SELECT number, customer_name FROM orders WHERE number IS NOT NULL LIMIT 1")
        ).one()
    found = service.page(OrderFilter(text=number.lower()), limit=50).rows
    assert number in [r.number for r in found]
    surname = name.split()[-1][:4]
    by_name = service.page(OrderFilter(text=surname), limit=20).rows
    assert by_name and all(surname.casefold() in r.customer_name.casefold() for r in by_name)
    # a generated order the app saves again keeps its stored texts (times as the ORM writes them)
    first = queue[0]
    with db.engine.connect() as conn:
        stored = text("SELECT created_at, order_date FROM orders WHERE id = :id")
        before = conn.execute(stored, {"id": first.id}).one()
    moved = service.load(first.id)
    target = next(s.key for s in service.targets(moved) if s.kind is not StatusKind.CANCELLED)
    service.move_status(moved, target)
    with db.engine.connect() as conn:
        assert conn.execute(stored, {"id": first.id}).one() == before
    # an order the app saves afterwards is found too (SQLite: by the search trigger)
    order = service.new_order(customer_code="GC000001")
    service.add_article(order, "G000001")
    service.confirm(order)
    assert [r.id for r in service.page(OrderFilter(text=order.number or "?")).rows] == [order.id]


def test_orders_written_beside_the_sales_are_the_same_rows(tmp_path: Path) -> None:
    def fingerprint(db: Database) -> list[tuple[object, ...]]:
        with db.engine.connect() as conn:
            return [
                tuple(row)
                for row in conn.execute(
                    text(
                        "SELECT id, number, status, total_incl_vat, search_text, search_key "
                        "FROM orders ORDER BY id"
                    )
                )
            ] + [tuple(r) for r in conn.execute(text("SELECT uid, total FROM sale ORDER BY id"))]

    alone, beside = (open_database(f"sqlite:///{tmp_path / n}") for n in ("a.db", "b.db"))
    generate(alone, SIZES, seed=5, parallel=False)
    generate(beside, SIZES, seed=5, parallel=True)

    assert fingerprint(alone) == fingerprint(beside)
    with beside.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM order_search").scalar_one() == 600
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    alone.dispose()
    beside.dispose()
