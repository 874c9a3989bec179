"""Another process changes an order: the order queue in this process shows it within a second
(SQLite file shared by processes; PostgreSQL through the service-level subscription)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import PG_URL, FixedClock
from queue_helpers import make_queue_orders, settle, wait_for_thread, wait_until

import tui_pos
from tui_pos.app import PosApp
from tui_pos.screens.order_queue import OrderQueueScreen
from tui_pos.services.context import TillContext
from tui_pos.services.order_events import open_change_bus, watch_orders
from tui_pos.services.order_queue import OrderQueueService

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

SOURCE_ROOT = Path(tui_pos.__file__).resolve().parent.parent
PG_ONLY = [
    pytest.param(
        "pg",
        marks=[pytest.mark.pg] if PG_URL else [pytest.mark.skip(reason="TUI_POS_PG_URL not set")],
    )
]

#: Moves an order (argv: database url, order id, status) or places a new one (order id "new");
#: prints time.monotonic() just before the change is made.
CHILD = """
import sys, time
from tui_pos.config import load_settings
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store.db import open_database

url, order_id, status = sys.argv[1:]
service = OrderService(TillContext(load_settings(), open_database(url)), user="Ingrid")
if order_id == "new":
    order = service.new_order(customer_code="C107")
    service.add_article(order, "1001")
    started = time.monotonic()
    service.confirm(order)
    print(started, order.id)
else:
    order = service.load(order_id)
    started = time.monotonic()
    service.move_status(order, status)
    print(started, order.id)
"""


def run_child(url: str, order_id: str, status: str = "") -> tuple[float, str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, order_id, status],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=SOURCE_ROOT,
        env={**os.environ, "PYTHONPATH": str(SOURCE_ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    started, changed_id = done.stdout.split()
    return float(started), changed_id


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_queue_screen_shows_a_change_made_by_another_process_within_a_second(
    ctx: TillContext, clock: FixedClock
) -> None:
    orders = make_queue_orders(ctx, clock)
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrderQueueScreen) and screen.order_watch is not None
        await wait_for_thread(screen.order_watch.listening.is_set)
        child = asyncio.create_task(
            asyncio.to_thread(run_child, ctx.db.url, orders.confirmed, "ready_for_pickup")
        )

        def shown() -> bool:
            return str(screen.table.get_row_at(0)[0]) == "Ready for pickup"

        await wait_until(pilot, lambda: shown() or child.done(), 30.0)
        if not shown():  # the child finished first: from now on it must show within a second
            await wait_until(pilot, shown, 1.0)
        seen = time.monotonic()
        started, _ = await child
        assert seen - started < 1.0


@pytest.mark.parametrize("database", PG_ONLY, indirect=True)
def test_order_placed_by_another_process_is_heard_on_postgresql(ctx: TillContext) -> None:
    heard: dict[str, float] = {}
    arrived = threading.Event()

    def on_change(order_id: str | None) -> None:
        if order_id:
            heard.setdefault(order_id, time.monotonic())
            arrived.set()

    with open_change_bus(ctx) as bus:
        watch_orders(bus, on_change)
        started, order_id = run_child(ctx.db.url, "new")
        assert arrived.wait(1.0)
        assert heard[order_id] - started < 1.0
    rows = OrderQueueService(ctx).open_orders().rows
    assert order_id in [row.id for row in rows]
