"""Prints spooled jobs from the database in order, in a background thread; never blocks a sale."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from tui_pos.core.printdoc import PrintDocument, deserialize
from tui_pos.services.context import TillContext

log = logging.getLogger(__name__)


class Printer(Protocol):
    def print_document(self, doc: PrintDocument) -> None: ...


def printer_for(ctx: TillContext) -> Printer | None:
    """The configured ESC/POS printer (python-escpos), or None when printing is off."""
    from tui_pos.hardware.printer_config import PrinterConfig, printer_from_config

    cfg = ctx.settings.printer
    if cfg.kind == "none":
        return None
    path = str(ctx.settings.resolve_path(cfg.path)) if cfg.kind == "file" else cfg.path
    return printer_from_config(
        PrinterConfig(
            kind=cfg.kind,
            path=path,
            vendor_id=cfg.vendor_id or None,
            product_id=cfg.product_id or None,
            host=cfg.host,
            port=cfg.port,
            device=cfg.device,
            baudrate=cfg.baudrate,
            timeout_ms=cfg.timeout_ms,
            profile=cfg.profile,
            codepage=cfg.codepage,
            width=cfg.width,
            qr_native=cfg.qr_native,
        )
    )


@dataclass(frozen=True)
class SpoolState:
    pending: int
    last_error: str = ""


class PrintService:
    """Takes pending jobs from the spool table and prints them; retries with backoff."""

    def __init__(
        self,
        ctx: TillContext,
        printer: Printer,
        *,
        on_state: Callable[[SpoolState], None] | None = None,
        max_backoff: float = 30.0,
    ) -> None:
        self.ctx = ctx
        self.printer = printer
        self.on_state = on_state
        self.max_backoff = max_backoff
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="print-spool", daemon=True)
        self._thread.start()
        self.kick()

    def kick(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=5)

    def drain_once(self) -> SpoolState:
        """Print every pending job in order; stop at the first failure. Returns the state."""
        error = ""
        while True:
            with self.ctx.uow() as uow:
                jobs = list(uow.spool.pending(self.ctx.till_id, limit=1))
            if not jobs:
                break
            job = jobs[0]
            assert job.id is not None
            try:
                self.printer.print_document(deserialize(job.payload))
            except Exception as exc:  # any printer trouble: keep the job, report, retry later
                error = str(exc) or type(exc).__name__
                with self.ctx.uow(write=True) as uow:
                    uow.spool.mark_failed(job.id, error)
                    uow.commit()
                break
            with self.ctx.uow(write=True) as uow:
                uow.spool.mark_done(job.id, self.ctx.clock())
                uow.commit()
        with self.ctx.uow() as uow:
            state = SpoolState(uow.spool.count_pending(self.ctx.till_id), error)
        if self.on_state:
            self.on_state(state)
        return state

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            self._wake.wait(timeout=backoff if backoff < self.max_backoff else self.max_backoff)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                state = self.drain_once()
            except Exception:
                log.exception("print spool")
                state = SpoolState(pending=1, last_error="spool error")
            backoff = min(backoff * 2, self.max_backoff) if state.pending else 3600.0
