"""Processes selling on one database: no lock errors, no duplicate or missing receipt numbers."""

from __future__ import annotations

import multiprocessing
from decimal import Decimal as D

from sqlalchemy import text

from tui_pos.core.journal import verify_chain
from tui_pos.store.db import Database
from tui_pos.store.uow import SqlUnitOfWork

SALES_PER_WORKER = 15


def _worker(url: str, count: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from conftest import make_settings

    from tui_pos.services.checkout import CheckoutService
    from tui_pos.services.context import TillContext
    from tui_pos.store.db import open_database

    try:
        ctx = TillContext(settings=make_settings(), db=open_database(url))
        svc = CheckoutService(ctx)
        cash = next(m for m in ctx.till_methods() if m.kind == "cash")
        numbers = []
        for _ in range(count):
            svc.scan("1002")
            session = svc.start_payment()
            session.add(cash, session.cash_due() + D("5"))
            numbers.append(svc.complete(session).receipt_no)
        queue.put(("ok", numbers))
    except Exception as exc:  # reported to the test, which fails with it
        queue.put(("error", repr(exc)))


def test_parallel_processes_get_gapless_unique_receipt_numbers(database: Database) -> None:
    mp = multiprocessing.get_context("spawn")
    queue = mp.Queue()
    workers = [
        mp.Process(target=_worker, args=(database.url, SALES_PER_WORKER, queue)) for _ in range(3)
    ]
    for w in workers:
        w.start()
    results = [queue.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=30)
    errors = [r[1] for r in results if r[0] == "error"]
    assert not errors, errors
    numbers = sorted(n for _, ns in results for n in ns)
    assert numbers == list(range(1, 3 * SALES_PER_WORKER + 1))
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sale")).scalar_one() == len(numbers)
        seqs = [r[0] for r in conn.execute(text("SELECT seq FROM journal_entry ORDER BY seq"))]
    assert seqs == list(range(1, len(seqs) + 1))
    with SqlUnitOfWork(database) as uow:  # one unbroken hash chain: sale + drawer per sale
        entries = list(uow.journal.entries())
    assert len(entries) == 2 * len(numbers)
    assert verify_chain(entries) == []
