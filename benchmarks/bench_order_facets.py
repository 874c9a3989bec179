"""Benchmark: what the order list screen asks besides the page — the employee and branch choices
(a loose index scan) and the total count shown beside the page (counted in a worker).

Reuses the filled database of bench_order_list.py (fills it when needed).
Run: python benchmarks/bench_order_facets.py [--orders 1000000] [--db sqlite:///var/bench-orders.db]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_order_list import TODAY, fill
from sqlmodel import Session

from tui_pos.core.order_filter import OrderFilter
from tui_pos.store import order_queries
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import upgrade
from tui_pos.store.order_facets import distinct_values

FACET_TARGET_MS = 20.0


def timed(db: Database, work: Callable[[Session], Any], runs: int) -> tuple[float, Any]:
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        with Session(db.engine) as session:
            start = time.perf_counter()
            result = work(session)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite:///var/bench-orders.db")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    db = open_database(args.db)
    upgrade(db)
    fill(db, args.orders, args.seed)
    worst = 0.0
    for column in ("employee", "branch"):
        ms, values = timed(db, partial(distinct_values, column=column), args.runs)
        worst = max(worst, ms)
        print(f"distinct {column:8s} ({len(values):3d} values)   median {ms:8.2f} ms")
    for name, spec in (
        ("count: open orders (default list)", OrderFilter.open_orders()),
        ("count: all orders", OrderFilter()),
        ("count: one customer", OrderFilter(customer_code="C4242")),
        ("count: overdue follow-ups", OrderFilter(overdue_on=TODAY)),
        ("count: search 'wedding'", OrderFilter(text="wedding")),
    ):
        ms, total = timed(db, partial(order_queries.count, spec=spec), args.runs)
        print(f"{name:36s} {total:>9,}  median {ms:8.2f} ms")
    print(f"slowest facet: {worst:.2f} ms (target {FACET_TARGET_MS:.0f} ms)")
    db.dispose()
    return 0 if worst <= FACET_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
