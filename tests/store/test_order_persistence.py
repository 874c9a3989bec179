"""Orders in the database (SQLite and PostgreSQL): full round trip, gapless numbers per type under
concurrency, optimistic concurrency, append-only payments and log, the migration."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from alembic import command
from conftest import BACKENDS, FixedClock
from order_store_helpers import (  # noqa: F401 (database fixtures)
    count_rows,
    database,
    natural,
    order_settings,
    placed,
    service,
    shared_pg_database,
    tick,
)
from sqlalchemy import text

from tui_pos.config import Settings
from tui_pos.core.errors import ConflictError, PosError
from tui_pos.core.order_lines import DiscountKind, ManualDiscount, NewLine
from tui_pos.core.order_log import LogAction
from tui_pos.core.orders import DeliveryMethod, OrderType
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store.db import Database
from tui_pos.store.migrate import alembic_config, is_current, upgrade
from tui_pos.store.models import metadata
from tui_pos.store.order_search import is_search_object


@pytest.fixture
def settings() -> Settings:
    return order_settings()


@pytest.fixture
def svc(ctx: TillContext) -> OrderService:
    return service(ctx)


def test_a_full_order_round_trips(svc: OrderService, ctx: TillContext, clock: FixedClock) -> None:
    order = svc.new_order(
        OrderType.SALES,
        customer_code="C100",  # 5 % customer discount
        subject="Wedding 12 June",
        our_reference="Anna",
        customer_reference="PO-77",
        note="Ring the bell twice",
        delivery_method=DeliveryMethod.DELIVERY,
        expected_delivery_date=date(2026, 12, 1),
        payment_terms="14 days",
        fixed_text="Thank you for your order.",
        custom_fields={"floor": "3", "colour scheme": "gold"},
    )
    cakes = svc.add_group(order, "Cakes")
    svc.add_article(order, "1001", "3")
    svc.add_article(order, "1293", "0.250")  # weighed
    coffee = svc.add_article(order, "1152", "2", group_id=cakes.id)
    svc.update_line(
        order,
        replace(coffee, discount=ManualDiscount(DiscountKind.AMOUNT_OFF, D("1.50")), note="ground"),
    )
    svc.add_line(
        order,
        NewLine(
            "Delivery",
            D("1"),
            D("12.50"),
            D("21"),
            discount=ManualDiscount(DiscountKind.PERCENTAGE, D("12.5")),
        ),
    )
    svc.add_line(
        order,
        NewLine(
            "Gift box",
            D("1"),
            D("4.00"),
            D("21"),
            discount=ManualDiscount(DiscountKind.PRICE_OVERRIDE, D("3.25")),
            group_id=cakes.id,
        ),
    )
    assert svc.save(order) and not order.is_dirty
    tick(clock)
    assert svc.confirm(order) == "SO-1"
    svc.take_down_payment(order, method="cash", amount="20")
    svc.add_comment(order, "Customer called: 50% now, rest on delivery")
    svc.set_reminder(order, date(2026, 11, 30), note="Call about the delivery")
    svc.add_attachment(order, b"%PDF-1.4 a drawing", "drawing.pdf")

    loaded = service(ctx, user="piet").load(order.id)

    assert loaded == order  # every field: header, groups, lines, payments, files, log, version
    assert not loaded.is_dirty
    assert loaded.header.custom_fields == {"colour scheme": "gold", "floor": "3"}
    assert [ln.net_unit_price for ln in loaded.lines] == [
        D("0.92"),  # 0.97 - 5 % customer discount
        D("22.16"),
        D("10.48"),  # manual 1.50 off wins over the customer discount
        D("10.94"),
        D("3.25"),
    ]
    assert loaded.lines[1].qty == D("0.250") and loaded.lines[1].weighed
    assert loaded.lines[2].group_id == cakes.id and loaded.lines[2].note == "ground"
    assert "customer discount 5 %" in loaded.lines[0].price_explanation
    assert loaded.totals() == order.totals()
    assert loaded.balance_due == order.totals().total_incl_vat - D("20")
    assert [e.action for e in loaded.log][-5:] == [
        LogAction.CONFIRMED,
        LogAction.PAYMENT,
        LogAction.COMMENT,
        LogAction.REMINDER_SET,
        LogAction.ATTACHMENT_ADDED,
    ]
    assert loaded.log[-3].text() == "Comment: Customer called: 50% now, rest on delivery"
    assert all(e.at.tzinfo is not None for e in loaded.log)
    row = svc.page().rows[0]
    assert (row.number, row.total_incl_vat, row.balance_due) == (
        "SO-1",
        order.totals().total_incl_vat,
        loaded.balance_due,
    )


def test_numbers_count_per_type_and_confirming_again_keeps_the_number(
    svc: OrderService,
) -> None:
    first, second = placed(svc), placed(svc)
    quote, service_order = placed(svc, OrderType.QUOTE), placed(svc, OrderType.SERVICE)
    numbers = [svc.confirm(o) for o in (first, second, quote, service_order)]
    assert numbers == ["SO-1", "SO-2", "Q-1", "SV-1"]
    svc.modify(first)
    assert first.is_editable and first.number == "SO-1"
    assert svc.confirm(first) == "SO-1"
    assert svc.confirm(placed(svc)) == "SO-3"
    assert svc.load(first.id).number == "SO-1"


def test_a_confirm_that_fails_uses_no_number_and_changes_nothing(
    svc: OrderService, ctx: TillContext
) -> None:
    order = placed(svc)
    stale = service(ctx, user="piet").load(order.id)
    svc.add_comment(order, "changed first")
    with pytest.raises(ConflictError, match="anna changed this order"):
        service(ctx, user="piet").confirm(stale)
    assert stale.number is None and stale.is_editable  # put back as it was
    no_customer = svc.new_order()
    svc.add_article(no_customer, "1001")
    with pytest.raises(PosError, match="customer"):
        svc.confirm(no_customer)
    assert count_rows(ctx.db, "orders", "id = :id", id=no_customer.id) == 0
    assert svc.confirm(order) == "SO-1"


def test_concurrent_confirms_never_duplicate_or_skip_a_number(
    svc: OrderService, ctx: TillContext
) -> None:
    workers, per_worker = 4, 3
    ids = [placed(svc).id for _ in range(workers * per_worker)]
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def work(chunk: list[str], user: str) -> None:
        try:
            worker = service(ctx, user=user)
            orders = [worker.load(order_id) for order_id in chunk]
            barrier.wait()
            numbers.extend(worker.confirm(order) for order in orders)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(ids[i::workers], f"user{i}")) for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(numbers, key=natural) == [f"SO-{n}" for n in range(1, len(ids) + 1)]


def test_two_users_confirming_one_order_one_wins_and_one_number_is_used(
    svc: OrderService, ctx: TillContext
) -> None:
    order_id = placed(svc).id
    users = [service(ctx, user=name) for name in ("anna", "piet")]
    copies = [user.load(order_id) for user in users]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def work(user: OrderService, order_copy: object) -> None:
        barrier.wait()
        try:
            outcomes.append(user.confirm(order_copy))  # type: ignore[arg-type]
        except ConflictError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=work, args=pair) for pair in zip(users, copies, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(type, outcomes), key=str) == sorted([str, ConflictError], key=str)
    assert "SO-1" in outcomes
    assert svc.load(order_id).number == "SO-1"
    assert svc.confirm(placed(svc)) == "SO-2"


def test_the_second_of_two_saves_is_refused_and_overwrites_nothing(
    svc: OrderService, ctx: TillContext, clock: FixedClock
) -> None:
    order_id = placed(svc).id
    piet = service(ctx, user="piet")
    mine, theirs = svc.load(order_id), piet.load(order_id)
    svc.update_header(mine, replace(mine.header, subject="Anna's subject"))
    svc.add_article(mine, "1002")
    svc.save(mine)
    tick(clock)
    piet.update_header(theirs, replace(theirs.header, subject="Piet's subject"))
    log_rows = count_rows(ctx.db, "order_log", "order_id = :id", id=order_id)
    with pytest.raises(ConflictError) as err:
        piet.save(theirs)
    assert "anna changed this order at" in err.value.message
    assert theirs.is_dirty and theirs.header.subject == "Piet's subject"  # edits kept to look at
    stored = svc.load(order_id)
    assert stored == mine
    assert stored.header.subject == "Anna's subject" and len(stored.lines) == 2
    assert count_rows(ctx.db, "order_log", "order_id = :id", id=order_id) == log_rows
    with pytest.raises(ConflictError):  # an action on the stale copy too, restored afterwards
        piet.add_comment(theirs, "hello")
    assert theirs.log[-1].action is LogAction.HEADER_CHANGED


def test_saving_an_unchanged_order_writes_nothing(svc: OrderService, ctx: TillContext) -> None:
    order = placed(svc)
    assert not svc.save(order)
    assert not svc.save(svc.load(order.id))
    assert count_rows(ctx.db, "order_log") == len(order.log)


def test_order_payments_and_log_are_immutable_in_the_database(
    svc: OrderService, ctx: TillContext
) -> None:
    order = placed(svc)
    svc.confirm(order)
    svc.take_down_payment(order, method="cash", amount="1")
    for statement in (
        "UPDATE order_payment SET amount = 0",
        "DELETE FROM order_payment",
        "UPDATE order_log SET who = 'x'",
        "DELETE FROM order_log",
    ):
        with pytest.raises(Exception, match="immutable"), ctx.db.write_engine.begin() as conn:
            conn.execute(text(statement))
    assert count_rows(ctx.db, "order_payment") == 1


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_the_orders_migration_matches_the_models_and_downgrades(fresh_database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def managed(name: str | None, type_: str, parents: object) -> bool:
        return not is_search_object(name)

    with fresh_database.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": managed}
        assert compare_metadata(MigrationContext.configure(conn, opts=opts), metadata) == []
        search_index = (
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_orders_search_words' "
            "AND schemaname = current_schema()"
            if fresh_database.is_postgres
            else "SELECT count(*) FROM sqlite_master WHERE name = 'order_search'"
        )
        assert conn.execute(text(search_index)).scalar_one() == 1
        if fresh_database.is_postgres:  # a finer sample for LIKE estimates (0006)
            target = conn.execute(
                text(
                    "SELECT attstattarget FROM pg_attribute "
                    "WHERE attrelid = 'orders'::regclass AND attname = 'search_text'"
                )
            ).scalar_one()
            assert target == 1000
    cfg = alembic_config()
    with fresh_database.write_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert not is_current(fresh_database)
    with fresh_database.engine.connect() as conn:
        assert conn.execute(text(search_index)).scalar_one() == 0
    upgrade(fresh_database)
    assert is_current(fresh_database)
