"""Seeded orders for the bulk generator: sales and service orders and quotes with lines,
payments and a short activity log, in the shipped status flow (config/order_status.toml).

Rows are what OrderRepository.save writes for such an order (the denormalised list columns,
`search_text` as core.order_filter.search_text makes it, `number_sort` as number_sort_key
does), built from plain ints and strings (a million orders: about three minutes of one core,
most of it in SQLite's inserts, index builds and word index). History is
finished (completed, paid, cancelled; quotes converted); the last days are mostly open or
ready, and a few old orders were forgotten in an open state, as in a real shop. The log keeps
what makes an order's state: created, paid, and confirmed or its last move (a move tells it was
confirmed), not one entry per line typed.

The orders table's indexes are built once the rows are in (from their migrated definitions),
and SQLite's word index gets each order's `search_text` under its `search_key`, exactly what
its insert trigger would have added; the trigger is back afterwards, as migrated.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tui_pos.core.order_filter import search_text_of
from tui_pos.devtools.generate import (
    DISCOUNT_PCT,
    QTY_SCALE,
    BulkWriter,
    GeneratedArticle,
    GeneratedCustomer,
    amount_text,
    bulk_pragmas,
    set_counters,
)
from tui_pos.store.db import open_database
from tui_pos.store.order_search import FTS_TABLE

#: Flow states (key, label, kind): the shipped config/order_status.toml (a test checks).
STATES = {
    "draft": ("Draft", "draft"),
    "confirmed": ("Confirmed", "open"),
    "in_progress": ("In progress", "open"),
    "ready_for_pickup": ("Ready for pickup", "ready"),
    "ready_for_invoicing": ("Ready for invoicing", "ready"),
    "reminded": ("Reminded", "open"),
    "paid": ("Paid", "done"),
    "completed": ("Completed", "done"),
    "cancelled": ("Fully cancelled", "cancelled"),
    "converted": ("Converted to order", "done"),
}
#: (order type, number prefix, type label, share)
TYPES = (
    ("sales_order", "SO-", "Sales order", 0.80),
    ("service_order", "SV-", "Service order", 0.10),
    ("quote", "Q-", "Quote", 0.10),
)
#: Status weights of orders by age: the last 3 days, up to 3 weeks, older (then finished but
#: for FORGOTTEN of them). Quotes: drafts, converted or given up.
FRESH = {"draft": 8, "confirmed": 35, "in_progress": 25, "ready_for_pickup": 15,
         "ready_for_invoicing": 5, "completed": 10, "cancelled": 2}  # fmt: skip
RECENT = {"draft": 2, "confirmed": 2, "in_progress": 2, "ready_for_pickup": 2, "reminded": 2,
          "ready_for_invoicing": 2, "paid": 15, "completed": 66, "cancelled": 7}  # fmt: skip
OLD = {"completed": 75, "paid": 16, "cancelled": 9}
FORGOTTEN = 0.001
FORGOTTEN_STATES = ("draft", "confirmed", "in_progress", "ready_for_pickup", "reminded")
QUOTES_FRESH = {"draft": 70, "confirmed": 30}
QUOTES_OLD = {"converted": 55, "cancelled": 25, "draft": 20}
SUBJECTS = ["", "", "", "Wedding cake", "Birthday", "Party", "Catering", "Brunch", "Weekly bread",
            "Office lunch", "Anniversary", "Christmas hamper", "Gift box", "School trip",
            "Sinterklaas", "Funeral coffee", "Club meeting", "Market stall"]  # fmt: skip
SERVICE_SUBJECTS = ["Bread slicer repair", "Oven check", "Coffee machine service",
                    "Scale calibration", "Cake stand rental"]  # fmt: skip
NOTES = ["Call when ready", "Leave at the back door", "Gluten free please", "Pays on invoice",
         "Allergic to nuts", "Second floor"]  # fmt: skip
BRANCHES = ("AMS", "AMS", "AMS", "UTR", "HLM")
EMPLOYEES = ("Sanne", "Daan", "Emma", "Lars", "Ingrid", "Pieter")
ORDER_LINE_COUNTS = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 6)  # about 2.4 lines per order
PIECES = (1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50)


@dataclass(frozen=True)
class _LineArticle:
    """What an order line takes from an article, worked out once per article."""

    code: str
    name: str
    price: int
    vat_rate: int
    weighed: bool
    text: str  # its part of the order's search text
    explanation: str
    business_price: int
    business_explanation: str

    @classmethod
    def of(cls, article: GeneratedArticle) -> _LineArticle:
        price = article.price
        net = (price * (100 - DISCOUNT_PCT) * 2 + 100) // 200
        return cls(
            code=article.code,
            name=article.name,
            price=price,
            vat_rate=article.vat_rate,
            weighed=article.weighed,
            text=search_text_of((article.code, article.name)),
            explanation=f"{amount_text(price)}: list price",
            business_price=net,
            business_explanation=(
                f"{amount_text(price)} → {amount_text(net)}: customer discount {DISCOUNT_PCT} %"
            ),
        )


@dataclass
class OrderSummary:
    orders: int = 0
    lines: int = 0
    payments: int = 0
    log_entries: int = 0
    open_orders: int = 0  # in the order queue: open or ready sales and service orders
    seconds: float = 0.0


def _picker(rng: random.Random, weights: dict[str, int]) -> Callable[[], str]:
    """Draws a key by weight with one random() (a cumulative table, as choices() would)."""
    table: list[str] = []
    for key, weight in weights.items():
        table += [key] * weight
    size = len(table)
    chance = rng.random
    return lambda: table[int(chance() * size)]


@dataclass(frozen=True)
class _Deferred:
    """What is dropped while the rows go in, as it was defined, to be made again afterwards: the
    orders table's indexes (one sort per index is far cheaper than a million inserts into twenty
    B-trees), SQLite's search trigger, and on PostgreSQL the foreign keys to `orders` (checked
    row by row there; once for all rows when added again). `first_key`: the first search key
    written meanwhile."""

    restore: list[str]
    trigger: str | None
    first_key: int


def _defer_indexes(conn: Connection) -> _Deferred:
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL"
        ).all()
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (f"trg_{FTS_TABLE}_insert",),
        ).scalar()
        if trigger is not None:
            conn.exec_driver_sql(f"DROP TRIGGER trg_{FTS_TABLE}_insert")
        first_key = conn.exec_driver_sql("SELECT coalesce(max(search_key), 0) + 1 FROM orders")
        deferred = _Deferred([sql for _name, sql in rows], trigger, int(first_key.scalar_one()))
    else:  # PostgreSQL: all but the indexes of constraints (primary key, unique number)
        rows = conn.exec_driver_sql(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = 'orders'::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        ).all()
        deferred = _Deferred([sql for _name, sql in rows], None, 0)
    quote = conn.dialect.identifier_preparer.quote
    for name, _sql in rows:
        conn.exec_driver_sql(f"DROP INDEX {quote(name)}")
    if conn.dialect.name == "postgresql":
        keys = conn.exec_driver_sql(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND confrelid = 'orders'::regclass"
        ).all()
        for table, name, definition in keys:
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            deferred.restore.append(
                f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
            )
    conn.commit()
    return deferred


def _restore_indexes(conn: Connection, deferred: _Deferred) -> None:
    """Make the indexes (and keys) again from their definitions; fill the word index with
    what the trigger would have put in (the trigger itself is back for the app's writes)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for sql in deferred.restore:
        conn.exec_driver_sql(sql)
    if deferred.trigger is not None:
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE} (rowid, body) "
            "SELECT search_key, search_text FROM orders WHERE search_key >= ?",
            (deferred.first_key,),
        )
        conn.exec_driver_sql(deferred.trigger)
    conn.commit()


def _json_text(value: str) -> str:
    """A JSON string literal of plain text (no quotes or backslashes in generated text)."""
    return f'"{value}"'


def add_orders(
    writer: BulkWriter,
    rng: random.Random,
    count: int,
    articles: Sequence[GeneratedArticle],
    customers: Sequence[GeneratedCustomer],
    *,
    end: datetime,
    days: int = 730,
    on_progress: Callable[[int], None] | None = None,
) -> OrderSummary:
    """`count` orders over the `days` before `end`, numbered on from the order counters."""
    started = time.perf_counter()
    conn = writer.conn
    sqlite = conn.dialect.name == "sqlite"
    counters = {
        str(t): int(n)
        for t, n in conn.execute(sa.text("SELECT order_type, last_no FROM order_counter"))
    }
    next_key = 1
    if sqlite:
        next_key += int(
            conn.execute(sa.text("SELECT coalesce(max(search_key), 0) FROM orders")).scalar_one()
        )
    next_seq = 1 + int(conn.execute(sa.text("SELECT count(*) FROM orders")).scalar_one())
    deferred = _defer_indexes(conn)
    summary = OrderSummary(orders=count)
    chance = rng.random
    bits = rng.getrandbits
    fresh, recent, old = _picker(rng, FRESH), _picker(rng, RECENT), _picker(rng, OLD)
    quotes_fresh, quotes_old = _picker(rng, QUOTES_FRESH), _picker(rng, QUOTES_OLD)
    types = [t for t in TYPES for _ in range(round(t[3] * 100))]
    day = writer.day
    stamp = writer.timestamp
    orders, lines = writer.rows("orders"), writer.rows("order_line")
    payments, log = writer.rows("order_payment"), writer.rows("order_log")
    n_articles, n_customers, n_types = len(articles), len(customers), len(types)
    n_counts, n_pieces = len(ORDER_LINE_COUNTS), len(PIECES)
    catalog = [_LineArticle.of(a) for a in articles]
    people = [(c, search_text_of((c.code, c.name)), c.name.casefold()) for c in customers]
    start = end - timedelta(days=days)
    step = days * 86_400 / max(count, 1)
    for i in range(count):
        created = start + timedelta(seconds=(i + chance() * 0.9) * step)
        age_days = (end - created).total_seconds() / 86_400
        order_type, prefix, type_label, _share = types[int(chance() * n_types)]
        if order_type == "quote":
            status = quotes_fresh() if age_days < 21 else quotes_old()
        elif age_days < 3:
            status = fresh()
        elif age_days < 21:
            status = recent()
        elif chance() < FORGOTTEN:
            status = FORGOTTEN_STATES[int(chance() * len(FORGOTTEN_STATES))]
        else:
            status = old()
        kind = STATES[status][1]
        order_id = f"{next_seq + i:08x}{bits(96):024x}"
        employee = EMPLOYEES[int(chance() * len(EMPLOYEES))]
        customer, customer_words, name_cf = people[int(chance() * n_customers)]
        business = customer.business
        order_date = created.date()
        # lines
        total = 0
        texts = []
        for position in range(ORDER_LINE_COUNTS[int(chance() * n_counts)]):
            article = catalog[int(chance() * n_articles)]
            if article.weighed:
                qty = 250 + int(chance() * 2750)  # grams, as kg with 3 places
            else:
                qty = PIECES[int(chance() * n_pieces)] * QTY_SCALE
            net = article.business_price if business else article.price
            line_total = (net * qty * 2 + QTY_SCALE) // (2 * QTY_SCALE)
            total += line_total
            texts.append(article.text)
            lines.append(
                (
                    order_id,
                    position,
                    f"{bits(128):032x}",
                    article.code,
                    article.name,
                    qty,
                    article.price,
                    article.vat_rate,
                    net,
                    line_total,
                    article.weighed,
                    None,
                    None,
                    article.business_explanation if business else article.explanation,
                    "",
                    None,
                )
            )
        # number, dates, texts
        confirmed = status != "draft"
        number = number_sort = None
        if confirmed:
            counters[order_type] = n = counters.get(order_type, 0) + 1
            number = f"{prefix}{n}"
            number_sort = f"{prefix.casefold()}{n:020d}"
        delivery = "delivery" if chance() < 0.25 else "pickup"
        pickup = expected = None
        if delivery == "pickup" and chance() < 0.8:
            pickup = order_date + timedelta(days=int(chance() * 8))
        elif delivery == "delivery":
            expected = order_date + timedelta(days=1 + int(chance() * 14))
        reminder = None
        reminder_note = ""
        if chance() < 0.05:
            reminder = order_date + timedelta(days=3 + int(chance() * 28))
            reminder_note = "Call the customer"
        if order_type == "service_order":
            subject = SERVICE_SUBJECTS[int(chance() * len(SERVICE_SUBJECTS))]
        else:
            subject = SUBJECTS[int(chance() * len(SUBJECTS))]
        reference = ""
        if business and chance() < 0.6:
            reference = f"PO-{10_000 + int(chance() * 90_000)}"
        note = NOTES[int(chance() * len(NOTES))] if chance() < 0.1 else ""
        # payments: finished orders paid in full, a third of the open ones a deposit
        paid = 0
        payment = None
        if kind == "done" and status != "converted":
            paid = total
        elif kind in ("open", "ready") and order_type != "quote" and chance() < 0.3:
            paid = min(total, max(500, total * 3 // 1000 * 100))
        # the log: created, confirmed, paid, last move
        entries: list[tuple[datetime, str, str, str, str]] = [
            (
                created,
                "created",
                "Created ({type}).",
                f'{{"type":"{type_label}"}}',
                '["type"]',
            )
        ]
        last = created
        if confirmed:  # logged when nothing follows ("moved from Confirmed" tells it)
            last = min(end, created + timedelta(seconds=60 + int(chance() * 1800)))
            if status == "confirmed":
                params = f'{{"number":"{number}"}}'
                entries.append((last, "confirmed", "Confirmed as number {number}.", params, "[]"))
        span = min(age_days, 14.0) * 86_400
        if paid:
            card = chance() < 0.6
            method, label = ("card", "Card") if card else ("cash", "Cash")
            channel, channel_label = ("till", "till") if card else ("back_office", "back office")
            last = min(end, last + timedelta(seconds=chance() * span / 2))
            payment_id = f"{next_seq + i:08x}{bits(96):024x}"  # in order, as the order ids
            at = stamp(last)
            payment = (
                payment_id,
                order_id,
                0,
                "down_payment",
                method,
                paid,
                channel,
                at,
                employee,
                "",
            )
            entries.append(
                (
                    last,
                    "payment",
                    "Payment of {amount} by {method} at the {channel}; balance due now {balance}.",
                    f'{{"amount":"{amount_text(paid)}","balance":"{amount_text(total - paid)}",'
                    f'"channel":{_json_text(channel_label)},"method":"{label}",'
                    f'"payment_id":"{payment_id}"}}',
                    '["method","channel"]',
                )
            )
        if status == "cancelled":
            last = min(end, last + timedelta(seconds=chance() * span))
            entries.append((last, "cancelled", "Order cancelled.", "{}", "[]"))
        elif status == "converted":
            last = min(end, last + timedelta(seconds=chance() * span))
            params = '{"type":"Sales order"}'
            entries.append(
                (last, "converted", "Converted to a new order ({type}).", params, '["type"]')
            )
        elif confirmed and status != "confirmed":
            last = min(end, last + timedelta(seconds=chance() * span))
            entries.append(
                (
                    last,
                    "status_changed",
                    "Status changed from {old} to {new}.",
                    f'{{"new":"{STATES[status][0]}","old":"Confirmed"}}',
                    '["old","new"]',
                )
            )
        if payment is not None:
            payments.append(payment)
        for position, (when, action, message, params, translate) in enumerate(entries):
            log.append(
                (order_id, position, stamp(when), employee, action, message, params, translate)
            )
        name = customer.name
        search_text = (  # search_text_of the parts in order_filter.search_text's order
            search_text_of((number or "",))
            + customer_words
            + search_text_of((subject, reference, note))
            + "".join(texts)
        )
        orders.append(
            (
                order_id,
                order_type,
                number,
                number_sort,
                status,
                kind,
                len(entries),
                stamp(created),
                employee,
                stamp(last),
                employee,
                employee,
                BRANCHES[int(chance() * len(BRANCHES))],
                day(order_date),
                customer.code,
                name,
                name_cf,
                subject,
                "",
                reference,
                note,
                delivery,
                None if pickup is None else day(pickup),
                None if expected is None else day(expected),
                "",
                "",
                True,
                "{}",
                None if reminder is None else day(reminder),
                reminder_note,
                None,
                None,
                "[]",
                total,
                0 if kind == "cancelled" else total - paid,
                paid,
                len(texts),
                search_text,
                next_key + i if sqlite else None,
                f"\n{reference.casefold()}",
            )
        )
        summary.lines += len(texts)
        summary.payments += payment is not None
        summary.log_entries += len(entries)
        summary.open_orders += kind in ("open", "ready") and order_type != "quote"
        writer.added(2 + len(texts) + len(entries))
        if on_progress is not None and (i + 1) % 100_000 == 0:
            on_progress(i + 1)
    writer.flush()
    _restore_indexes(conn, deferred)
    set_counters(conn, "order_counter", "order_type", counters)
    conn.commit()
    summary.seconds = time.perf_counter() - started
    return summary


def orders_rng(seed: int) -> random.Random:
    """The orders' own random stream (the same whether written alone or beside the sales)."""
    return random.Random(f"orders:{seed}")


def write_orders(
    url: str,
    count: int,
    articles: Sequence[GeneratedArticle],
    customers: Sequence[GeneratedCustomer],
    *,
    seed: int,
    end: datetime,
) -> OrderSummary:
    """`add_orders` on a connection of its own: what `generate` runs in a second process."""
    db = open_database(url)
    try:
        with db.write_engine.connect() as conn:
            if db.is_sqlite:
                bulk_pragmas(conn, shared=True)
            writer = BulkWriter(conn)
            return add_orders(writer, orders_rng(seed), count, articles, customers, end=end)
    finally:
        db.dispose()
