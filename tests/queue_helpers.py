"""Shared by the order queue and kiosk tests: a few orders in queue states, and waiting helpers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from conftest import FixedClock
from textual import events
from textual.keys import _character_to_key

from tui_pos.core.order_qr import order_qr_text
from tui_pos.core.orders import DeliveryMethod
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService


@dataclass
class QueueOrders:
    """Ids of orders made for the tests, oldest first."""

    confirmed: str  # C101 Daan Jansen, confirmed, nothing paid, pickup
    preparing: str  # C103 Lars Visser, in progress, delivery was due yesterday (late)
    ready_paid: str  # C102 Emma Bakker, ready for pickup, paid in full
    ready_due: str  # C104 Fleur Smit, ready for pickup, something still due
    done: str  # C100, completed (not in the queue)
    draft: str  # C105, never confirmed (not in the queue)
    numbers: dict[str, str]  # id -> number

    def qr(self, order_id: str) -> str:
        return order_qr_text(self.numbers[order_id], order_id)


def make_queue_orders(ctx: TillContext, clock: FixedClock) -> QueueOrders:
    service = OrderService(ctx, autosave_drafts=False)
    numbers: dict[str, str] = {}

    def make(customer: str, confirm: bool = True, **header: object) -> str:
        clock.now += timedelta(minutes=20)
        order = service.new_order(customer_code=customer, **header)
        service.add_articles(order, [("1001", "2")])
        service.save(order)
        if confirm:
            numbers[order.id] = service.confirm(order)
        return order.id

    confirmed = make("C101")
    preparing = make(
        "C103",
        delivery_method=DeliveryMethod.DELIVERY,
        expected_delivery_date=service.today(),
    )
    service.move_status(service.load(preparing), "in_progress")
    ready_paid = make("C102")
    order = service.load(ready_paid)
    service.take_down_payment(order, method="cash")
    service.move_status(order, "ready_for_pickup")
    ready_due = make("C104")
    order = service.load(ready_due)
    service.take_down_payment(order, method="cash", amount="1")
    service.move_status(order, "ready_for_pickup")
    done = make("C100")
    service.move_status(service.load(done), "completed")
    draft = make("C105", confirm=False)
    clock.now += timedelta(days=1, minutes=30)  # the delivery is now a day late
    return QueueOrders(confirmed, preparing, ready_paid, ready_due, done, draft, numbers)


async def scan_burst(pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    """Type `code` and Enter as a keyboard-wedge scanner does: all keys at once, back to back
    (the wedge detector then sees a burst by the keys' own timestamps)."""
    app = pilot.app
    for char in code:
        key = char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
    enter = events.Key("enter", "\r")
    enter.set_sender(app)
    app._driver.send_message(enter)
    await pilot.pause()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and their messages reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(pilot, check: Callable[[], bool], timeout: float = 2.0) -> float:  # type: ignore[no-untyped-def]
    """Pause the pilot until `check()` holds; returns the seconds it took (fails on timeout)."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < timeout, "condition not met in time"
        await pilot.pause(0.02)
    return time.monotonic() - start


async def wait_for_thread(event_is_set: Callable[[], bool], timeout: float = 3.0) -> None:
    start = time.monotonic()
    while not event_is_set():
        assert time.monotonic() - start < timeout, "not listening in time"
        await asyncio.sleep(0.01)
