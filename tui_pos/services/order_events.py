"""Order changes between processes (QUE-1): every order write is announced on the change bus;
screens subscribe here to reload what they show (see docs/live-updates.md)."""

from __future__ import annotations

from collections.abc import Callable

from tui_pos.services.context import TillContext
from tui_pos.store.notify import ChangeBus, Subscription, open_bus
from tui_pos.store.order_repository import ORDERS_CHANNEL

__all__ = ["ORDERS_CHANNEL", "ChangeBus", "Subscription", "open_change_bus", "watch_orders"]


def open_change_bus(ctx: TillContext) -> ChangeBus:
    """The process's bus for this database (nothing connects until the first subscription);
    close it when the program ends."""
    return open_bus(ctx.db)


def watch_orders(
    bus: ChangeBus, on_change: Callable[[str | None], None], *, wait: float = 2.0
) -> Subscription:
    """Call `on_change(order_id)` on the bus's listener thread after each committed order
    write by any process; `None` means "changes may have been missed: reload everything".
    Returns once the bus listens (at most `wait` seconds); `.cancel()` to stop. Blocks: call
    it from a worker thread, and hand the change to the UI with `post_message`."""

    def heard(channel: str, payload: str) -> None:
        on_change(payload or None)

    return bus.subscribe([ORDERS_CHANNEL], heard, wait=wait)
