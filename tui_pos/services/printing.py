"""The till's printing: the configured printer and the spool worker that prints its jobs.

Jobs are rows in print_job (a sale's receipt is written in the sale's own transaction); one
`SpoolWorker` per till prints them in order on a background thread, so a printer that is off,
out of paper or unreachable never blocks or loses a sale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui_pos.config import Settings
from tui_pos.services.context import TillContext

if TYPE_CHECKING:
    from tui_pos.hardware.printer import ReceiptPrinter
    from tui_pos.hardware.printer_config import PrinterConfig
    from tui_pos.hardware.spool import SpoolState, SpoolWorker
    from tui_pos.store.spool_store import SqlSpoolStore


def printer_config(settings: Settings) -> PrinterConfig | None:
    """The `[printer]` settings as the hardware layer takes them; None when printing is off."""
    from tui_pos.hardware.printer_config import PrinterConfig

    cfg = settings.printer
    if cfg.kind == "none":
        return None
    path = str(settings.resolve_path(cfg.path)) if cfg.kind == "file" else cfg.path
    return PrinterConfig(
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


def printer_for(ctx: TillContext) -> ReceiptPrinter | None:
    """The configured ESC/POS printer (python-escpos), or None when printing is off."""
    from tui_pos.hardware.printer_config import printer_from_config

    cfg = printer_config(ctx.settings)
    return None if cfg is None else printer_from_config(cfg)


def spool_store(ctx: TillContext) -> SqlSpoolStore:
    """This till's print jobs in the database."""
    from tui_pos.store.spool_store import SqlSpoolStore

    return SqlSpoolStore(ctx.db, ctx.till_id, clock=ctx.clock)


def spool_worker(
    ctx: TillContext,
    printer: ReceiptPrinter,
    *,
    on_state: Callable[[SpoolState], None] | None = None,
    **options: Any,
) -> SpoolWorker:
    """The worker that prints this till's jobs on `printer` (not started: call `start()`).

    `options` go to `SpoolWorker` (backoff, polling). Run one per till: two would print twice.
    """
    from tui_pos.hardware.spool import SpoolWorker

    return SpoolWorker(spool_store(ctx), printer, on_state=on_state, **options)
