"""Big data on the order side: the order queue's first page and order search over the generated
1,000,000 orders (target ≤ 20 ms each, p99), and the idle order queue's CPU (target < 1 %).

The lists are timed through what the screens call, on a TillContext like the app's (pooled
connections, the shipped settings): the queue's `OrderQueueService.open_orders` (the first 200
open and ready orders, oldest first, as the screen loads them) and the order list's
`OrderService.page` for a search over all orders (a 100-row page, "All statuses", oldest first,
as after F3 and typing). The searches are a customer's surname (thousands of orders), a
customer's full name, an order number and a customer's reference, each taken from an order in
the middle of the history. Each call is timed `runs` times after three warm-up calls: wall
p50/p95/p99, and on SQLite also the CPU time of the call (what other load on the box barely
moves; on PostgreSQL only this process's share).

PostgreSQL (when run.py has a URL) gets the same orders (same seed, catalog and customers; no
sales) in a schema kept between runs like var/bench: loading a million orders there takes
minutes (COPY, then the indexes and the word index), so it is made once per generator
version, size, seed and schema, and `--fresh` makes it again.

The idle figure runs `tui-pos backoffice` in a pty (80×24) on the big database, opens the order
queue (Q) and waits until it is filled and live, then leaves it alone beside the floor app
for the same seconds: CPU time of each process over wall time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import create_engine, text

from benchmarks import fixtures
from benchmarks.bench_terminal import QUIET_S
from benchmarks.fixtures import SCAN_FIELD, Subject
from benchmarks.report import Figure, median, percentile
from benchmarks.terminal import TerminalApp
from tui_pos.core.order_browse import with_status_choice
from tui_pos.core.order_filter import OrderFilter
from tui_pos.devtools.generate import GENERATOR_VERSION, Sizes, generate
from tui_pos.services.context import TillContext
from tui_pos.services.order_queue import OrderQueueService
from tui_pos.services.orders import OrderService
from tui_pos.store.db import open_database

TARGET_MS = 20.0
TARGET_IDLE_PCT = 1.0
WARM_UP = 3
LIST_PAGE = 100  # the order list's page size
PG_SCHEMA_PREFIX = "bench_orders_"


@dataclass(frozen=True)
class Timing:
    wall_ms: list[float]
    cpu_ms: list[float]
    rows: int


def timed(call: Callable[[], int], runs: int) -> Timing:
    """`call` (returning its row count) `runs` times after WARM_UP calls."""
    for _ in range(WARM_UP):
        rows = call()
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.thread_time()
        rows = call()
        cpu.append((time.thread_time() - cpu_started) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return Timing(wall, cpu, rows)


def count_label(count: int) -> str:
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    return f"{count // 1000}k" if count >= 1000 and count % 1000 == 0 else str(count)


def searches(url: str, orders: int) -> list[tuple[str, str]]:
    """(what, search text) from an order in the middle of the history that has a number and a
    customer reference (order ids begin with their sequence number in hex)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            number, name, reference = conn.execute(
                text(
                    "SELECT number, customer_name, customer_reference FROM orders "
                    "WHERE id >= :mid AND number IS NOT NULL AND customer_reference != '' "
                    "ORDER BY id LIMIT 1"
                ),
                {"mid": f"{orders // 2:08x}"},
            ).one()
    finally:
        engine.dispose()
    return [
        ("surname", name.split()[-1].lower()),
        ("full name", name.lower()),
        ("order number", number.lower()),
        ("reference", reference.lower()),
    ]


def measure_backend(backend: str, url: str, orders: int, runs: int, work: Path) -> list[Figure]:
    ctx = fixtures.ctx_for(url, work)
    try:
        return _measure(ctx, backend, url, orders, runs)
    finally:
        ctx.db.dispose()


def _measure(ctx: TillContext, backend: str, url: str, orders: int, runs: int) -> list[Figure]:
    queue = OrderQueueService(ctx)
    service = OrderService(ctx, autosave_drafts=False)
    everything = with_status_choice(OrderFilter.open_orders(), "all")
    size = count_label(orders)
    cases: list[tuple[str, Callable[[], int]]] = [
        (f"order queue first page, {backend}, {size}", lambda: len(queue.open_orders().rows))
    ]
    for what, words in searches(url, orders):
        spec = replace(everything, text=words)

        def search(spec: OrderFilter = spec) -> int:
            return len(service.page(spec, limit=LIST_PAGE).rows)

        cases.append((f"order search: {what}, {backend}, {size}", search))
    sqlite = backend == "SQLite"  # PostgreSQL's own CPU is the server's: not counted
    figures = []
    for name, call in cases:
        timing = timed(call, runs)
        p99 = percentile(timing.wall_ms, 99)
        cpu = f", CPU p50 {median(timing.cpu_ms):.1f} ms" + ("" if sqlite else " here")
        note = (
            f"p50 {percentile(timing.wall_ms, 50):.1f} / p95 {percentile(timing.wall_ms, 95):.1f}"
            f" ms{cpu}; {timing.rows} rows, {runs} calls, {orders:,} orders"
        )
        figures.append(
            Figure(
                f"{name} p99", p99, "ms", f"p99 ≤ {TARGET_MS:.0f} ms", p99 <= TARGET_MS, note=note
            )
        )
    return figures


def measure(
    url: str,
    *,
    sizes: Sizes,
    seed: int,
    runs: int,
    work: Path,
    pg_url: str = "",
    fresh: bool = False,
    say: Callable[[str], None] = print,
) -> list[Figure]:
    """Order queue first page and order searches on the generated database at `url`, and on
    PostgreSQL when `pg_url` is given."""
    figures = measure_backend("SQLite", url, sizes.orders, runs, work)
    if not pg_url:
        size = count_label(sizes.orders)
        note = "skipped: no --pg-url / TUI_POS_PG_URL"
        return [
            *figures,
            Figure(f"order queue and search, {size} orders, PostgreSQL", None, "ms", note=note),
        ]
    pg_sizes = replace(sizes, sales=0)
    orders_url = pg_orders(pg_url, pg_sizes, seed, fresh=fresh, say=say)
    return figures + measure_backend("PostgreSQL", orders_url, sizes.orders, runs, work)


def _schema_url(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def pg_orders(
    pg_url: str, sizes: Sizes, seed: int, *, fresh: bool, say: Callable[[str], None]
) -> str:
    """A schema on the server with the generated catalog, customers and orders (no sales),
    kept by sizes, seed, generator and migration head like the SQLite file in var/bench (those
    of other generator versions or migrations are dropped when one is made). Returns its URL."""
    head = "_".join(sorted(fixtures._schema_heads())).lower()
    version = f"{PG_SCHEMA_PREFIX}g{GENERATOR_VERSION}_{head}_"
    schema = f"{version}o{sizes.orders}_a{sizes.articles}_s{seed}"
    if len(schema) > 63:
        raise ValueError(f"schema name too long for PostgreSQL: {schema}")
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace "
                    "WHERE nspname = :name"
                ),
                {"name": schema},
            ).first()
            if found is not None and found[0] == "complete" and not fresh:
                say(f"using PostgreSQL schema {schema} (made earlier; --fresh makes it again)")
                return _schema_url(pg_url, schema)
            stale = conn.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix"),
                {"prefix": PG_SCHEMA_PREFIX.replace("_", r"\_") + "%"},
            ).scalars()
            for name in list(stale):  # other versions (other sizes are kept: --quick)
                if name == schema or not name.startswith(version):
                    conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        say(f"loading {sizes.orders:,} orders into PostgreSQL schema {schema} (once) …")
        started = time.perf_counter()
        db = open_database(_schema_url(pg_url, schema))
        try:
            generate(db, sizes, seed=seed)
        finally:
            db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"COMMENT ON SCHEMA \"{schema}\" IS 'complete'"))
        say(f"loaded in {time.perf_counter() - started:.0f} s")
    finally:
        admin.dispose()
    return _schema_url(pg_url, schema)


# -- idle -------------------------------------------------------------------------------------
def backoffice(url: str, work: Path) -> Subject:
    """The back office (`tui-pos backoffice`), which opens at the menu."""
    base = fixtures.ours(url, work)
    return Subject("tui-pos backoffice", [*base.argv, "backoffice"], base.env)


def open_queue(app: TerminalApp) -> None:
    """From the menu, Q; wait until the queue is filled and has had time to go live."""
    app.wait_drawn(b"Ctrl+Q quits", timeout=60)
    start = app.bytes_written
    app.send(b"q")
    app.wait_drawn(b" open", after=start, timeout=60)
    time.sleep(3.0)  # the change-bus subscription connects, its first reload settles
    app.wait_quiet(after=time.perf_counter() - 5.0, quiet=max(QUIET_S, 0.5), timeout=30)


def idle_queue(url: str, work: Path, seconds: float, floor: Subject) -> list[Figure]:
    """CPU % of the idle order queue (in a pty, on the database at `url`) and of the floor app
    beside it, over the same `seconds`."""
    queue = TerminalApp(backoffice(url, work).argv, env=backoffice(url, work).env)
    try:
        floor_app = TerminalApp(floor.argv, env=floor.env)
        try:
            open_queue(queue)
            floor_app.wait_drawn(SCAN_FIELD)
            time.sleep(2.0)
            before = queue.cpu_seconds(), floor_app.cpu_seconds()
            started = time.perf_counter()
            bytes_before = queue.bytes_written
            time.sleep(seconds)
            elapsed = time.perf_counter() - started
            ours = (queue.cpu_seconds() - before[0]) / elapsed * 100
            bare = (floor_app.cpu_seconds() - before[1]) / elapsed * 100
            written = (queue.bytes_written - bytes_before) / elapsed
        finally:
            floor_app.stop()
    finally:
        queue.stop()
    return [
        Figure(
            "idle order queue CPU",
            ours,
            "%",
            target=f"< {TARGET_IDLE_PCT:.0f} %",
            passed=ours < TARGET_IDLE_PCT,
            floor=bare,
            note=f"over {seconds:.0f} s, queue live on the big database, {written:.0f} B/s written",
        )
    ]
