"""A change bus whose listener thread sleeps in select() and is woken through a socket pair."""

from __future__ import annotations

import contextlib
import socket

from tui_pos.store.notify.bus import ChangeBus


class SocketWokenBus(ChangeBus):
    """Gives the listener `_wake_r` to select() on; `_interrupt()` makes it readable."""

    def __init__(self) -> None:
        super().__init__()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)

    def _interrupt(self) -> None:
        with contextlib.suppress(OSError):  # already awake (buffer full), or closed
            self._wake_w.send(b"\0")

    def _drain_wake(self) -> None:
        while True:
            try:
                if not self._wake_r.recv(4096):
                    return
            except BlockingIOError:
                return

    def _release(self) -> None:
        self._wake_r.close()
        self._wake_w.close()
