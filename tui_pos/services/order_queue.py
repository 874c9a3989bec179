"""The order queue and the pickup kiosk (QUE-1…3): open orders, moves along the status flow by
one key, orders found by their confirmation's QR code, and the hand-over at the counter."""

from __future__ import annotations

from enum import StrEnum

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.order_list import OrderPage, OrderSummary
from tui_pos.core.order_qr import parse_order_qr
from tui_pos.core.order_queue import pickup_filter, queue_filter
from tui_pos.core.order_status import OrderStatus
from tui_pos.core.orders import Order
from tui_pos.i18n import _
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService


class QueueMove(StrEnum):
    """The queue's direct keys; the statuses they mean come from `[queue]`."""

    PREPARING = "preparing"
    READY = "ready"
    DONE = "done"


class OrderQueueService:
    """What the queue screen and the kiosk ask for. Every method reads or writes the database:
    call them from worker threads. Errors are PosError with a message for the screen."""

    def __init__(self, ctx: TillContext, *, orders: OrderService | None = None) -> None:
        self.ctx = ctx
        self.settings = ctx.settings.queue
        self.orders = orders or OrderService(ctx, autosave_drafts=False)

    # -- lists ---------------------------------------------------------------------------
    def open_orders(self) -> OrderPage:
        """Open and ready sales and service orders, oldest first (QUE-1)."""
        return self.orders.page(queue_filter(), limit=self.settings.limit)

    def ready_orders(self) -> tuple[OrderSummary, ...]:
        """Orders waiting for pickup, longest waiting first (the kiosk's board)."""
        return self.orders.page(pickup_filter(self.settings.ready_status), limit=200).rows

    # -- moving along the flow (QUE-2) ---------------------------------------------------
    def status_for(self, move: QueueMove) -> str:
        return {
            QueueMove.PREPARING: self.settings.preparing_status,
            QueueMove.READY: self.settings.ready_status,
            QueueMove.DONE: self.settings.done_status,
        }[move]

    def targets(self, order_id: str) -> tuple[OrderStatus, ...]:
        """Where the order may move now (the "Move to…" list)."""
        order = self.orders.load(order_id)
        return self.orders.targets(order)

    def move(self, order_id: str, target: str | QueueMove) -> Order:
        """Load the order and move it to `target` (a status key, or a direct key's status);
        the change is announced to every queue and kiosk. Returns the saved order."""
        status = self.status_for(target) if isinstance(target, QueueMove) else target
        order = self.orders.load(order_id)
        if order.status == status:
            raise InvalidInput(
                _("{number} is already “{status}”.").format(
                    number=order.number or "—", status=self.orders.status_label(status)
                )
            )
        if status not in {s.key for s in self.orders.targets(order)}:
            raise InvalidInput(
                _("{number} cannot go from “{old}” to “{new}”.").format(
                    number=order.number or "—",
                    old=self.orders.status_label(order.status),
                    new=self.orders.status_label(status),
                )
            )
        self.orders.move_status(order, status)
        return order

    # -- the kiosk (QUE-3) ---------------------------------------------------------------
    def order_for_qr(self, text: str) -> Order:
        """The order a scanned confirmation QR code names; the number must match the id, so a
        code from another shop or a made-up one finds nothing."""
        code = parse_order_qr(text)
        try:
            order = self.orders.load(code.order_id)
        except NotFound:
            order = None
        if order is None or order.number != code.number:
            raise NotFound(
                _("Order {number} is not known here; please ask at the counter.").format(
                    number=code.number
                )
            )
        return order

    def is_ready(self, order: Order) -> bool:
        return order.status == self.settings.ready_status

    def hand_over(self, order: Order) -> None:
        """The customer collects a paid, ready order: it moves to the done status (logged as the
        service's user). Refused when the order is not ready or while anything is due."""
        if not self.is_ready(order):
            raise PosError(
                _("Order {number} is not ready for pickup (it is “{status}”).").format(
                    number=order.number or "—", status=self.orders.status_label(order.status)
                )
            )
        if order.balance_due > 0:
            raise PosError(
                _("{amount} is still to be paid; please pay at the counter.").format(
                    amount=self.ctx.money(order.balance_due)
                )
            )
        self.orders.move_status(order, self.settings.done_status)

    def status_label(self, key: str) -> str:
        return self.orders.status_label(key)
