"""The durable print spool: jobs are stored before printing and marked done only once printed.

The store is the application's database (a job row is written in the same transaction as the
sale), behind the `SpoolStore` protocol; `InMemorySpoolStore` is the reference implementation
used in tests. `SpoolWorker` is a background thread that prints pending jobs oldest first,
one at a time, and retries with capped exponential backoff while the printer is away. A job
whose document can never be printed is set aside ("rejected") so it cannot block the queue.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal, Protocol

from tui_pos.core.checks import Check
from tui_pos.core.errors import NotFound
from tui_pos.core.printdoc import (
    PrintDocument,
    PrintPayloadError,
    deserialize,
    mark_copy,
    serialize,
)
from tui_pos.hardware.printer import (
    PrinterError,
    PrinterStatus,
    ReceiptPrinter,
    UnprintableDocument,
)
from tui_pos.i18n import _, ngettext

log = logging.getLogger(__name__)

JobState = Literal["pending", "done", "rejected"]


@dataclass(frozen=True)
class SpoolJob:
    """A stored print job; `payload` is the document as `printdoc.serialize` wrote it."""

    id: int
    kind: str
    ref: str
    payload: str
    created_at: datetime
    attempts: int = 0
    last_error: str | None = None
    state: JobState = "pending"


class SpoolStore(Protocol):
    """Where print jobs live (the lead's SQL table in production). Ids only ever increase."""

    def add(self, kind: str, ref: str, payload: str) -> SpoolJob:
        """Store a new pending job (the sale's own job is inserted with the sale instead)."""
        ...

    def get(self, job_id: int) -> SpoolJob | None: ...

    def latest_for_ref(self, ref: str) -> SpoolJob | None:
        """The most recent job (any state) for a receipt/order ref, for reprints."""
        ...

    def pending(self, limit: int) -> list[SpoolJob]:
        """Up to `limit` pending jobs, oldest (lowest id) first."""
        ...

    def count_pending(self) -> int: ...

    def rejected(self, limit: int) -> list[SpoolJob]:
        """Up to `limit` rejected jobs, newest first (for `tui-pos doctor`)."""
        ...

    def count_rejected(self) -> int: ...

    def mark_done(self, job_id: int) -> None: ...

    def mark_failed(self, job_id: int, error: str) -> None:
        """Count a failed attempt and keep its error; the job stays pending."""
        ...

    def mark_rejected(self, job_id: int, error: str) -> None:
        """Set a job aside for good: its document cannot be printed (kept for the record)."""
        ...


class InMemorySpoolStore:
    """A SpoolStore in memory (tests, demos); thread-safe."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._jobs: dict[int, SpoolJob] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._clock = clock

    def add(self, kind: str, ref: str, payload: str) -> SpoolJob:
        with self._lock:
            job = SpoolJob(next(self._ids), kind, ref, payload, created_at=self._clock())
            self._jobs[job.id] = job
            return job

    def get(self, job_id: int) -> SpoolJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def latest_for_ref(self, ref: str) -> SpoolJob | None:
        with self._lock:
            matching = [job for job in self._jobs.values() if job.ref == ref]
            return max(matching, key=lambda job: job.id, default=None)

    def pending(self, limit: int) -> list[SpoolJob]:
        with self._lock:
            return sorted(
                (job for job in self._jobs.values() if job.state == "pending"),
                key=lambda job: job.id,
            )[:limit]

    def count_pending(self) -> int:
        with self._lock:
            return sum(job.state == "pending" for job in self._jobs.values())

    def rejected(self, limit: int) -> list[SpoolJob]:
        with self._lock:
            return sorted(
                (job for job in self._jobs.values() if job.state == "rejected"),
                key=lambda job: -job.id,
            )[:limit]

    def count_rejected(self) -> int:
        with self._lock:
            return sum(job.state == "rejected" for job in self._jobs.values())

    def mark_done(self, job_id: int) -> None:
        self._update(job_id, state="done")

    def mark_failed(self, job_id: int, error: str) -> None:
        with self._lock:
            job = self._existing(job_id)
            self._jobs[job_id] = replace(job, attempts=job.attempts + 1, last_error=error)

    def mark_rejected(self, job_id: int, error: str) -> None:
        self._update(job_id, state="rejected", last_error=error)

    def _update(self, job_id: int, **changes: object) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._existing(job_id), **changes)  # type: ignore[arg-type]

    def _existing(self, job_id: int) -> SpoolJob:
        try:
            return self._jobs[job_id]
        except KeyError:
            raise NotFound(_("Print job {id} does not exist.").format(id=job_id)) from None


# --- Reprints ------------------------------------------------------------------------------

ReprintSource = SpoolJob | int | str | PrintDocument


def reprint(store: SpoolStore, source: ReprintSource) -> SpoolJob:
    """Queue a COPY of a job (by job, job id or receipt/order ref) or of a rebuilt document.

    The copy carries a "*** COPY ***" header and never opens the cash drawer.
    """
    if isinstance(source, PrintDocument):
        doc = source
    else:
        job = _find_job(store, source)
        try:
            doc = deserialize(job.payload)
        except PrintPayloadError as exc:
            raise NotFound(
                _("Print job {id} cannot be read, so it cannot be reprinted.").format(id=job.id)
            ) from exc
    copy = mark_copy(doc)
    return store.add(copy.kind, copy.ref, serialize(copy))


def _find_job(store: SpoolStore, source: SpoolJob | int | str) -> SpoolJob:
    if isinstance(source, SpoolJob):
        return source
    if isinstance(source, int):
        job = store.get(source)
        if job is None:
            raise NotFound(_("Print job {id} does not exist.").format(id=source))
        return job
    found = store.latest_for_ref(source)
    if found is None:
        raise NotFound(_("Nothing was printed for {ref}.").format(ref=source))
    return found


# --- The worker ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpoolState:
    """What the till's status bar shows about printing."""

    printer_status: PrinterStatus
    queue_length: int
    last_error: str | None = None


class SpoolWorker:
    """Prints pending jobs in order on a background thread; see the module docstring.

    `on_state` is called from the worker thread (a Textual app should hand it over with
    `app.call_from_thread`). Run one worker per printer and spool: two workers on the same
    jobs would print them twice.
    """

    def __init__(
        self,
        store: SpoolStore,
        printer: ReceiptPrinter,
        *,
        on_state: Callable[[SpoolState], None] | None = None,
        min_backoff: float = 0.5,
        max_backoff: float = 30.0,
        idle_poll: float = 5.0,
        status_poll: float | None = 60.0,
        batch_size: int = 20,
    ) -> None:
        self.store = store
        self.printer = printer
        self.on_state = on_state
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.idle_poll = idle_poll
        self.status_poll = status_poll
        self.batch_size = batch_size
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._sending = threading.Lock()  # one pass at a time, even if called from outside
        self._thread: threading.Thread | None = None
        # Jobs the printer took but the store could not mark done: never send them again.
        self._printed_unmarked: set[int] = set()
        self._last_error: str | None = None
        self._printer_status = PrinterStatus("unknown")
        self._state = SpoolState(self._printer_status, 0)

    @property
    def state(self) -> SpoolState:
        return self._state

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="print-spool", daemon=True)
        self._thread.start()

    def kick(self) -> None:
        """Try at once (a job was just added), also while waiting to retry."""
        self._wake.set()

    def submit(self, doc: PrintDocument) -> SpoolJob:
        """Store a job for `doc` and print it soon (for prints that are not part of a sale)."""
        job = self.store.add(doc.kind, doc.ref, serialize(doc))
        self.kick()
        return job

    def reprint(self, source: ReprintSource) -> SpoolJob:
        job = reprint(self.store, source)
        self.kick()
        return job

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop after the job being sent (if any); True if the thread has ended."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def run_pending(self) -> bool:
        """Send pending jobs in order until none are left (True) or one fails (False)."""
        with self._sending:
            while not self._stopping.is_set():
                jobs = self.store.pending(self.batch_size)
                if not jobs:
                    self._report(queue_length=0)
                    return True
                for job in jobs:
                    if self._stopping.is_set() or not self._send(job):
                        return False
            return False

    def _run(self) -> None:
        backoff = self.min_backoff
        next_status_check = time.monotonic()
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                drained = self.run_pending()
            except Exception as exc:  # e.g. the database is locked: keep the thread alive
                log.exception("print spool pass failed")
                self._last_error = str(exc) or type(exc).__name__
                self._report()
                drained = False
            if drained:
                backoff = self.min_backoff
                if self.status_poll is not None and time.monotonic() >= next_status_check:
                    self._printer_status = self.printer.status()
                    self._report()
                    next_status_check = time.monotonic() + self.status_poll
                self._wake.wait(self.idle_poll)
            else:
                self._wake.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)

    def _send(self, job: SpoolJob) -> bool:
        """Print one job; False when the queue must wait (printer trouble)."""
        if job.id in self._printed_unmarked:
            return self._mark_done(job)
        try:
            doc = deserialize(job.payload)
            self.printer.print_document(doc)
        except (PrintPayloadError, UnprintableDocument) as exc:
            error = str(exc)
            log.error("print job %s rejected: %s", job.id, error)
            self.store.mark_rejected(job.id, error)
            self._last_error = _("Job {id} cannot be printed: {error}").format(
                id=job.id, error=error
            )
            self._report()
            return True
        except PrinterError as exc:
            self._fail(job, exc.message, exc.status or PrinterStatus("offline", exc.message))
            return False
        except Exception as exc:  # a bug or an unexpected device error: keep the job, retry later
            log.exception("printing job %s failed", job.id)
            error = str(exc) or type(exc).__name__
            self._fail(job, error, PrinterStatus("unknown", error))
            return False
        return self._mark_done(job)

    def _fail(self, job: SpoolJob, error: str, status: PrinterStatus) -> None:
        self._last_error = error
        self._printer_status = status
        self.store.mark_failed(job.id, error)
        self._report()

    def _mark_done(self, job: SpoolJob) -> bool:
        try:
            self.store.mark_done(job.id)
        except Exception as exc:
            self._printed_unmarked.add(job.id)
            log.exception("print job %s printed but not marked done", job.id)
            self._last_error = str(exc) or type(exc).__name__
            self._report()
            return False
        self._printed_unmarked.discard(job.id)
        self._last_error = None
        self._printer_status = PrinterStatus("online")
        self._report()
        return True

    def _report(self, queue_length: int | None = None) -> None:
        if queue_length is None:
            try:
                queue_length = self.store.count_pending()
            except Exception:
                queue_length = self._state.queue_length
        self._state = SpoolState(self._printer_status, queue_length, self._last_error)
        if self.on_state is not None:
            try:
                self.on_state(self._state)
            except Exception:
                log.exception("print spool state callback failed")


# --- Doctor --------------------------------------------------------------------------------


def check_spool(store: SpoolStore, now: datetime | None = None) -> list[Check]:
    """The spool's state for `tui-pos doctor`: waiting jobs, their age and last error.

    `now` should come from the clock that stamped the jobs; naive times are taken as UTC.
    """
    now = now or datetime.now(UTC)
    checks: list[Check] = []
    count = store.count_pending()
    if count == 0:
        checks.append(Check(_("Print queue"), "ok", _("no jobs waiting")))
    else:
        oldest = store.pending(1)[0]
        age = _as_utc(now) - _as_utc(oldest.created_at)
        minutes = max(int(age.total_seconds() // 60), 0)
        detail = (
            ngettext("{count} job waiting", "{count} jobs waiting", count).format(count=count)
            + "; "
            + _("oldest {minutes} min ({kind} {ref})").format(
                minutes=minutes, kind=oldest.kind, ref=oldest.ref
            )
        )
        if oldest.last_error:
            detail += "; " + _("last error: {error}").format(error=oldest.last_error)
        checks.append(
            Check(
                _("Print queue"),
                "warn",
                detail,
                _("Jobs print by themselves once the printer works; see the printer check above."),
            )
        )
    rejected = store.rejected(5)
    if rejected:
        total = store.count_rejected()
        shown = "; ".join(f"{job.kind} {job.ref}: {job.last_error}" for job in rejected)
        if total > len(rejected):
            shown += "; " + _("and {count} more").format(count=total - len(rejected))
        checks.append(
            Check(
                _("Unprintable jobs"),
                "warn",
                ngettext("{count} set aside", "{count} set aside", total).format(count=total)
                + ": "
                + shown,
                _("These were set aside; reprint them from the receipt or order."),
            )
        )
    return checks


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
