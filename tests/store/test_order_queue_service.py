"""OrderQueueService on every backend: the queue's and the board's lists, one-key moves, orders
found by their QR code, and the kiosk's hand-over (QUE-1…3)."""

from __future__ import annotations

import pytest
from conftest import FixedClock
from queue_helpers import QueueOrders, make_queue_orders

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.orders import OrderType
from tui_pos.services.context import TillContext
from tui_pos.services.order_queue import OrderQueueService, QueueMove
from tui_pos.services.orders import OrderService


@pytest.fixture
def orders(ctx: TillContext, clock: FixedClock) -> QueueOrders:
    made = make_queue_orders(ctx, clock)
    service = OrderService(ctx, autosave_drafts=False)
    quote = service.new_order(OrderType.QUOTE, customer_code="C106")
    service.add_article(quote, "1001")
    service.confirm(quote)  # an open quote is no work for the queue
    return made


def test_queue_and_board_lists(ctx: TillContext, orders: QueueOrders) -> None:
    queue = OrderQueueService(ctx)
    assert [row.id for row in queue.open_orders().rows] == [
        orders.confirmed,
        orders.preparing,
        orders.ready_paid,
        orders.ready_due,
    ]
    assert [row.id for row in queue.ready_orders()] == [orders.ready_paid, orders.ready_due]


def test_direct_moves_use_the_configured_statuses_and_explain_refusals(
    ctx: TillContext, orders: QueueOrders
) -> None:
    queue = OrderQueueService(ctx)
    assert queue.move(orders.confirmed, QueueMove.PREPARING).status == "in_progress"
    with pytest.raises(InvalidInput, match="already “In progress”"):
        queue.move(orders.confirmed, QueueMove.PREPARING)
    with pytest.raises(InvalidInput, match="cannot go from “Completed” to “Ready for pickup”"):
        queue.move(orders.done, QueueMove.READY)
    ctx.settings.queue.ready_status = "ready_for_invoicing"
    assert queue.move(orders.confirmed, QueueMove.READY).status == "ready_for_invoicing"
    assert [s.key for s in queue.targets(orders.ready_due)] == [
        "completed",
        "ready_for_invoicing",
        "in_progress",
    ]
    assert OrderService(ctx).load(orders.confirmed).status == "ready_for_invoicing"


def test_qr_codes_find_their_order_only(ctx: TillContext, orders: QueueOrders) -> None:
    queue = OrderQueueService(ctx)
    assert queue.order_for_qr(orders.qr(orders.ready_paid)).id == orders.ready_paid
    number = orders.numbers[orders.ready_paid]
    with pytest.raises(NotFound, match="not known here"):
        queue.order_for_qr(f"order:{number}:{orders.ready_due}")  # number of another order
    with pytest.raises(NotFound):
        queue.order_for_qr(f"order:{number}:{'0' * 32}")
    with pytest.raises(InvalidInput):
        queue.order_for_qr(number)


def test_hand_over_only_when_ready_and_paid(ctx: TillContext, orders: QueueOrders) -> None:
    kiosk = OrderQueueService(ctx, orders=OrderService(ctx, user="kiosk", autosave_drafts=False))
    with pytest.raises(PosError, match="still to be paid"):
        kiosk.hand_over(kiosk.orders.load(orders.ready_due))
    with pytest.raises(PosError, match="not ready for pickup"):
        kiosk.hand_over(kiosk.orders.load(orders.confirmed))  # nothing paid, but not ready
    order = kiosk.orders.load(orders.ready_paid)
    kiosk.hand_over(order)
    stored = OrderService(ctx).load(orders.ready_paid)
    assert stored.status == "completed"
    assert stored.log[-1].who == "kiosk"
