"""Keeps a screen told about order changes from any process while it is shown (QUE-1, QUE-3).

`OrderWatch(screen, bus).start()` on mount subscribes in a worker thread (connecting may take a
moment) and posts `OrdersChanged` to the screen for every change it hears, and once more when
it starts listening (anything committed before that is then picked up). `stop()` on unmount.
The bus's listener thread only posts messages, which never blocks (docs/live-updates.md).
`ReloadGate` turns a burst of changes into a few reloads.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from tui_pos.services.order_events import ChangeBus, Subscription, watch_orders


@dataclass
class OrdersChanged(Message):
    """An order was written by some process; `order_id` None: reload everything."""

    order_id: str | None


class OrderWatch:
    """One screen's subscription to order changes; see the module docstring."""

    def __init__(self, screen: Screen[Any], bus: ChangeBus) -> None:
        self.screen = screen
        self.bus = bus
        #: Set once the subscription listens: changes committed after this are heard.
        self.listening = threading.Event()
        self._lock = threading.Lock()
        self._subscription: Subscription | None = None
        self._stopped = False

    def start(self) -> None:
        self.screen.run_worker(
            self._subscribe, thread=True, group="order-watch", exit_on_error=False
        )

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            subscription, self._subscription = self._subscription, None
        if subscription is not None:
            subscription.cancel()

    def _subscribe(self) -> None:  # a worker thread
        try:
            subscription = watch_orders(self.bus, self._heard)
        except RuntimeError:  # the bus closed: the app is ending
            return
        with self._lock:
            if self._stopped:
                subscription.cancel()
                return
            self._subscription = subscription
        self.listening.set()
        self._heard(None)

    def _heard(self, order_id: str | None) -> None:  # the bus's listener thread
        with contextlib.suppress(RuntimeError):  # the app's loop closed meanwhile
            self.screen.post_message(OrdersChanged(order_id))


#: At most one reload per this many seconds for changes heard (a burst gives few reloads).
COALESCE_SECONDS = 0.1


class ReloadGate:
    """Coalesces reloads. `changed()` for each change heard: it loads at once if the last load
    began at least `delay` ago, else when that much time has passed (one load for all changes
    meanwhile). `now()` loads at once. While a load runs, further requests cause exactly one
    more when it `finished()`. `load` starts the (background) load and returns at once."""

    def __init__(
        self,
        screen: Screen[Any],
        load: Callable[[], None],
        *,
        delay: float = COALESCE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.screen = screen
        self.load = load
        self.delay = delay
        self.clock = clock
        self.loading = False
        self._stale = False
        self._timer: Timer | None = None
        self._last_start = float("-inf")

    def changed(self) -> None:
        if self._timer is not None:
            return  # a load is already due
        wait = self.delay - (self.clock() - self._last_start)
        if wait <= 0:
            self.now()
        else:
            self._timer = self.screen.set_timer(wait, self.now)

    def now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.loading:
            self._stale = True
            return
        self.loading, self._stale = True, False
        self._last_start = self.clock()
        self.load()

    def finished(self) -> None:
        self.loading = False
        if self._stale:
            self.changed()
