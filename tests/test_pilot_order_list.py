"""The order list driven through Pilot at 80×24 (ORD-10, ORD-11, CHK-10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from conftest import FixedClock
from test_pilot_checkout import type_text
from textual.widgets import Input, Static

from tui_pos.app import PosApp
from tui_pos.core.order_filter import OrderFilter
from tui_pos.screens import order_list
from tui_pos.screens.menu import MenuScreen
from tui_pos.screens.order_filter_dialog import OrderFilterScreen
from tui_pos.screens.order_list import OrderListScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.widgets.wedge import ScanReceived

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    # The screen only talks to OrderService; the SQL behind it is tested on every backend.
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]


@dataclass
class Orders:
    """Numbers of the orders made for the tests, by what they are."""

    overdue: str  # C100, open, follow-up date passed
    wedding: str  # C101, open, subject "Wedding cake", the biggest total
    draft_id: str  # C102, never confirmed (no number)
    done: str  # C100, completed
    in_progress: str  # C103, open
    cancelled: str  # C102, fully cancelled
    ids: dict[str, str]  # number (or "draft") -> id


@pytest.fixture
def orders(ctx: TillContext, clock: FixedClock) -> Orders:
    service = OrderService(ctx, autosave_drafts=False)
    ids: dict[str, str] = {}

    def make(customer: str, items: list[tuple[str, str]], *, confirm: bool = True, **hdr: str):  # type: ignore[no-untyped-def]
        clock.now += timedelta(hours=1)
        order = service.new_order(customer_code=customer, **hdr)
        service.add_articles(order, items)
        service.save(order)
        if confirm:
            service.confirm(order)
        ids[order.number or "draft"] = order.id
        return order

    overdue = make("C100", [("1001", "2")])
    service.set_reminder(overdue, service.today() + timedelta(days=1), "call")
    wedding = make("C101", [("1003", "20")], subject="Wedding cake")
    draft = make("C102", [("1004", "1")], confirm=False)
    done = make("C100", [("1001", "1")])
    service.move_status(done, "completed")
    in_progress = make("C103", [("1014", "3")])
    service.move_status(in_progress, "in_progress")
    cancelled = make("C102", [("1010", "1")])
    service.cancel(cancelled, confirmed=True)
    clock.now += timedelta(days=3)  # the overdue order's follow-up date is now past
    assert overdue.number and wedding.number and done.number
    assert in_progress.number and cancelled.number
    return Orders(
        overdue.number,
        wedding.number,
        draft.id,
        done.number,
        in_progress.number,
        cancelled.number,
        ids,
    )


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the page and count workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_of(app: PosApp) -> OrderListScreen:
    screen = app.screen
    assert isinstance(screen, OrderListScreen), type(screen)
    return screen


def shown(app: PosApp) -> list[str]:
    """The order numbers in the table, top to bottom ("draft" for one without a number)."""
    return [row.number or "draft" for row in screen_of(app).table.summaries]


def text_of(app: PosApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_list(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert isinstance(pilot.app.screen, MenuScreen)
    await pilot.press("o")
    await settle(pilot)


async def test_default_shows_open_orders_oldest_first_and_enter_opens_one(
    ctx: TillContext, orders: Orders, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        OrderListScreen, "open_order", lambda self, order_id: opened.append(order_id)
    )
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        assert shown(app) == [orders.overdue, orders.wedding, orders.in_progress]
        assert text_of(app, "#ol-count") == "1–3 of 3"
        assert text_of(app, "#ol-filters") == "Open"
        table = screen_of(app).table
        # at 80 columns: number, status, customer, date, total, due; the overdue one is marked
        assert table.shown_columns == ["number", "status", "customer", "date", "total", "due"]
        first_row = table.get_row_at(0)
        assert str(first_row[0]) == "!" + orders.overdue
        assert "red" in str(first_row[0].style)
        assert str(table.get_row_at(1)[0]) == orders.wedding
        assert table.size.width <= 80
        await pilot.press("down", "enter")
        await pilot.pause()
        assert opened == [orders.ids[orders.wedding]]


async def test_search_is_debounced_and_narrows(
    ctx: TillContext, orders: Orders, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(order_list, "SEARCH_DELAY", 0.2)
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        await type_text(pilot, "wedd")
        assert len(shown(app)) == 3  # not searched while typing
        await pilot.pause(0.3)
        await settle(pilot)
        assert shown(app) == [orders.wedding]
        await type_text(pilot, "x")
        await pilot.press("enter")  # Enter before the delay: searches now, opens nothing
        await settle(pilot)
        assert shown(app) == []
        assert "No orders match" in text_of(app, "#ol-message")


async def test_status_customer_and_overdue_filters(ctx: TillContext, orders: Orders) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        await pilot.press("f3")  # Open → Not finished (drafts too)
        await settle(pilot)
        assert set(shown(app)) == {orders.overdue, orders.wedding, "draft", orders.in_progress}
        await pilot.press("f3")  # → All statuses
        await settle(pilot)
        assert len(shown(app)) == 6
        await pilot.press("f6")  # customer: pick C100 from the search
        await pilot.pause()
        assert isinstance(app.screen, PickListScreen)
        await type_text(pilot, "C100")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app) == [orders.overdue, orders.done]
        assert "Customer Bakkerij de Vries (C100)" in text_of(app, "#ol-filters")
        await pilot.press("f8")  # overdue follow-ups only: the reminder column shows
        await settle(pilot)
        assert shown(app) == [orders.overdue]
        assert "reminder" in screen_of(app).table.shown_columns
        await pilot.press("f9")  # reset: the default filter again
        await settle(pilot)
        assert shown(app) == [orders.overdue, orders.wedding, orders.in_progress]


async def test_filter_dialog_by_keyboard_and_a_bad_date(ctx: TillContext, orders: Orders) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        await pilot.press("f2")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OrderFilterScreen)
        await pilot.press("enter", "down", "down", "enter")  # status list: → All statuses
        await pilot.press("tab", "tab")  # → customer code
        assert dialog.focused is dialog.query_one("#f-customer", Input)
        await type_text(pilot, "C102")
        dialog.query_one("#f-from", Input).value = "31-02-2026"
        await pilot.press("f10")
        await pilot.pause()
        assert app.screen is dialog  # a wrong date keeps the dialog open and says why
        assert "is not a date" in text_of(app, "#filter-error")
        dialog.query_one("#f-from", Input).value = ""
        await pilot.press("f10")
        await settle(pilot)
        assert sorted(shown(app)) == sorted([orders.cancelled, "draft"])
        assert "Emma Bakker" in text_of(app, "#ol-filters")


async def test_sort_by_total_and_reverse(ctx: TillContext, orders: Orders) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        for _ in range(5):  # Entered → Order date → Number → Customer → Status → Total
            await pilot.press("f4")
        await settle(pilot)
        assert text_of(app, "#ol-sort") == "Total ▲"
        totals = [row.total_incl_vat for row in screen_of(app).table.summaries]
        assert totals == sorted(totals)
        assert shown(app)[-1] == orders.wedding
        await pilot.press("f5")
        await settle(pilot)
        assert shown(app)[0] == orders.wedding
        assert text_of(app, "#ol-sort") == "Total ▼"


async def test_choose_mode_returns_the_order_id(ctx: TillContext, orders: Orders) -> None:
    chosen: list[str | None] = []
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(OrderListScreen(OrderService(ctx), choose=True), chosen.append)
        await settle(pilot)
        assert text_of(app, "#ol-title") == "Choose order"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert chosen == [orders.ids[orders.in_progress]]
        assert isinstance(app.screen, MenuScreen)
        # a scanned order number chooses that order at once
        app.push_screen(OrderListScreen(OrderService(ctx), choose=True), chosen.append)
        await settle(pilot)
        app.screen.post_message(ScanReceived(orders.wedding, "wedge"))
        await pilot.pause()
        assert chosen[-1] == orders.ids[orders.wedding]


async def test_paging_past_the_first_page(ctx: TillContext, orders: Orders) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        all_orders = OrderFilter()  # six orders, two per page
        app.push_screen(OrderListScreen(OrderService(ctx), all_orders, page_size=2))
        await settle(pilot)
        first_page = shown(app)
        assert len(first_page) == 2
        assert text_of(app, "#ol-count") == "1–2 of 6"
        await pilot.press("down", "down")  # past the last row: the next page
        await settle(pilot)
        assert text_of(app, "#ol-count") == "3–4 of 6"
        assert screen_of(app).table.cursor_row == 0
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert text_of(app, "#ol-count") == "5–6 of 6"
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert "last page" in text_of(app, "#ol-message")
        await pilot.press("up", "up")  # before the first row: the previous page, its last row
        await settle(pilot)
        assert text_of(app, "#ol-count") == "3–4 of 6"
        assert screen_of(app).table.cursor_row == 1
        seen = set(first_page) | set(shown(app))
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert seen | set(shown(app)) == set(orders.ids)  # every order once, none twice


async def test_orders_by_employee_from_the_menu(ctx: TillContext, orders: Orders) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PickListScreen)
        await pilot.press("enter")  # the only employee: the configured cashier
        await settle(pilot)
        assert text_of(app, "#ol-title") == "Orders of Sanne"
        assert len(shown(app)) == 6
