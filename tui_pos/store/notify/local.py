"""In-process change bus, for databases only one process can see (in-memory SQLite)."""

from __future__ import annotations

import queue
import threading
import weakref

from sqlalchemy import Engine

from tui_pos.store.notify.bus import ChangeBus
from tui_pos.store.notify.channels import check_notification

_buses: weakref.WeakKeyDictionary[Engine, weakref.WeakSet[LocalBus]] = weakref.WeakKeyDictionary()
_buses_lock = threading.Lock()


def publish_local(engine: Engine, channel: str, payload: str) -> None:
    """Hand a change to every LocalBus of `engine` in this process."""
    with _buses_lock:
        buses = list(_buses.get(engine, ()))
    for bus in buses:
        bus._queue.put((channel, payload))


class LocalBus(ChangeBus):
    """Changes published in this process to this engine, delivered on the bus's own thread."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()

    def publish(self, channel: str, payload: str = "") -> None:
        check_notification(channel, payload)
        publish_local(self._engine, channel, payload)

    def _before_first_listener(self) -> None:
        with _buses_lock:
            _buses.setdefault(self._engine, weakref.WeakSet()).add(self)
        self._hears_every_channel = True

    def _interrupt(self) -> None:
        if self.closing:
            self._queue.put(None)  # wakes the listener to stop

    def _listen(self) -> None:
        while not self.closing:
            batch = [self._queue.get()]  # blocks without waking up until something arrives
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            self._dispatch([change for change in batch if change is not None])

    def _release(self) -> None:
        with _buses_lock:
            buses = _buses.get(self._engine)
            if buses is not None:
                buses.discard(self)
