"""Benchmark: first pages of order lists over many orders (target: first page ≤ 20 ms at 1,000,000).

Fills the `orders` table directly (header rows only: list pages never read lines; five years of
history, finished but for the last two months and a few forgotten orders), then times
`order_queries.page` for the list screens' usual filters and sorts.
Run: python benchmarks/bench_order_list.py [--orders 1000000] [--db sqlite:///var/bench-orders.db]
     [--runs 15] [--explain]   (an existing filled database is reused: delete it to refill)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from tui_pos.core.order_filter import DateField, OrderFilter, SortField, SortKey, search_text_of
from tui_pos.core.order_status import ACTIVE_KINDS, StatusKind
from tui_pos.core.orders import DeliveryMethod, OrderType
from tui_pos.store import order_queries
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import upgrade
from tui_pos.store.order_rows import ORDERS, number_sort_key

TARGET_MS = 20.0
TODAY = date(2026, 11, 22)
STATUSES = [  # (status, kind, share of orders)
    ("completed", StatusKind.DONE, 0.55),
    ("paid", StatusKind.DONE, 0.15),
    ("cancelled", StatusKind.CANCELLED, 0.08),
    ("converted", StatusKind.DONE, 0.05),
    ("draft", StatusKind.DRAFT, 0.05),
    ("confirmed", StatusKind.OPEN, 0.05),
    ("in_progress", StatusKind.OPEN, 0.03),
    ("ready_for_pickup", StatusKind.READY, 0.02),
    ("ready_for_invoicing", StatusKind.READY, 0.02),
]
FINISHED = (StatusKind.DONE, StatusKind.CANCELLED)
SURNAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer"]
WORDS = ["wedding", "cake", "repair", "catering", "party", "coffee", "bread", "gift", "box"]


def _rows(n: int, start: int, rng: random.Random) -> list[dict[str, object]]:
    statuses = [s for s, _k, _w in STATUSES]
    weights = [w for _s, _k, w in STATUSES]
    kinds = {s: k for s, k, _w in STATUSES}
    rows: list[dict[str, object]] = []
    for i in range(start, start + n):
        age = timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        created = datetime(2026, 11, 22, 12, tzinfo=UTC) - age
        status = rng.choices(statuses, weights)[0]
        if age > timedelta(days=60) and kinds[status] not in FINISHED and rng.random() > 0.01:
            status = "completed"  # history is finished, but for a few forgotten orders
        order_type = rng.choices(list(OrderType), [0.8, 0.1, 0.1])[0]
        customer = rng.randrange(20_000)
        name = f"{rng.choice(SURNAMES)} {customer}"
        day = created.date()
        pickup = day + timedelta(days=rng.randrange(30)) if rng.random() < 0.4 else None
        reminder = day + timedelta(days=rng.randrange(60)) if rng.random() < 0.05 else None
        number = None if status == "draft" else f"{order_type.name[:2]}-{i}"
        subject = " ".join(rng.sample(WORDS, 2))
        total = Decimal(rng.randrange(100, 500_000)) / 100
        rows.append(
            {
                "id": f"{i:032x}",
                "type": order_type.value,
                "number": number,
                "number_sort": number_sort_key(number),
                "status": status,
                "status_kind": kinds[status].value,
                "version": 3,
                "created_at": created,
                "created_by": "bench",
                "updated_at": created,
                "updated_by": "bench",
                "employee": f"emp{rng.randrange(25)}",
                "branch": f"B{rng.randrange(5)}",
                "order_date": created.date(),
                "customer_code": f"C{customer}",
                "customer_name": name,
                "customer_sort": name.casefold(),
                "subject": subject,
                "our_reference": "",
                "customer_reference": "",
                "note": "",
                "delivery_method": rng.choice(list(DeliveryMethod)).value,
                "pickup_date": pickup,
                "expected_delivery_date": None,
                "payment_terms": "",
                "fixed_text": "",
                "prices_include_vat": True,
                "custom_fields": "{}",
                "reminder_date": reminder,
                "reminder_note": "",
                "source_quote_id": None,
                "converted_to_id": None,
                "refund_owed": "[]",
                "total_incl_vat": total,
                "balance_due": total if kinds[status] in ACTIVE_KINDS else Decimal(0),
                "paid_total": Decimal(0),
                "line_count": 1,
                "search_text": search_text_of((number or "", f"c{customer}", name, subject)),
                "search_key": i + 1,  # SQLite's word index key (the repository assigns it)
                "contact_text": "\n",
            }
        )
    return rows


def fill(db: Database, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with Session(db.write_engine) as session:
        have = session.execute(select(func.count()).select_from(ORDERS)).scalar_one()
        if have >= count:
            return
        print(f"filling {count - have:,} orders …", flush=True)
        batch = 20_000
        for start in range(have, count, batch):
            session.execute(insert(ORDERS), _rows(min(batch, count - start), start, rng))
            session.commit()
        if db.is_sqlite:
            session.execute(text("ANALYZE"))
        else:
            session.execute(text("ANALYZE orders"))
        session.commit()


CASES: list[tuple[str, OrderFilter]] = [
    ("order queue: open, oldest first", OrderFilter.open_orders()),
    ("all, default sort", OrderFilter()),
    ("all, newest first", OrderFilter(sort=(SortKey(SortField.ORDER_DATE, descending=True),))),
    (
        "one customer, newest first",
        OrderFilter(customer_code="C4242", sort=(SortKey(SortField.ORDER_DATE, True),)),
    ),
    ("employee + open", OrderFilter(employee="emp7", kinds=ACTIVE_KINDS)),
    ("branch, by number desc", OrderFilter(branch="B2", sort=(SortKey(SortField.NUMBER, True),))),
    ("ready for pickup", OrderFilter(statuses=frozenset({"ready_for_pickup"}))),
    ("overdue reminders", OrderFilter(overdue_on=TODAY)),
    ("search: common word", OrderFilter(text="wedding")),
    ("search: customer name", OrderFilter(text="jansen 4242")),
    ("search: rare number", OrderFilter(text="so-777777")),
    ("sort by customer", OrderFilter(sort=(SortKey(SortField.CUSTOMER),))),
    ("sort by pickup date desc", OrderFilter(sort=(SortKey(SortField.PICKUP_DATE, True),))),
    ("sort by total desc", OrderFilter(sort=(SortKey(SortField.TOTAL, True),))),
    (
        "pickup dates this week",
        OrderFilter(
            date_field=DateField.PICKUP_DATE,
            date_from=TODAY,
            date_to=TODAY + timedelta(days=7),
            sort=(SortKey(SortField.PICKUP_DATE),),
        ),
    ),
]


def timed(db: Database, spec: OrderFilter, runs: int, offset: int = 0) -> list[float]:
    times = []
    status_order = [s for s, _k, _w in STATUSES]
    for _ in range(runs):
        with Session(db.engine) as session:
            start = time.perf_counter()
            order_queries.page(session, spec, limit=50, offset=offset, status_order=status_order)
            times.append((time.perf_counter() - start) * 1000)
    return times


def explain(db: Database, spec: OrderFilter) -> str:
    query = (
        select(ORDERS.c.id)
        .where(*order_queries.conditions(spec))
        .order_by(*order_queries.sort_terms(spec.sort[0], ()))
        .limit(51)
    )
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
    with db.engine.connect() as conn:
        return "\n".join(
            "    " + " ".join(str(c) for c in row)
            for row in conn.exec_driver_sql(prefix + str(compiled))
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite:///var/bench-orders.db")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print each query plan")
    args = parser.parse_args()
    db = open_database(args.db)
    upgrade(db)
    start = time.perf_counter()
    fill(db, args.orders, args.seed)
    print(f"{args.orders:,} orders ready in {time.perf_counter() - start:.1f} s ({args.db})")
    worst = 0.0
    cases = [*CASES, ("all, default sort, page at offset 10,000", OrderFilter())]
    for i, (name, spec) in enumerate(cases):
        offset = 10_000 if i == len(CASES) else 0
        times = timed(db, spec, args.runs, offset)
        best, median = min(times), statistics.median(times)
        if offset == 0:
            worst = max(worst, median)
        flag = "" if median <= TARGET_MS else "  > target"
        print(f"{name:42s} best {best:7.2f} ms  median {median:7.2f} ms{flag}")
        if args.explain:
            print(explain(db, spec))
    count_start = time.perf_counter()
    with Session(db.engine) as session:
        open_count = order_queries.count(session, OrderFilter.open_orders())
    count_ms = (time.perf_counter() - count_start) * 1000
    print(f"count of open orders ({open_count:,})            {count_ms:7.2f} ms")
    print(f"slowest first page (median): {worst:.2f} ms (target {TARGET_MS:.0f} ms)")
    db.dispose()
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
