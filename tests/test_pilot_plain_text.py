"""Names, notes and labels from the data show as written on every table and label, not read as
markup: a customer "Bakkerij [Oost]" is not "Bakkerij ", ":pizza:" is not an emoji, "[b]x[/b]"
is not a bold "x". Checked on the screen as drawn (Pilot; the cart's own test is in
test_pilot_cart_table)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from conftest import FixedClock
from queue_helpers import make_queue_orders, scan_burst, settle, wait_for_thread
from screen_text import MARKUP, screen_lines, screen_text
from sqlalchemy import update
from sqlmodel import Session
from test_pilot_checkout import type_text

from tui_pos.app import PosApp
from tui_pos.core.discount_rules import Source
from tui_pos.core.pin import hash_pin
from tui_pos.kiosk_app import KioskApp
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.discount_registers import DiscountRegistersScreen
from tui_pos.screens.kiosk_board import KioskBoardScreen
from tui_pos.screens.kiosk_order import KioskOrderScreen
from tui_pos.screens.order_form import OrderFormScreen
from tui_pos.screens.order_list import OrderListScreen
from tui_pos.screens.order_queue import OrderQueueScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services.context import TillContext
from tui_pos.services.discount_registers import DiscountRegisterService
from tui_pos.services.orders import OrderService
from tui_pos.store.models.catalog import Article, Customer

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    # what the screens draw; the store is the same on both backends
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]

#: Wide enough that no column cuts the names short.
SIZE = (160, 30)


def rename_customer(ctx: TillContext, code: str, name: str, **values: Any) -> None:
    with Session(ctx.db.write_engine) as session:
        session.execute(
            update(Customer)
            .where(Customer.code == code)  # type: ignore[arg-type]
            .values(name=name, name_lower=name.lower(), **values)
        )
        session.commit()


def rename_article(ctx: TillContext, code: str, name: str) -> None:
    with Session(ctx.db.write_engine) as session:
        session.execute(
            update(Article)
            .where(Article.code == code)  # type: ignore[arg-type]
            .values(name=name, name_lower=name.lower())
        )
        session.commit()


def order_for(ctx: TillContext, customer: str, **header: Any) -> str:
    """A confirmed order of `customer` with article 1001; its id."""
    service = OrderService(ctx, autosave_drafts=False)
    order = service.new_order(customer_code=customer, **header)
    service.add_articles(order, [("1001", "2")])
    service.save(order)
    service.confirm(order)
    return order.id


def table_lines(app: PosApp) -> list[str]:
    """The screen's lines that show a table row (the ones with a customer or article)."""
    return [line for line in screen_lines(app) if "Oost" in line]


async def test_order_list_shows_customer_and_subject_as_written(ctx: TillContext) -> None:
    rename_customer(ctx, "C101", MARKUP)
    order_for(ctx, "C101", subject=MARKUP)
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OrderListScreen)
        assert "customer" in app.screen.table.shown_columns
        assert any(MARKUP in line for line in table_lines(app)), screen_text(app)


async def test_order_form_shows_lines_group_note_and_customer_as_written(
    ctx: TillContext,
) -> None:
    rename_customer(ctx, "C101", MARKUP)
    rename_article(ctx, "1001", MARKUP)
    service = OrderService(ctx, autosave_drafts=False)
    order = service.new_order(customer_code="C101")
    group = service.add_group(order, "Heading " + MARKUP)
    (line,) = service.add_articles(order, [("1001", "2")], group_id=group.id)
    service.update_line(order, replace(line, note="note " + MARKUP))
    service.save(order)
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(OrderFormScreen(service, service.load(order.id)))
        await settle(pilot)
        assert isinstance(app.screen, OrderFormScreen)
        shown = screen_text(app)
        assert f"▸ Heading {MARKUP}" in shown, shown  # the group heading
        assert f"{MARKUP} (note {MARKUP})" in shown, shown  # the line: article and note
        assert f"Subtotal Heading {MARKUP}" in shown, shown
        assert f"{MARKUP} · prices" in shown, shown  # the customer, under the title


async def test_order_queue_shows_the_customer_as_written(
    ctx: TillContext, clock: FixedClock
) -> None:
    rename_customer(ctx, "C101", MARKUP)
    make_queue_orders(ctx, clock)  # C101 has a confirmed order, the first in the queue
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrderQueueScreen)
        assert screen.order_watch is not None
        await wait_for_thread(screen.order_watch.listening.is_set)
        await settle(pilot)
        assert len(screen.rows) == 4
        assert any(MARKUP in line for line in table_lines(app)), screen_text(app)


async def test_kiosk_board_and_order_show_names_and_articles_as_written(
    ctx: TillContext, clock: FixedClock
) -> None:
    # the board shows first names only: this one is all of the markup in one word
    first = MARKUP.replace(" ", "")
    rename_customer(ctx, "C102", f"{first} Bakker")  # C102 is ready for pickup, paid
    rename_article(ctx, "1001", MARKUP)
    orders = make_queue_orders(ctx, clock)
    app = KioskApp(ctx, pin_hash=hash_pin("4711", iterations=1000))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, KioskBoardScreen)
        assert board.order_watch is not None
        await wait_for_thread(board.order_watch.listening.is_set)
        await settle(pilot)
        assert len(board.rows) == 2
        assert any(first in line for line in table_lines(app)), screen_text(app)

        await scan_burst(pilot, orders.qr(orders.ready_paid))
        await settle(pilot)
        assert isinstance(app.screen, KioskOrderScreen)
        shown = screen_text(app)
        assert first in shown, shown  # the name in the header
        assert MARKUP in shown, shown  # the line's article


async def test_pick_list_search_shows_article_names_as_written(ctx: TillContext) -> None:
    rename_article(ctx, "1001", MARKUP)
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, PickListScreen)
        await type_text(pilot, "1001")
        await settle(pilot)
        assert app.screen.query_one("#pick-table").row_count == 1  # type: ignore[attr-defined]
        assert any(MARKUP in line for line in table_lines(app)), screen_text(app)


async def test_discount_registers_show_codes_as_written_also_when_deleting(
    ctx: TillContext,
) -> None:
    rename_customer(ctx, "C101", "Daan Jansen", category=MARKUP)  # the category now exists
    DiscountRegisterService(ctx).save(
        Source.CATEGORY_GROUP, {"category": MARKUP, "group": "BREAD", "pct": "5"}
    )
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, DiscountRegistersScreen)
        await pilot.press("3")  # category + group
        await pilot.pause()
        lines = table_lines(app)
        assert any(MARKUP in line and "BREAD" in line for line in lines), screen_text(app)
        table = app.screen.table
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == MARKUP)
        table.move_cursor(row=row)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app)
        assert f"Delete the rule {MARKUP} ·" in shown, shown  # (the dialog wraps the rest)
        await pilot.press("n")
