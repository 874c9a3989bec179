"""The durable print spool: order, retries with backoff, restarts, exactly-once, reprints."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.hardware.escpos_decode import decode
from tests.hardware.fake_printers import FlakyPrinter
from tui_pos.core.errors import NotFound
from tui_pos.core.printdoc import (
    Cut,
    OpenDrawer,
    PrintDocument,
    Text,
    deserialize,
    serialize,
)
from tui_pos.hardware.escpos_printer import DummyPrinter
from tui_pos.hardware.printer import PrinterError, PrinterStatus
from tui_pos.hardware.spool import (
    InMemorySpoolStore,
    SpoolState,
    SpoolWorker,
    check_spool,
    reprint,
)

WAIT = 10.0  # generous: only ever reached when something is broken


def wait_for(condition: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def receipt(ref: str, *, drawer: bool = False) -> PrintDocument:
    doc = PrintDocument("receipt", ref).add(Text(f"Bon {ref}"), Text("Totaal € 12,50"))
    if drawer:
        doc.add(OpenDrawer())
    return doc.add(Cut())


def add_jobs(store: InMemorySpoolStore, *refs: str) -> None:
    for ref in refs:
        store.add("receipt", ref, serialize(receipt(ref)))


def fast_worker(store: InMemorySpoolStore, printer: object, **kwargs: object) -> SpoolWorker:
    options: dict[str, object] = {
        "min_backoff": 0.005,
        "max_backoff": 0.02,
        "idle_poll": 0.02,
        "status_poll": None,
    }
    options.update(kwargs)
    return SpoolWorker(store, printer, **options)  # type: ignore[arg-type]


def printed_refs(printer: FlakyPrinter) -> list[str]:
    with printer.lock:
        return [doc.ref for doc in printer.printed]


# --- the store ------------------------------------------------------------------------------


def test_in_memory_store_keeps_jobs_oldest_first_and_counts_attempts() -> None:
    store = InMemorySpoolStore()
    add_jobs(store, "R-1", "R-2", "R-3")
    first, second, third = store.pending(10)
    assert [first.ref, second.ref, third.ref] == ["R-1", "R-2", "R-3"]
    assert first.id < second.id < third.id
    store.mark_failed(first.id, "offline")
    store.mark_failed(first.id, "paper out")
    job = store.get(first.id)
    assert job is not None and job.attempts == 2 and job.last_error == "paper out"
    store.mark_done(first.id)
    store.mark_rejected(second.id, "bad payload")
    assert [job.ref for job in store.pending(10)] == ["R-3"]
    assert store.count_pending() == 1
    assert [job.ref for job in store.rejected(10)] == ["R-2"]
    assert store.count_rejected() == 1
    assert store.pending(0) == []
    with pytest.raises(NotFound):
        store.mark_done(999)


# --- order and retries (synchronous passes) -------------------------------------------------


def test_a_pass_prints_everything_in_order() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter()
    add_jobs(store, *(f"R-{n}" for n in range(1, 46)))  # more than one batch
    assert fast_worker(store, printer, batch_size=20).run_pending() is True
    assert printed_refs(printer) == [f"R-{n}" for n in range(1, 46)]
    assert store.count_pending() == 0


def test_a_failed_job_holds_back_the_later_ones() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter(failures=2)
    add_jobs(store, "R-1", "R-2")
    worker = fast_worker(store, printer)
    assert worker.run_pending() is False
    assert printer.attempts == 1  # R-2 was not tried before R-1
    assert worker.run_pending() is False
    assert worker.run_pending() is True
    assert printed_refs(printer) == ["R-1", "R-2"]
    job = store.get(1)
    assert job is not None and job.attempts == 2 and job.last_error == "connection refused"


def test_an_unexpected_error_keeps_the_job() -> None:
    class BrokenPrinter(FlakyPrinter):
        def print_document(self, doc: PrintDocument) -> None:
            raise RuntimeError("driver bug")

    store = InMemorySpoolStore()
    add_jobs(store, "R-1")
    worker = fast_worker(store, BrokenPrinter())
    assert worker.run_pending() is False
    assert store.count_pending() == 1
    assert worker.state.last_error == "driver bug"


def test_an_unreadable_job_is_set_aside_and_does_not_block_the_queue() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter()
    add_jobs(store, "R-1")
    bad = store.add("receipt", "R-2", '{"v": 1, "kind": "receipt"')
    add_jobs(store, "R-3")
    states: list[SpoolState] = []
    worker = fast_worker(store, printer, on_state=states.append)
    assert worker.run_pending() is True
    assert printed_refs(printer) == ["R-1", "R-3"]
    rejected = store.get(bad.id)
    assert rejected is not None and rejected.state == "rejected" and rejected.last_error
    assert any(state.last_error and f"Job {bad.id}" in state.last_error for state in states)


def test_a_job_printed_but_not_marked_done_is_not_printed_again() -> None:
    class ForgetfulStore(InMemorySpoolStore):
        fail_next_mark_done = True

        def mark_done(self, job_id: int) -> None:
            if self.fail_next_mark_done:
                self.fail_next_mark_done = False
                raise OSError("database is locked")
            super().mark_done(job_id)

    store, printer = ForgetfulStore(), FlakyPrinter()
    add_jobs(store, "R-1", "R-2")
    worker = fast_worker(store, printer)
    assert worker.run_pending() is False
    assert store.count_pending() == 2
    assert worker.run_pending() is True
    assert printed_refs(printer) == ["R-1", "R-2"]
    assert store.count_pending() == 0


def test_state_reports_printer_queue_and_error() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter(failures=1)
    add_jobs(store, "R-1", "R-2")
    states: list[SpoolState] = []
    worker = fast_worker(store, printer, on_state=states.append)
    worker.run_pending()
    assert states[-1] == SpoolState(
        PrinterStatus("offline", "connection refused"), 2, "connection refused"
    )
    worker.run_pending()
    assert states[-1] == SpoolState(PrinterStatus("online"), 0, None)


def test_state_uses_what_the_printer_said_about_itself() -> None:
    class PaperOut(FlakyPrinter):
        def print_document(self, doc: PrintDocument) -> None:
            raise PrinterError("not ready", status=PrinterStatus("paper_out", "load paper"))

    store = InMemorySpoolStore()
    add_jobs(store, "R-1")
    worker = fast_worker(store, PaperOut())
    worker.run_pending()
    assert worker.state.printer_status.state == "paper_out"


def test_a_failing_state_callback_does_not_stop_printing() -> None:
    def explode(state: SpoolState) -> None:
        raise ValueError("UI gone")

    store, printer = InMemorySpoolStore(), FlakyPrinter()
    add_jobs(store, "R-1", "R-2")
    assert fast_worker(store, printer, on_state=explode).run_pending() is True
    assert printed_refs(printer) == ["R-1", "R-2"]


# --- the thread -----------------------------------------------------------------------------


def test_offline_printer_jobs_print_once_in_order_when_it_comes_back() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter(failures=4)
    add_jobs(store, "R-1", "R-2", "R-3")
    worker = fast_worker(store, printer)
    worker.start()
    try:
        add_jobs(store, "R-4", "R-5")
        worker.kick()
        assert wait_for(lambda: len(printed_refs(printer)) == 5)
    finally:
        assert worker.stop()
    assert printed_refs(printer) == ["R-1", "R-2", "R-3", "R-4", "R-5"]
    assert store.count_pending() == 0
    first = store.get(1)
    assert first is not None and first.attempts == 4


def test_restart_between_outage_and_recovery_loses_nothing_and_prints_nothing_twice() -> None:
    store = InMemorySpoolStore()
    add_jobs(store, "R-1", "R-2")

    # First run: two jobs print, then the printer goes away with three jobs still waiting.
    class GoesOffline(FlakyPrinter):
        def print_document(self, doc: PrintDocument) -> None:
            with self.lock:
                if len(self.printed) >= 2:
                    self.attempts += 1
                    raise PrinterError("connection refused")
            super().print_document(doc)

    before = GoesOffline()
    first_run = fast_worker(store, before)
    first_run.start()
    add_jobs(store, "R-3", "R-4", "R-5")
    first_run.kick()
    assert wait_for(lambda: before.attempts >= 4)  # R-3 failed at least twice
    assert first_run.stop()

    # The till restarts; the printer is back.
    after = FlakyPrinter()
    second_run = fast_worker(store, after)
    second_run.start()
    try:
        assert wait_for(lambda: store.count_pending() == 0)
    finally:
        assert second_run.stop()
    assert printed_refs(before) == ["R-1", "R-2"]
    assert printed_refs(after) == ["R-3", "R-4", "R-5"]


def test_kick_prints_at_once_even_while_waiting_to_retry() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter(failures=1)
    add_jobs(store, "R-1")
    # Backoff and idle poll far longer than the wait below: only kick() can explain printing.
    worker = SpoolWorker(
        store, printer, min_backoff=600, max_backoff=600, idle_poll=600, status_poll=None
    )
    worker.start()
    try:
        assert wait_for(lambda: printer.attempts == 1)
        worker.kick()
        assert wait_for(lambda: printed_refs(printer) == ["R-1"])
        worker.submit(receipt("R-2"))
        assert wait_for(lambda: printed_refs(printer) == ["R-1", "R-2"])
    finally:
        assert worker.stop()


def test_stop_ends_the_thread_and_nothing_prints_afterwards() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter()
    worker = fast_worker(store, printer)
    worker.start()
    assert worker.stop()
    add_jobs(store, "R-1")
    worker.kick()
    time.sleep(0.05)
    assert printed_refs(printer) == []
    assert SpoolWorker(store, printer).stop()  # never started: nothing to wait for


def test_idle_worker_reports_printer_status() -> None:
    states: list[SpoolState] = []
    done = threading.Event()

    def record(state: SpoolState) -> None:
        states.append(state)
        if state.printer_status.state == "online":
            done.set()

    worker = fast_worker(InMemorySpoolStore(), FlakyPrinter(), status_poll=0.0, on_state=record)
    worker.start()
    try:
        assert done.wait(WAIT)
    finally:
        assert worker.stop()


# --- reprints -------------------------------------------------------------------------------


def test_reprint_marks_copy_and_never_opens_the_drawer() -> None:
    store = InMemorySpoolStore()
    original = store.add("receipt", "R-1", serialize(receipt("R-1", drawer=True)))
    by_ref = reprint(store, "R-1")
    by_id = reprint(store, original.id)
    by_job = reprint(store, original)
    by_doc = reprint(store, receipt("R-1", drawer=True))
    printer = DummyPrinter()
    for job in (by_ref, by_id, by_job, by_doc):
        assert job.kind == "copy" and job.ref == "R-1"
        printer.clear()
        printer.print_document(deserialize(job.payload))
        decoded = decode(printer.output)
        assert decoded.texts[0] == "*** COPY ***"
        assert decoded.texts[1:] == ["Bon R-1", "Totaal € 12,50"]
        assert decoded.drawer_pins == []


def test_a_copy_of_a_copy_has_one_header() -> None:
    store = InMemorySpoolStore()
    add_jobs(store, "R-1")
    reprint(store, "R-1")
    again = reprint(store, "R-1")  # the latest job for R-1 is now the copy
    texts = [b.text for b in deserialize(again.payload).blocks if isinstance(b, Text)]
    assert texts.count("*** COPY ***") == 1


def test_reprint_of_unknown_job_is_not_found() -> None:
    store = InMemorySpoolStore()
    with pytest.raises(NotFound):
        reprint(store, "R-404")
    with pytest.raises(NotFound):
        reprint(store, 404)


def test_worker_reprint_queues_and_prints_the_copy() -> None:
    store, printer = InMemorySpoolStore(), FlakyPrinter()
    add_jobs(store, "R-1")
    worker = fast_worker(store, printer)
    worker.run_pending()
    worker.reprint("R-1")
    worker.run_pending()
    assert [(doc.kind, doc.ref) for doc in printer.printed] == [("receipt", "R-1"), ("copy", "R-1")]


# --- doctor ---------------------------------------------------------------------------------


def test_check_spool_reports_waiting_and_rejected_jobs() -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    store = InMemorySpoolStore(clock=lambda: start)
    [ok] = check_spool(store, start)
    assert ok.status == "ok"
    add_jobs(store, "R-1", "R-2")
    store.mark_failed(1, "connection refused")
    bad = store.add("receipt", "R-3", "{}")
    store.mark_rejected(bad.id, "no block list")
    waiting, rejected = check_spool(store, start + timedelta(minutes=12))
    assert waiting.status == "warn"
    assert "2 jobs waiting" in waiting.detail
    assert "12 min" in waiting.detail and "connection refused" in waiting.detail
    assert rejected.status == "warn" and "R-3" in rejected.detail


def test_check_spool_accepts_naive_job_times() -> None:
    start = datetime(2026, 3, 1, 12, 0)
    store = InMemorySpoolStore(clock=lambda: start)
    add_jobs(store, "R-1")
    [waiting] = check_spool(store, datetime(2026, 3, 1, 12, 5, tzinfo=UTC))
    assert "5 min" in waiting.detail
