"""Every order write is announced on the change bus ("orders", the order id) with its commit,
on every backend; nothing is announced for what rolls back or for drafts."""

from __future__ import annotations

import time

import pytest
from bus_helpers import Recorder

from tui_pos.core.errors import ConflictError
from tui_pos.services.context import TillContext
from tui_pos.services.order_events import ORDERS_CHANNEL, open_change_bus, watch_orders
from tui_pos.services.orders import OrderService


def settle(heard: Recorder, count: int) -> list[str]:
    """What was heard once `count` changes arrived (and a moment for any extra)."""
    heard.wait_until(lambda h: len(heard.heard) >= count, 2.0, f"{count} changes")
    time.sleep(0.1)
    return heard.payloads()


def test_saves_status_moves_and_payments_announce_the_order(ctx: TillContext) -> None:
    service = OrderService(ctx, autosave_drafts=False)
    heard = Recorder()
    with open_change_bus(ctx) as bus:
        bus.subscribe([ORDERS_CHANNEL], heard)
        order = service.new_order(customer_code="C101")
        service.add_article(order, "1001")
        service.save(order)
        assert settle(heard, 1) == [order.id]
        service.confirm(order)
        service.move_status(order, "ready_for_pickup")
        service.take_down_payment(order, method="cash", amount="0.50")
        assert settle(heard, 4) == [order.id] * 4


def test_nothing_is_announced_for_drafts_or_a_refused_save(ctx: TillContext) -> None:
    service = OrderService(ctx)
    order = service.new_order(customer_code="C101")
    service.add_article(order, "1001")  # keeps a draft: not an order change
    service.save(order)
    stale = service.load(order.id)
    service.add_comment(order, "first")
    heard = Recorder()
    with open_change_bus(ctx) as bus:
        bus.subscribe([ORDERS_CHANNEL], heard)
        service.add_article(order, "1002")  # draft only
        with pytest.raises(ConflictError):
            service.add_comment(stale, "second")  # someone saved it meanwhile
        service.save(order)  # the marker: the only change heard
        assert settle(heard, 1) == [order.id]


def test_watch_orders_reports_order_ids_and_resync_as_none(ctx: TillContext) -> None:
    seen: list[str | None] = []
    with open_change_bus(ctx) as bus:
        watch_orders(bus, seen.append)
        bus.publish(ORDERS_CHANNEL, "")
        bus.publish(ORDERS_CHANNEL, "abc")
        deadline = time.monotonic() + 2
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    assert seen == [None, "abc"]
