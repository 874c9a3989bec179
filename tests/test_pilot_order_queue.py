"""The order queue through Pilot at 80×24 (QUE-1, QUE-2): open orders oldest first, status moves
by key, opening in the till, and live reloads when another connection changes an order."""

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
from textual.widgets import DataTable

from tui_pos.app import PosApp
from tui_pos.screens import till_link
from tui_pos.screens.checkout import CheckoutScreen
from tui_pos.screens.order_queue import OrderQueueScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store.db import open_database

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    # Same-process tests on SQLite; other processes (SQLite, PostgreSQL): test_queue_processes.
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]


@pytest.fixture
def orders(ctx: TillContext, clock: FixedClock) -> QueueOrders:
    return make_queue_orders(ctx, clock)


def queue_of(app: PosApp) -> OrderQueueScreen:
    screen = app.screen
    assert isinstance(screen, OrderQueueScreen), type(screen)
    return screen


def cells(app: PosApp, row: int) -> list[str]:
    return [str(cell) for cell in queue_of(app).table.get_row_at(row)]


def status_in_db(ctx: TillContext, order_id: str) -> str:
    return OrderService(ctx).load(order_id).status


async def open_queue(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("q")
    await settle(pilot)
    screen = queue_of(pilot.app)
    assert screen.order_watch is not None
    await wait_for_thread(screen.order_watch.listening.is_set)
    await settle(pilot)


async def test_queue_lists_open_orders_oldest_first_with_its_columns(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        screen = queue_of(app)
        assert [row.id for row in screen.rows] == [
            orders.confirmed,
            orders.preparing,
            orders.ready_paid,
            orders.ready_due,
        ]
        labels = [str(c.label) for c in screen.table.columns.values()]
        assert labels == ["Status", "Age", "No.", "Customer", "Pick/Del", "Due", "Balance"]
        assert screen.table.size.width <= 80
        assert sum(c.get_render_width(screen.table) for c in screen.table.columns.values()) <= 78
        first = cells(app, 0)
        assert first[0] == "Confirmed" and first[1] == "26h" and first[3] == "Daan Jansen"
        assert first[4] == "Pickup" and first[6] == "1,94"
        late = cells(app, 1)  # delivery was due yesterday: marked and red
        assert late[0] == "!In progress" and late[4] == "Delivery" and late[5] == "22-11"
        assert "red" in str(screen.table.get_row_at(1)[0].style)
        assert cells(app, 2)[0] == "Ready for pickup" and cells(app, 2)[6] == "0,00"
        assert "4 open" in str(screen.query_one("#queue-count").render())
        assert "live" in str(screen.query_one("#queue-live").render())


async def test_keys_move_the_selected_order_along_its_flow(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await pilot.press("r")  # the first order (confirmed) → ready for pickup
        await settle(pilot)
        assert status_in_db(ctx, orders.confirmed) == "ready_for_pickup"
        assert cells(app, 0)[0] == "Ready for pickup"
        assert "is now “Ready for pickup”" in str(app.screen.query_one("#queue-message").render())
        await pilot.press("r")  # again: refused with a reason, nothing changes
        await settle(pilot)
        assert "already" in str(app.screen.query_one("#queue-message").render())
        await pilot.press("d")  # handed over: done, so it leaves the queue
        await settle(pilot)
        assert status_in_db(ctx, orders.confirmed) == "completed"
        assert orders.confirmed not in [row.id for row in queue_of(app).rows]
        assert queue_of(app).selected is not None  # the cursor stays on a row
        await pilot.press("m")  # "Move to…" lists what the flow allows from "In progress"
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickListScreen)
        table = picker.query_one("#pick-table", DataTable)
        options = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert options == ["Ready for pickup", "Ready for invoicing", "Completed", "Draft"]
        await pilot.press("down", "enter")  # Ready for invoicing
        await settle(pilot)
        assert status_in_db(ctx, orders.preparing) == "ready_for_invoicing"
        assert cells(app, 0)[0] == "!Ready for invoicing"


async def test_enter_opens_the_order_in_the_till_or_says_it_cannot(
    ctx: TillContext, orders: QueueOrders, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        monkeypatch.setattr(till_link, "till_opener", lambda: None)
        await pilot.press("enter")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "Opening an order in the till is not available."
        ]
        opened: list[tuple[Any, str]] = []
        monkeypatch.setattr(
            till_link, "till_opener", lambda: lambda app, order_id: opened.append((app, order_id))
        )
        await pilot.press("down", "enter", "t")
        await pilot.pause()
        assert opened == [(app, orders.preparing), (app, orders.preparing)]


async def test_a_scanned_confirmation_selects_its_order(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await scan_burst(pilot, orders.qr(orders.ready_due))
        assert queue_of(app).selected is not None
        assert queue_of(app).selected.id == orders.ready_due  # type: ignore[union-attr]


async def test_queue_reloads_when_another_connection_changes_an_order(
    ctx: TillContext, orders: QueueOrders
) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    other_db = open_database(ctx.db.url)  # another connection pool, as another till would have
    other = OrderService(TillContext(ctx.settings, other_db, ctx.clock), user="Ingrid")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_queue(pilot)
            loads = queue_of(app).loads
            other.move_status(other.load(orders.confirmed), "in_progress")
            took = await wait_until(pilot, lambda: cells(app, 0)[0] == "In progress", 1.0)
            assert took < 1.0
            new = other.new_order(customer_code="C106")
            other.add_article(new, "1001")
            other.save(new)
            other.confirm(new)  # two commits close together: coalesced into few reloads
            await wait_until(pilot, lambda: queue_of(app).rows[-1].id == new.id, 1.0)
            await settle(pilot)
            assert queue_of(app).loads - loads <= 3
    finally:
        other_db.dispose()


async def test_reachable_from_the_till(ctx: TillContext, orders: QueueOrders) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckoutScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert len(queue_of(app).rows) == 4
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckoutScreen)
