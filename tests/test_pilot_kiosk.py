"""The pickup kiosk through Pilot at 80×24 (QUE-3, RUN-3): the board of ready orders, a QR
code scanned as a keyboard-wedge burst opens the order, hand-over, inactivity, lock-down."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FixedClock
from queue_helpers import (
    QueueOrders,
    make_queue_orders,
    scan_burst,
    settle,
    wait_for_thread,
    wait_until,
)
from textual.widgets import DataTable, Static

from tui_pos.core.pin import hash_pin
from tui_pos.kiosk_app import KioskApp
from tui_pos.screens import kiosk_order, till_link
from tui_pos.screens.kiosk_board import KioskBoardScreen
from tui_pos.screens.kiosk_order import KioskOrderScreen
from tui_pos.screens.pin_dialog import PinScreen
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store.db import open_database

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]

PIN = "4711"
PIN_HASH = hash_pin(PIN, iterations=1000)  # the real default is slow on purpose


@pytest.fixture
def orders(ctx: TillContext, clock: FixedClock) -> QueueOrders:
    return make_queue_orders(ctx, clock)


def kiosk(ctx: TillContext, **options: Any) -> KioskApp:
    return KioskApp(ctx, pin_hash=PIN_HASH, **options)


def board_of(app: KioskApp) -> KioskBoardScreen:
    board = next(s for s in app.screen_stack if isinstance(s, KioskBoardScreen))
    return board


def board_rows(app: KioskApp) -> list[list[str]]:
    table = board_of(app).query_one("#board-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def text(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def start(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    board = board_of(pilot.app)
    assert board.order_watch is not None
    await wait_for_thread(board.order_watch.listening.is_set)
    await settle(pilot)


async def test_board_shows_ready_orders_by_first_name_and_updates_live(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = kiosk(ctx)
    other_db = open_database(ctx.db.url)
    other = OrderService(TillContext(ctx.settings, other_db, ctx.clock))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await start(pilot)
            assert isinstance(app.screen, KioskBoardScreen)
            numbers = orders.numbers
            assert board_rows(app) == [  # ready yesterday: the date
                [numbers[orders.ready_paid], "Emma", "22-11-2026"],
                [numbers[orders.ready_due], "Fleur", "22-11-2026"],
            ]
            other.move_status(other.load(orders.confirmed), "ready_for_pickup")
            await wait_until(pilot, lambda: len(board_rows(app)) == 3, 1.0)
            # ready today (13:00 UTC): the time in the shop's zone
            assert board_rows(app)[2] == [numbers[orders.confirmed], "Daan", "14:00"]
    finally:
        other_db.dispose()


async def test_a_qr_code_scanned_as_a_wedge_burst_opens_the_order_for_hand_over(
    ctx: TillContext, orders: QueueOrders, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kiosk_order, "THANKS_SECONDS", 30)  # Enter closes the thank-you
    app = kiosk(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await scan_burst(pilot, orders.qr(orders.ready_paid))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KioskOrderScreen)
        assert screen.order.id == orders.ready_paid
        assert str(screen.query_one("#ko-name").render()) == "Emma"
        lines = screen.query_one("#ko-lines", DataTable)
        assert [str(c) for c in lines.get_row_at(0)] == ["2", "White loaf", "1,94"]
        assert str(screen.query_one("#ko-due").render()) == "€\xa00,00"
        assert "Press Enter to collect" in text(app, "#ko-message")
        await pilot.press("enter")
        await settle(pilot)
        assert OrderService(ctx).load(orders.ready_paid).status == "completed"
        assert "handed over" in text(app, "#ko-message")
        await pilot.press("enter")
        assert isinstance(app.screen, KioskBoardScreen)
        await wait_until(pilot, lambda: len(board_rows(app)) == 1, 1.0)  # it left the board


async def test_an_order_with_something_due_is_paid_at_the_counter_or_in_the_till(
    ctx: TillContext, orders: QueueOrders, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        till_link, "till_opener", lambda: lambda app, order_id: opened.append(order_id)
    )
    app = kiosk(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await scan_burst(pilot, orders.qr(orders.ready_due))
        await settle(pilot)
        assert isinstance(app.screen, KioskOrderScreen)
        assert "Please pay €\xa00,94 at the counter." in text(app, "#ko-message")
        await pilot.press("enter")  # not settled at this kiosk: it only says so again
        await settle(pilot)
        assert opened == []
        assert OrderService(ctx).load(orders.ready_due).status == "ready_for_pickup"
        ctx.settings.kiosk.settle_in_till = True
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, KioskBoardScreen), timeout=5)
        await scan_burst(pilot, orders.qr(orders.ready_due))
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, KioskOrderScreen), timeout=5)
        assert "press Enter to pay at the till" in text(app, "#ko-message")
        await pilot.press("enter")
        assert opened == [orders.ready_due]


async def test_scans_that_are_not_a_known_order_say_so(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = kiosk(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await scan_burst(pilot, "8710000000017")
        assert "not an order confirmation" in text(app, "#board-message")
        await scan_burst(pilot, f"order:SO-99:{orders.ready_paid}")  # number and id disagree
        await settle(pilot)
        assert isinstance(app.screen, KioskBoardScreen)
        assert "Order SO-99 is not known here" in text(app, "#board-message")
        await scan_burst(pilot, orders.qr(orders.preparing))
        await settle(pilot)
        assert "not ready yet (In progress)" in text(app, "#ko-message")


async def test_inactivity_returns_to_the_board(ctx: TillContext, orders: QueueOrders) -> None:
    """The idle timer runs in real time (0.3 s here); how long the kiosk was left alone is read
    from the app's clock, which the test moves by hand (so a busy test machine cannot matter)."""
    now = [0.0]
    app = kiosk(ctx, idle_seconds=0.3, clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await scan_burst(pilot, orders.qr(orders.ready_paid))
        await wait_until(pilot, lambda: isinstance(app.screen, KioskOrderScreen), 5.0)
        await pilot.pause(0.5)  # timers fired, but no time passed on the kiosk's clock
        assert isinstance(app.screen, KioskOrderScreen)
        now[0] = 0.2
        await pilot.press("x")  # any key counts as use: the idle time starts again
        now[0] = 0.4  # 0.4 s since the scan, 0.2 s since the key
        await pilot.pause(0.5)
        assert isinstance(app.screen, KioskOrderScreen)
        now[0] = 0.5  # 0.3 s since the key
        await wait_until(pilot, lambda: isinstance(app.screen, KioskBoardScreen), 5.0)
        await pilot.press("f12")  # the PIN dialog closes by inactivity too
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen), 5.0)
        now[0] = 1.0
        await wait_until(pilot, lambda: isinstance(app.screen, KioskBoardScreen), 5.0)


async def test_quit_keys_do_nothing_and_only_the_manager_pin_leaves(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = kiosk(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for key in ("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+p", "ctrl+backslash", "escape", "f11"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, KioskBoardScreen)
        assert not list(app._notifications)  # not even "press … to quit"
        await pilot.press("f12")
        assert isinstance(app.screen, PinScreen)
        for digit in "1234":
            await pilot.press(digit)
        await pilot.press("enter")
        await settle(pilot)
        assert "Wrong PIN" in text(app, "#pin-error")
        assert app.is_running
        for digit in PIN:
            await pilot.press(digit)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
    assert app.left_with_pin
    assert app.return_code == 0
