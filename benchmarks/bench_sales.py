"""Durable sales: committed sales per second through the checkout service (no UI); vs the floor.

Each writer is its own process running `CheckoutService`: scan three barcodes, pay cash,
`complete()` — one transaction with the sale, lines, payment, VAT, journal entries and print
job, on SQLite in WAL with synchronous=FULL (the shipped setting) or on PostgreSQL. Writers
start together and sell for a fixed time, all on till T1, so they share one receipt counter;
afterwards every receipt number must appear exactly once, without gaps, and no writer may have
seen an error (SQLITE_BUSY included).

The floor is the same number of processes committing one-row transactions with the same
durability (SQLite: WAL, synchronous=FULL, BEGIN IMMEDIATE; PostgreSQL: default commit): what
the disk and the database allow at all. Ratio = ours / floor (a fraction of it).
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from benchmarks.report import Figure

TARGET_SINGLE_SQLITE = 200.0


@dataclass
class Run:
    writers: int
    seconds: float
    sales: int = 0
    receipts: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # CPU the writers used while timed (the load on the box can't add)

    @property
    def rate(self) -> float:
        return self.sales / self.seconds

    @property
    def cpu_ms_per_sale(self) -> float | None:
        return self.cpu_seconds / self.sales * 1000 if self.sales else None

    def problems(self) -> list[str]:
        found = list(self.errors[:3])
        if len(self.receipts) != len(set(self.receipts)):
            found.append(f"{len(self.receipts) - len(set(self.receipts))} duplicate receipt no.")
        elif self.receipts and sorted(self.receipts) != list(range(1, len(self.receipts) + 1)):
            found.append("gaps in receipt numbers")
        return found


def _sell(url: str, start: Any, until: float, results: Any, barcodes: list[str]) -> None:
    """A writer process: warm up with one sale, wait for the start, sell until `until`."""
    receipts: list[int] = []
    timed = 0
    try:
        from tui_pos.config import load_settings
        from tui_pos.services.checkout import CheckoutService
        from tui_pos.services.context import TillContext
        from tui_pos.store.db import open_database

        settings = load_settings()
        settings.printer.kind = "none"
        ctx = TillContext(settings=settings, db=open_database(url))
        service = CheckoutService(ctx)
        cash = next(m for m in ctx.till_methods() if m.kind == "cash")

        def sell() -> int:
            for code in barcodes:
                service.scan(code)
            session = service.start_payment()
            session.add(cash, session.cash_due() + Decimal(5))
            return service.complete(session).receipt_no

        receipts.append(sell())
        start.wait()
        cpu = time.process_time()
        deadline = time.time() + until
        while time.time() < deadline:
            receipts.append(sell())
            timed += 1
        results.put(("ok", timed, receipts, "", time.process_time() - cpu))
    except Exception as exc:  # reported as a failed run
        results.put(("error", timed, receipts, repr(exc), 0.0))


def _commit_rows(url: str, start: Any, until: float, results: Any, _codes: list[str]) -> None:
    """A floor writer: one-row transactions on the same engine setup."""
    try:
        from tui_pos.store.db import open_database

        db = open_database(url)
        insert = text("INSERT INTO bench_floor (note) VALUES ('x')")
        with db.write_engine.begin() as conn:
            conn.execute(insert)
        start.wait()
        cpu = time.process_time()
        deadline = time.time() + until
        count = 0
        while time.time() < deadline:
            with db.write_engine.begin() as conn:
                conn.execute(insert)
            count += 1
        results.put(("ok", count, [], "", time.process_time() - cpu))
    except Exception as exc:
        results.put(("error", 0, [], repr(exc), 0.0))


def _run(target: Any, url: str, writers: int, seconds: float) -> Run:
    mp = multiprocessing.get_context("spawn")
    start = mp.Event()
    results = mp.Queue()
    barcodes = _barcodes(url)
    processes = [
        mp.Process(target=target, args=(url, start, seconds, results, barcodes))
        for _ in range(writers)
    ]
    for p in processes:
        p.start()
    time.sleep(0.5)
    run = Run(writers, seconds)
    # Wait until every writer has warmed up (imports, first sale) before the clock starts.
    _wait_for_warmup(url, writers, target is _sell)
    start.set()
    for _p in processes:
        status, count, receipts, error, cpu = results.get(timeout=seconds + 120)
        run.sales += count
        run.cpu_seconds += cpu
        run.receipts += receipts
        if status != "ok":
            run.errors.append(error)
    for p in processes:
        p.join(timeout=30)
    return run


def _barcodes(url: str) -> list[str]:
    """Three barcodes of articles sold by the piece (a scan adds a line at once)."""
    from benchmarks.fixtures import PIECE_BARCODES
    from tui_pos.store.db import open_database

    db = open_database(url)
    with db.engine.connect() as conn:
        codes = list(conn.execute(text(PIECE_BARCODES + " LIMIT 3")).scalars())
    db.dispose()
    return codes


def _wait_for_warmup(url: str, writers: int, sales: bool, timeout: float = 120.0) -> None:
    from tui_pos.store.db import open_database

    db = open_database(url)
    query = text("SELECT count(*) FROM sale" if sales else "SELECT count(*) FROM bench_floor")
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            with db.engine.connect() as conn:
                if conn.execute(query).scalar_one() >= writers:
                    return
            time.sleep(0.1)
    finally:
        db.dispose()


def prepare_floor_table(url: str) -> None:
    from tui_pos.store.db import open_database

    db = open_database(url)
    with db.write_engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_floor"))
        key = "INTEGER PRIMARY KEY" if db.is_sqlite else "SERIAL PRIMARY KEY"
        conn.execute(text(f"CREATE TABLE bench_floor (id {key}, note TEXT)"))
    db.dispose()


def measure(
    label: str, url: str, writers: int, seconds: float, *, target: float | None
) -> list[Figure]:
    """Ours then the floor, on `url` (a database with the demo catalog and no sales): the rate,
    and the CPU a sale costs its writer (what other load on the box cannot inflate much)."""
    ours = _run(_sell, url, writers, seconds)
    prepare_floor_table(url)
    floor = _run(_commit_rows, url, writers, seconds)
    problems = ours.problems() + [f"floor: {e}" for e in floor.errors[:1]]
    note = f"{ours.sales} sales by {writers} process(es) in {seconds:.0f} s"
    if writers > 1 or problems:
        note += "; " + ("; ".join(problems) if problems else "no errors, receipt numbers unique")
    passed: bool | None = None if target is None else ours.rate >= target
    if problems:
        passed = False
    rate = Figure(
        f"durable sales, {label}",
        ours.rate,
        "/s",
        target=f"≥ {target:.0f}/s"
        if target
        else ("no errors, no duplicates" if writers > 1 else ""),
        passed=passed if target else (not problems if writers > 1 else None),
        floor=floor.rate,
        note=note,
    )
    cpu_note = "floor: one one-row commit"
    if ours.cpu_ms_per_sale:
        cpu_note += (
            f"; one core would sell {1000 / ours.cpu_ms_per_sale:,.0f}/s before waiting on disk"
        )
    cpu = Figure(
        f"durable sales, {label}, CPU per sale (3 scans, pay, commit)",
        ours.cpu_ms_per_sale,
        "ms",
        floor=floor.cpu_ms_per_sale,
        note=cpu_note,
    )
    return [rate, cpu]


def sqlite_work_copy(template_url: str, work: Path, name: str) -> str:
    from benchmarks.fixtures import copy_database

    target = work / name
    for leftover in work.glob(name + "*"):
        leftover.unlink()
    return copy_database(template_url, target)
