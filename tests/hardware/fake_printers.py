"""Test doubles for printers: an ESC/POS connection that answers status queries, a loopback
network printer, and a ReceiptPrinter that fails on demand."""

from __future__ import annotations

import socket
import threading
from typing import Any

from tui_pos.core.printdoc import PrintDocument
from tui_pos.hardware.escpos_loader import load_escpos
from tui_pos.hardware.printer import PrinterError, PrinterStatus, ReceiptPrinter

ONLINE, OFFLINE = 0x12, 0x1A  # DLE EOT 1 replies
COVER_OPEN, PAPER_END_STOP = 0x16, 0x32  # DLE EOT 2 replies
PAPER_OK, PAPER_NEAR_END, PAPER_END = 0x12, 0x1E, 0x72  # DLE EOT 4 replies


def answering_connection(replies: dict[int, bytes] | None = None, *, timeout: bool = False) -> Any:
    """A python-escpos Dummy that also reads: `replies[n]` answers DLE EOT n (default: b"")."""
    dummy_class = load_escpos().Dummy

    class AnsweringDummy(dummy_class):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            self.queries: list[int] = []

        def _raw(self, msg: bytes) -> None:
            if msg[:2] == b"\x10\x04":
                self.queries.append(msg[2])
            super()._raw(msg)

        def _read(self) -> bytes:
            if timeout:
                raise TimeoutError("timed out")
            return (replies or {}).get(self.queries[-1], b"")

    return AnsweringDummy()


class LoopbackPrinter:
    """A network printer on 127.0.0.1: records what it receives, answers status queries."""

    def __init__(self, replies: dict[int, int] | None = None) -> None:
        self.replies = replies or {}
        self.received = bytearray()
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)  # accept() wakes up now and then to see close()
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(10)
                while True:
                    try:
                        chunk = conn.recv(4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    self.received.extend(chunk)
                    for i in range(len(chunk) - 2):
                        if chunk[i : i + 2] == b"\x10\x04" and chunk[i + 2] in self.replies:
                            conn.sendall(bytes([self.replies[chunk[i + 2]]]))

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(5)


def closed_loopback_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FlakyPrinter(ReceiptPrinter):
    """Fails the first `failures` print attempts (printer offline), then prints into `printed`."""

    description = "flaky"

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.attempts = 0
        self.printed: list[PrintDocument] = []
        self.lock = threading.Lock()
        self.online = threading.Event()

    def print_document(self, doc: PrintDocument) -> None:
        with self.lock:
            self.attempts += 1
            if self.failures > 0:
                self.failures -= 1
                raise PrinterError("connection refused")
            self.printed.append(doc)
            self.online.set()

    def status(self) -> PrinterStatus:
        return PrinterStatus("online" if self.failures == 0 else "offline")

    def open_drawer(self, pin: int = 2) -> None:
        pass
