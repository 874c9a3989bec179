"""CHK-6 / HW-4 end to end: sales never wait for the printer; receipts print once, in order,
when it is back, also when the till restarts during the outage (SpoolWorker + SqlSpoolStore)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal as D

from conftest import DEMO_BARCODE, FixedClock

from tests.hardware.fake_printers import FlakyPrinter
from tui_pos.core.printdoc import PrintDocument
from tui_pos.core.sale import SaleRecord
from tui_pos.hardware.spool import SpoolWorker
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.services.printing import spool_store, spool_worker
from tui_pos.store.db import open_database

WAIT = 10.0  # only reached when something is broken
FAST = {"min_backoff": 0.005, "max_backoff": 0.02, "idle_poll": 0.02, "status_poll": None}


def wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def sell(svc: CheckoutService, code: str) -> SaleRecord:
    svc.scan(code)
    session = svc.start_payment()
    cash = next(m for m in svc.ctx.till_methods() if m.kind == "cash")
    session.add(cash, session.cash_due() + D("5"))
    return svc.complete(session)


def refs(printer: FlakyPrinter) -> list[str]:
    with printer.lock:
        return [doc.ref for doc in printer.printed]


class OfflinePrinter(FlakyPrinter):
    """Never prints: the printer is switched off for as long as this till runs."""

    def __init__(self) -> None:
        super().__init__(failures=10**9)


def test_outage_and_restart_lose_nothing_and_print_nothing_twice(
    ctx: TillContext, clock: FixedClock
) -> None:
    # First run: the printer is off. Sales complete; their receipts wait in print_job.
    offline = OfflinePrinter()
    first_worker = spool_worker(ctx, offline, **FAST)
    first_worker.start()
    try:
        svc = CheckoutService(ctx, printing=first_worker)
        sold = [sell(svc, DEMO_BARCODE).receipt_id, sell(svc, "1002").receipt_id]
        tried = offline.attempts
        assert wait_for(lambda: offline.attempts >= tried + 2), "it keeps retrying (backoff)"
        assert spool_store(ctx).count_pending() == 2
        assert wait_for(lambda: first_worker.state.queue_length == 2)
        assert first_worker.state.printer_status.state == "offline"
    finally:
        assert first_worker.stop()
    assert refs(offline) == []

    # The till restarts: a new database connection, store and worker on the same database.
    # The printer comes back after failing its first two attempts.
    db = open_database(ctx.db.url)
    try:
        restarted = TillContext(settings=ctx.settings, db=db, clock=clock)
        back = FlakyPrinter(failures=2)
        second_worker = spool_worker(restarted, back, **FAST)
        second_worker.start()
        try:
            svc = CheckoutService(restarted, printing=second_worker)
            sold.append(sell(svc, "1003").receipt_id)
            assert wait_for(lambda: len(refs(back)) == 3)
            assert wait_for(lambda: spool_store(restarted).count_pending() == 0)
        finally:
            assert second_worker.stop()
        assert refs(back) == sold == ["T1-000001", "T1-000002", "T1-000003"]
        assert back.attempts == 5  # two refusals, then each receipt exactly once
        first = spool_store(restarted).get(1)
        assert first is not None and first.state == "done" and first.attempts >= 4
    finally:
        db.dispose()


class HangingPrinter(FlakyPrinter):
    """Takes a job and hangs (a printer stuck mid-job) until released."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def print_document(self, doc: PrintDocument) -> None:
        self.entered.set()
        assert self.release.wait(WAIT)
        super().print_document(doc)


def test_a_stuck_printer_never_holds_up_the_next_sale(ctx: TillContext) -> None:
    printer = HangingPrinter()
    worker: SpoolWorker = spool_worker(ctx, printer, **FAST)
    worker.start()
    try:
        svc = CheckoutService(ctx, printing=worker)
        sell(svc, DEMO_BARCODE)
        assert printer.entered.wait(WAIT)  # the worker is stuck inside the printer now
        second = sell(svc, "1002")  # completes anyway: the sale only writes the spool row
        assert second.receipt_no == 2 and refs(printer) == []
        svc.reprint()  # Ctrl+R: a COPY job behind the others
        printer.release.set()
        assert wait_for(lambda: len(refs(printer)) == 3)
    finally:
        printer.release.set()
        assert worker.stop()
    with printer.lock:
        printed = [(doc.kind, doc.ref) for doc in printer.printed]
    assert printed == [("receipt", "T1-000001"), ("receipt", "T1-000002"), ("copy", "T1-000002")]
