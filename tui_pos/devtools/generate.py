"""Seeded bulk data (catalog, customers, past sales with their journal, orders) via the real schema.

    python -m tui_pos.devtools.generate var/bench/big.db --articles 100000 --sales 1000000 \
        --orders 1000000

The database is migrated first (Alembic, like the till), then rows go in with the driver's
executemany (COPY on PostgreSQL) in big transactions. Money is written as the schema stores it
(integer minor units, see store/types.py) without going through Decimal per value, which is what
makes a million sales take a minute rather than an hour. The data is consistent: receipt
numbers gapless per till, sale totals = lines + rounding, VAT per rate, and a valid journal hash
chain (a `sale` entry per sale, plus `drawer_open` for cash) continuing whatever the database
already holds.
Print jobs are not generated for past sales (they would be done, and only bloat the file).

Orders (with lines, payments and their log) come from generate_orders.py over the same
`BulkWriter`; on PostgreSQL it writes with COPY. Same seed and sizes → the same rows.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tui_pos.core.journal import canonical, entry_hash
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import upgrade
from tui_pos.store.notify.sqlite import sqlite_file
from tui_pos.store.types import UtcDateTime

#: Bump when the generated rows change: benchmarks cache generated databases by it.
GENERATOR_VERSION = 3

PERCENT_SCALE = 10_000  # store/types.py Percent(): 4 places
QTY_SCALE = 1_000  # Quantity(): 3 places
NL_VAT = {"high": 21, "low": 9, "zero": 0}

GROUPS = [
    ("BREAD", "Bread & pastry", "low", ["loaf", "rolls", "croissant", "baguette", "cake"]),
    ("DAIRY", "Dairy", "low", ["milk", "yoghurt", "butter", "cream", "kwark", "vla"]),
    ("CHEESE", "Cheese", "low", ["gouda", "edam", "brie", "leerdammer", "feta"]),
    ("MEAT", "Meat & fish", "low", ["ham", "salami", "chicken", "salmon", "herring"]),
    ("FRUIT", "Fruit & vegetables", "low", ["apples", "pears", "tomatoes", "carrots", "onions"]),
    ("DRINKS", "Soft drinks", "low", ["water", "cola", "juice", "lemonade", "ice tea"]),
    ("WINE", "Wine & beer", "high", ["red wine", "white wine", "pilsner", "ipa", "cider"]),
    ("COFFEE", "Coffee & tea", "low", ["coffee beans", "ground coffee", "tea", "cocoa"]),
    ("SWEETS", "Sweets & snacks", "low", ["drop", "chocolate", "crisps", "wine gums", "nuts"]),
    ("HOME", "Household", "high", ["dish soap", "kitchen roll", "candles", "bin bags"]),
    ("OFFICE", "Office & paper", "high", ["pen", "notebook", "envelopes", "tape", "card"]),
    ("TEXTILE", "Textiles", "high", ["t-shirt", "socks", "apron", "tea towel"]),
]
BRANDS = ["Huismerk", "Bio", "Deluxe", "Van Dijk", "Nordic", "De Molen", "Zon", "Classic"]
SIZES = ["", "250 g", "500 g", "1 kg", "330 ml", "1 l", "1.5 l", "6-pack", "2 pcs", "10 pcs"]
FIRST = ["Sanne", "Daan", "Emma", "Lars", "Fleur", "Bram", "Julia", "Ingrid", "Ole",
         "Kari", "Noah", "Tess", "Sem", "Lotte", "Finn", "Anouk", "Jesse", "Roos",
         "Thijs", "Mila", "Ruben", "Sara", "Niels", "Eva", "Joost", "Femke",
         "Pieter", "Linde", "Stijn", "Maud"]  # fmt: skip
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Hansen", "Olsen", "Berg",
        "Kok", "de Jong", "van Dijk", "Janssen", "de Boer", "Mulder", "de Groot",
        "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
        "de Wit", "Dijkstra", "Koster", "Verhoeven", "Prins", "Huisman", "Kuipers",
        "van der Meer", "Schouten", "Willems", "Hoekstra", "Jacobs", "Maas",
        "Verbeek", "Post", "Kramer", "Haugen", "Lunde"]  # fmt: skip
BUSINESSES = ["Café", "Hotel", "Bakkerij", "Restaurant", "Lunchroom", "Kantoor", "Sportclub"]
DISCOUNT_PCT = 5  # business customers' discount
CITIES = ["Amsterdam", "Utrecht", "Haarlem", "Leiden", "Oslo", "Bergen"]
CASHIERS = ["Sanne", "Daan", "Emma", "Lars"]
LINE_COUNTS = (1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8)  # about 3.2 lines per sale
END = datetime(2026, 11, 1, tzinfo=UTC)  # generated history ends here


@dataclass(frozen=True)
class Sizes:
    articles: int = 100_000
    customers: int = 20_000
    sales: int = 1_000_000
    tills: int = 4
    orders: int = 1_000_000


@dataclass(frozen=True)
class GeneratedArticle:
    code: str
    name: str
    vat_rate: int  # scaled by PERCENT_SCALE
    price: int  # cents
    weighed: bool


@dataclass(frozen=True)
class GeneratedCustomer:
    code: str
    name: str
    business: bool  # gets DISCOUNT_PCT off list prices


@dataclass
class Summary:
    articles: int = 0
    barcodes: int = 0
    customers: int = 0
    sales: int = 0
    sale_lines: int = 0
    journal_entries: int = 0
    orders: int = 0
    order_lines: int = 0
    open_orders: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def ean13(body: str) -> str:
    """`body` (12 digits) with its EAN-13 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def article_barcode(index: int) -> str:
    """The generated barcode of article number `index` (0-based): 87 + 10 digits + check."""
    return ean13(f"87{index:010d}")


def article_code(index: int) -> str:
    return f"G{index + 1:06d}"


#: Columns written per table, in the order rows are given; tables listed parents first.
TABLES: dict[str, tuple[str, ...]] = {
    "article_group": ("code", "name"),
    "article": (
        "code",
        "name",
        "name_lower",
        "group_code",
        "vat_rate",
        "list_price",
        "unit",
        "is_variant_parent",
        "active",
    ),
    "barcode": ("code", "article_code"),
    "customer": (
        "code",
        "name",
        "name_lower",
        "address",
        "postcode",
        "city",
        "email",
        "phone",
        "category",
        "discount_pct",
    ),
    "sale": (
        "id",
        "uid",
        "till_id",
        "receipt_no",
        "created_at",
        "cashier",
        "customer_code",
        "currency",
        "prices_include_vat",
        "subtotal",
        "rounding",
        "total",
        "change",
        "training",
    ),
    "sale_line": (
        "sale_id",
        "position",
        "article_code",
        "description",
        "note",
        "unit",
        "qty",
        "list_price",
        "net_unit_price",
        "line_total",
        "discount_text",
        "vat_rate",
    ),
    "sale_payment": (
        "sale_id",
        "position",
        "method_id",
        "method_label",
        "kind",
        "amount",
        "tendered",
    ),
    "sale_vat": ("sale_id", "rate", "net", "vat", "gross"),
    "journal_entry": (
        "seq",
        "created_at",
        "till_id",
        "actor",
        "kind",
        "ref",
        "data",
        "prev_hash",
        "hash",
    ),
    # orders (generate_orders.py)
    "orders": (
        "id", "type", "number", "number_sort", "status", "status_kind", "version",
        "created_at", "created_by", "updated_at", "updated_by", "employee", "branch",
        "order_date", "customer_code", "customer_name", "customer_sort", "subject",
        "our_reference", "customer_reference", "note", "delivery_method", "pickup_date",
        "expected_delivery_date", "payment_terms", "fixed_text", "prices_include_vat",
        "custom_fields", "reminder_date", "reminder_note", "source_quote_id", "converted_to_id",
        "refund_owed", "total_incl_vat", "balance_due", "paid_total", "line_count",
        "search_text", "search_key", "contact_text",
    ),
    "order_line": (
        "order_id", "position", "line_id", "article_code", "description", "qty", "unit_price",
        "vat_rate", "net_unit_price", "line_total", "weighed", "discount_kind",
        "discount_value", "price_explanation", "note", "group_id",
    ),
    "order_payment": (
        "id", "order_id", "position", "kind", "method", "amount", "channel", "at", "who",
        "reference",
    ),
    "order_log": (
        "order_id", "position", "at", "who", "action", "message", "params", "translate",
    ),
}  # fmt: skip


class BulkWriter:
    """Buffers rows (tuples in `TABLES` column order) and writes them parents first, committing
    every `flush_rows` rows: with the driver's executemany on SQLite, COPY on PostgreSQL.

    Values go to the driver as given: integers for money and quantities (already scaled as
    store/types.py stores them) and timestamps and dates through `timestamp()` and `day()` (the
    columns' types: UtcDateTime, Date), so the rows are exactly what the ORM would have written.
    (A writer thread does not help: the driver takes the GIL back for every row it binds.)
    """

    def __init__(self, conn: Connection, flush_rows: int = 200_000) -> None:
        self.conn = conn
        self.flush_rows = flush_rows
        self._rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
        self._pending = 0
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self._sql = {
            name: f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
            for name, cols in TABLES.items()
        }
        self._copy = conn.dialect.name == "postgresql"
        # The columns' own types: the generic DateTime has no processor, and the driver's default
        # adapter would store SQLite times with "+00:00", unlike every row the app writes.
        processor = UtcDateTime().bind_processor(conn.dialect)
        self._timestamp: Callable[[datetime], Any] = processor or (lambda value: value)
        day = sa.Date().dialect_impl(conn.dialect).bind_processor(conn.dialect)
        self._day: Callable[[date], Any] = day or (lambda value: value)

    def timestamp(self, value: datetime) -> Any:
        return self._timestamp(value)

    def day(self, value: date) -> Any:
        return self._day(value)

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        """The buffer of `table`, to append rows to directly (then call `added`)."""
        return self._rows[table]

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self._rows[table].append(row)
        self.added(1)

    def added(self, count: int) -> None:
        """`count` rows were appended to buffers; writes them out once there are enough."""
        self._pending += count
        if self._pending >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        """Write and commit what is buffered."""
        for name, rows in self._rows.items():
            if not rows:
                continue
            if self._copy:
                cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
                with cursor.copy(f"COPY {name} ({', '.join(TABLES[name])}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                self.conn.exec_driver_sql(self._sql[name], rows)
            rows.clear()
        self._pending = 0
        self.conn.commit()


def _words(rng: random.Random, group: tuple[str, str, str, list[str]]) -> str:
    size = rng.choice(SIZES)
    return f"{rng.choice(BRANDS)} {rng.choice(group[3])}{' ' + size if size else ''}"


def add_catalog(
    writer: BulkWriter, rng: random.Random, count: int, vat_rates: dict[str, int]
) -> list[GeneratedArticle]:
    """`count` articles in the groups above: 3 % weighed (no barcode), the rest one barcode
    each (5 % a second one). Returns them for the sales generator."""
    existing = set(writer.conn.execute(sa.text("SELECT code FROM article_group")).scalars())
    for code, name, *_rest in GROUPS:
        if code not in existing:
            writer.add("article_group", (code, name))
    articles: list[GeneratedArticle] = []
    for i in range(count):
        group = GROUPS[rng.randrange(len(GROUPS))]
        weighed = rng.random() < 0.03
        name = _words(rng, group) + (" per kg" if weighed else "")
        article = GeneratedArticle(
            code=article_code(i),
            name=name,
            vat_rate=vat_rates[group[2]] * PERCENT_SCALE,
            price=rng.randrange(50, 5_000),
            weighed=weighed,
        )
        articles.append(article)
        unit = "kg" if weighed else "piece"
        writer.add(
            "article",
            (
                article.code,
                name,
                name.lower(),
                group[0],
                article.vat_rate,
                article.price,
                unit,
                False,
                True,
            ),
        )
        if not weighed:
            writer.add("barcode", (article_barcode(i), article.code))
            if rng.random() < 0.05:
                writer.add("barcode", (ean13(f"88{i:010d}"), article.code))
    return articles


def add_customers(writer: BulkWriter, rng: random.Random, count: int) -> list[GeneratedCustomer]:
    """`count` customers, 15 % of them businesses (a café, a hotel) with a discount."""
    customers = []
    for i in range(count):
        business = rng.random() < 0.15
        first = rng.choice(BUSINESSES if business else FIRST)
        name = f"{first} {rng.choice(LAST)}"
        code = f"GC{i + 1:06d}"
        customers.append(GeneratedCustomer(code, name, business))
        writer.add(
            "customer",
            (
                code,
                name,
                name.lower(),
                f"Dorpsstraat {rng.randrange(1, 300)}",
                f"{rng.randrange(1000, 9999)} AB",
                rng.choice(CITIES),
                f"{name.split()[0].lower()}.{i}@example.nl",
                f"06 {rng.randrange(10_000_000, 99_999_999)}",
                "HORECA" if business else "RETAIL",
                (DISCOUNT_PCT if business else 0) * PERCENT_SCALE,
            ),
        )
    return customers


def amount_text(cents: int) -> str:
    """Cents as the journal writes Decimal money: `12.50`, `-0.02` (exact: the nearest double
    to n/100 always rounds back to n/100 at two decimals)."""
    return f"{cents / 100:.2f}"


def _rate(scaled: int) -> str:
    whole, frac = divmod(scaled, PERCENT_SCALE)
    return str(whole) if not frac else f"{whole}.{frac:04d}".rstrip("0")


def _vat(gross: int, rate: int) -> int:
    """VAT included in `gross` cents at `rate` (scaled percent), rounded half-up."""
    denominator = 100 * PERCENT_SCALE + rate
    return (2 * gross * rate + denominator) // (2 * denominator)


def _sale_times(rng: random.Random, count: int, end: datetime, days: int) -> Iterator[datetime]:
    """`count` increasing timestamps spread over the `days` before `end`."""
    step = days * 86_400 / max(count, 1)
    start = end - timedelta(days=days)
    for i in range(count):
        yield start + timedelta(seconds=(i + rng.random() * 0.9) * step)


DRAWER_OPEN = canonical({"reason": "sale"})


class JournalChain:
    """Appends entries to the journal exactly as JournalRepository.append would."""

    def __init__(self, writer: BulkWriter) -> None:
        self.writer = writer
        head = writer.conn.execute(
            sa.text("SELECT last_seq, last_hash FROM journal_head WHERE id = 1")
        ).one()
        self.seq, self.hash = int(head[0]), str(head[1])
        self.count = 0
        self._rows = writer.rows("journal_entry")  # the caller counts them (`writer.added`)

    def append(
        self,
        created_at: datetime,
        stored_at: Any,
        till: str,
        actor: str,
        kind: str,
        ref: str,
        body: str,
    ) -> None:
        """`body` is the entry's data as journal.canonical() writes it."""
        seq = self.seq + 1
        digest = entry_hash(self.hash, seq, created_at, till, actor, kind, ref, body)
        self._rows.append((seq, stored_at, till, actor, kind, ref, body, self.hash, digest))
        self.seq, self.hash = seq, digest
        self.count += 1

    def save_head(self) -> None:
        self.writer.flush()
        self.writer.conn.execute(
            sa.text("UPDATE journal_head SET last_seq = :seq, last_hash = :hash WHERE id = 1"),
            {"seq": self.seq, "hash": self.hash},
        )


def add_sales(
    writer: BulkWriter,
    rng: random.Random,
    count: int,
    articles: Sequence[GeneratedArticle],
    *,
    tills: int,
    customers: int,
    end: datetime,
    days: int = 730,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """`count` completed sales with lines, payments, VAT and journal entries; returns
    (sale lines, journal entries)."""
    conn = writer.conn
    next_id = int(conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM sale")).scalar_one()) + 1
    journal = JournalChain(writer)
    counters = {
        str(t): int(n)
        for t, n in conn.execute(sa.text("SELECT till_id, last_no FROM receipt_counter"))
    }
    till_ids = [f"T{i + 1}" for i in range(tills)]
    line_count = 0
    chance = rng.random  # int(chance() * n): 4× faster than randrange
    sales, sale_lines = writer.rows("sale"), writer.rows("sale_line")
    payments, vats = writer.rows("sale_payment"), writer.rows("sale_vat")
    n_articles, n_line_counts, n_cashiers = len(articles), len(LINE_COUNTS), len(CASHIERS)
    for i, created in enumerate(_sale_times(rng, count, end, days)):
        sale_id = next_id + i
        till = till_ids[int(chance() * tills)]
        receipt_no = counters[till] = counters.get(till, 0) + 1
        cashier = CASHIERS[int(chance() * n_cashiers)]
        uid = f"{sale_id:08x}{rng.getrandbits(96):024x}"
        when = writer.timestamp(created)
        gross_by_rate: dict[int, int] = {}
        subtotal = 0
        lines = []
        for position in range(1, LINE_COUNTS[int(chance() * n_line_counts)] + 1):
            article = articles[int(chance() * n_articles)]
            if article.weighed:
                qty, unit = 100 + int(chance() * 1_400), "kg"
            else:
                qty, unit = (1, 1, 1, 2, 3)[int(chance() * 5)] * QTY_SCALE, "piece"
            line_total = (article.price * qty * 2 + QTY_SCALE) // (2 * QTY_SCALE)
            subtotal += line_total
            gross_by_rate[article.vat_rate] = gross_by_rate.get(article.vat_rate, 0) + line_total
            lines.append(
                (
                    sale_id,
                    position,
                    article.code,
                    article.name,
                    "",
                    unit,
                    qty,
                    article.price,
                    article.price,
                    line_total,
                    "",
                    article.vat_rate,
                )
            )
        cash = chance() < 0.3
        if cash:
            total = (subtotal + 2) // 5 * 5  # NL cash rounding to 5 cents
            note = (0, 500, 1000)[int(chance() * 3)]
            tendered = (total + note - 1) // note * note if note else total
            method = ("cash", "Cash", "cash")
        else:
            total = tendered = subtotal
            method = ("card", "Card (pin)", "card")
        customer = f"GC{int(chance() * customers) + 1:06d}" if chance() < 0.08 else None
        sales.append(
            (
                sale_id,
                uid,
                till,
                receipt_no,
                when,
                cashier,
                customer,
                "EUR",
                True,
                subtotal,
                total - subtotal,
                total,
                tendered - total,
                False,
            )
        )
        sale_lines.extend(lines)  # a flush writes tables parents first
        line_count += len(lines)
        payments.append((sale_id, 1, *method, total, tendered))
        vat_json = []
        for rate, gross in sorted(gross_by_rate.items()):
            vat = _vat(gross, rate)
            vats.append((sale_id, rate, gross - vat, vat, gross))
            vat_json.append(f'["{_rate(rate)}","{amount_text(vat)}"]')
        ref = f"{till}-{receipt_no:06d}"
        amount = amount_text(total)
        # canonical() of the service's {"uid", "total", "rounding", "payments", "vat"}, by hand
        # (keys sorted, no spaces): json.dumps per sale would be the slowest step here.
        body = (
            f'{{"payments":[["{method[0]}","{amount}"]],'
            f'"rounding":"{amount_text(total - subtotal)}",'
            f'"total":"{amount}","uid":"{uid}","vat":[{",".join(vat_json)}]}}'
        )
        journal.append(created, when, till, cashier, "sale", ref, body)
        if cash:
            journal.append(created, when, till, cashier, "drawer_open", ref, DRAWER_OPEN)
        writer.added(3 + len(lines) + len(vat_json) + cash)
        if on_progress is not None and (i + 1) % 100_000 == 0:
            on_progress(i + 1)
    journal.save_head()
    if conn.dialect.name == "postgresql":  # sale ids were given: move the sequence past them
        conn.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('sale', 'id'), max(id)) FROM sale")
        )
    set_counters(conn, "receipt_counter", "till_id", counters)
    conn.commit()
    return line_count, journal.count


def set_counters(conn: Connection, table: str, key: str, counters: dict[str, int]) -> None:
    """Leave each number counter (`table`, one row per `key`) at the last number generated."""
    for name, last_no in counters.items():
        values = {"n": last_no, "k": name}
        updated = conn.execute(sa.text(f"UPDATE {table} SET last_no = :n WHERE {key} = :k"), values)
        if not updated.rowcount:
            conn.execute(sa.text(f"INSERT INTO {table} ({key}, last_no) VALUES (:k, :n)"), values)


#: From this many sales + orders, `generate` writes the orders from a second process.
PARALLEL_FROM = 100_000
#: How long a writer waits for the other process's transaction (an index build takes a while).
SHARED_BUSY_TIMEOUT_MS = 3_600_000


def bulk_pragmas(conn: Connection, *, shared: bool) -> None:
    """Bulk load on this SQLite connection: no fsync per commit, a 256 MiB cache. Alone, also no
    journal (`finish_bulk` sets WAL again); `shared` with another writing process, WAL stays
    (the journal mode cannot change then) and each waits for the other's transaction."""
    raw = conn.connection.driver_connection
    if not shared:  # set outside a transaction
        raw.execute("PRAGMA journal_mode=OFF")  # type: ignore[union-attr]
    raw.execute("PRAGMA synchronous=OFF")  # type: ignore[union-attr]
    raw.execute("PRAGMA cache_size=-262144")  # type: ignore[union-attr]
    if shared:
        raw.execute(f"PRAGMA busy_timeout={SHARED_BUSY_TIMEOUT_MS}")  # type: ignore[union-attr]


def finish_bulk(conn: Connection) -> None:
    conn.commit()
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]


def generate(
    db: Database,
    sizes: Sizes,
    *,
    seed: int = 1,
    vat_rates: dict[str, int] | None = None,
    end: datetime | None = None,
    log: Callable[[str], None] | None = None,
    parallel: bool | None = None,
) -> Summary:
    """Migrate `db` and fill it. Refuses a database that already has articles.

    `parallel` (by default from PARALLEL_FROM rows on, on a database file or server): the orders
    are written by a second process while this one writes the sales. They share only the
    catalog and customers, which are written first; each has its own random stream, so the rows
    are the same either way. On 2 cores that saves about a third of the time."""
    say = log or (lambda _text: None)
    upgrade(db)
    rng = random.Random(seed)
    end = end or END
    summary = Summary()
    if parallel is None:
        in_memory = db.is_sqlite and sqlite_file(db.url) is None
        parallel = sizes.sales + sizes.orders >= PARALLEL_FROM and not in_memory
    parallel = parallel and bool(sizes.sales and sizes.orders)
    with db.write_engine.connect() as conn:
        if db.is_sqlite:
            bulk_pragmas(conn, shared=parallel)
        if conn.execute(sa.text("SELECT count(*) FROM article")).scalar_one():
            raise ValueError("the database already has articles; generate into an empty one")
        writer = BulkWriter(conn)
        started = time.perf_counter()
        articles = add_catalog(writer, rng, sizes.articles, vat_rates or NL_VAT)
        customers = add_customers(writer, rng, sizes.customers)
        writer.flush()
        summary.seconds["catalog"] = time.perf_counter() - started
        summary.articles, summary.customers = len(articles), sizes.customers
        summary.barcodes = int(conn.execute(sa.text("SELECT count(*) FROM barcode")).scalar_one())
        say(f"{summary.articles} articles, {summary.customers} customers")
        from tui_pos.devtools import generate_orders  # it builds on this module

        with contextlib.ExitStack() as stack:
            orders_job = None
            if parallel:
                pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                stack.callback(pool.shutdown, cancel_futures=True)
                orders_job = pool.submit(
                    generate_orders.write_orders,
                    db.url,
                    sizes.orders,
                    articles,
                    customers,
                    seed=seed,
                    end=end,
                )
                say(f"{sizes.orders} orders: in a second process")
            started = time.perf_counter()
            summary.sale_lines, summary.journal_entries = add_sales(
                writer,
                rng,
                sizes.sales,
                articles,
                tills=sizes.tills,
                customers=sizes.customers,
                end=end,
                on_progress=lambda n: say(f"{n} sales"),
            )
            summary.sales = sizes.sales
            summary.seconds["sales"] = time.perf_counter() - started
            writer.flush()
            if orders_job is not None:
                orders = orders_job.result()
                say(f"{sizes.orders} orders written")
            else:
                orders = generate_orders.add_orders(
                    writer,
                    generate_orders.orders_rng(seed),
                    sizes.orders,
                    articles,
                    customers,
                    end=end,
                    on_progress=lambda n: say(f"{n} orders"),
                )
        summary.orders, summary.order_lines = orders.orders, orders.lines
        summary.open_orders = orders.open_orders
        summary.seconds["orders" + (" (beside the sales)" if parallel else "")] = orders.seconds
        if db.is_sqlite:
            finish_bulk(conn)
        else:  # statistics, as autovacuum would have them by now (these tables only)
            conn.exec_driver_sql(f"ANALYZE {', '.join(TABLES)}")
            conn.commit()
    return summary


def _url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{Path(target).resolve()}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="SQLAlchemy URL, or a path for a SQLite file")
    parser.add_argument("--articles", type=int, default=Sizes.articles)
    parser.add_argument("--customers", type=int, default=Sizes.customers)
    parser.add_argument("--sales", type=int, default=Sizes.sales)
    parser.add_argument("--tills", type=int, default=Sizes.tills)
    parser.add_argument("--orders", type=int, default=Sizes.orders)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    db = open_database(_url(args.database))
    sizes = Sizes(args.articles, args.customers, args.sales, args.tills, args.orders)
    try:
        summary = generate(db, sizes, seed=args.seed, log=print)
    except ValueError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in summary.seconds.items())
    print(
        f"{summary.articles} articles ({summary.barcodes} barcodes), {summary.customers} "
        f"customers, {summary.sales} sales ({summary.sale_lines} lines, "
        f"{summary.journal_entries} journal entries), {summary.orders} orders "
        f"({summary.order_lines} lines, {summary.open_orders} in the queue): {timing}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
