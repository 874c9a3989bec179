"""Order search in SQL finds exactly what `OrderFilter.matches` finds, through the word indexes
(FTS5 on SQLite, the tsvector GIN index on PostgreSQL) and without them (ORD-10)."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator

import pytest
from alembic import command
from conftest import BACKENDS, FixedClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from order_store_helpers import (  # noqa: F401 (database fixtures)
    database,
    order_settings,
    placed,
    service,
    shared_pg_database,
    tick,
)
from sqlalchemy import func, select, text

from tui_pos.config import Settings
from tui_pos.core.order_filter import OrderFilter, find_orders, search_text
from tui_pos.core.orders import Order
from tui_pos.services.bootstrap import load_demo
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store import order_search
from tui_pos.store.db import Database
from tui_pos.store.migrate import alembic_config, is_current, upgrade
from tui_pos.store.order_rows import ORDERS

#: Letters that casefold, fold into others or not at all, digits of several kinds, separators
#: (punctuation, LIKE's and FTS5's specials), a combining mark, Unicode-version-sensitive
#: letters (New Tai Lue, Cherokee), a private-use character.
ALPHABET = "abeinoÆæØøÅåÄäÖöÜüßẞİıΣσςǅﬁ0129²½Ⅻ٣ -_%/'\"*^.:(),\u0301\u19b0ᏸᏀ\ue000"
texts = st.text(ALPHABET, max_size=24)


@pytest.fixture
def svc(ctx: TillContext) -> OrderService:
    return service(ctx)


@pytest.fixture(name="settings")
def _settings() -> Settings:
    return order_settings()


@pytest.fixture(params=[order_search.MAX_CANDIDATES, 0], ids=["candidates", "walk"])
def max_candidates(request: pytest.FixtureRequest) -> Iterator[int]:
    """As shipped (SQLite sorts the word index's candidates), or none allowed (SQLite walks the
    sort index with the LIKE conditions alone)."""
    saved = order_search.MAX_CANDIDATES
    order_search.MAX_CANDIDATES = request.param
    yield request.param
    order_search.MAX_CANDIDATES = saved


def _query(draw: st.DrawFn, made: list[str]) -> str:
    """A query: random, or a piece of a text an order of this example has (so that it often
    finds some; the orders of earlier examples are searched too)."""
    if made and draw(st.booleans()):
        source = draw(st.sampled_from(made))
        start = draw(st.integers(0, len(source)))
        end = draw(st.integers(start, len(source)))
        return source[start:end] + draw(st.sampled_from(["", " ", "-", "x"]))
    return draw(texts)


def test_sql_search_finds_what_the_core_finds(
    svc: OrderService, clock: FixedClock, max_candidates: int
) -> None:
    orders: list[Order] = []

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        made = ["Bakkerij de Vries", "SO-1", "sales 1001"]  # texts the demo orders have
        for _ in range(data.draw(st.integers(0, 3))):
            subject, note, reference = data.draw(texts), data.draw(texts), data.draw(texts)
            tick(clock)
            order = placed(svc, subject=subject, note=note, customer_reference=reference)
            orders.append(svc.load(order.id))
            made += [subject + " " + note, reference]
        for _ in range(4):
            spec = OrderFilter(text=data.draw(st.composite(_query)(made)))
            expected = {o.id for o in find_orders(orders, spec)}
            page = svc.page(spec, limit=len(orders) + 1)
            assert {r.id for r in page.rows} == expected, (spec.text, spec.words())
            assert svc.count(spec) == len(expected)

    check()


def test_a_search_uses_the_word_index(
    svc: OrderService, clock: FixedClock, ctx: TillContext
) -> None:
    for subject in ("Søren Ødegård", "Müller-Lüdenscheid", "Straße 12", "Ærø 2026-012345"):
        tick(clock)
        placed(svc, subject=subject)
    with ctx.uow() as uow:
        session = uow.session
        for query, found in [
            ("søren", 1),
            ("øde", 1),
            ("müller lüd", 1),
            ("STRASSE", 1),
            ("ærø 2026-0123", 1),
            ("ansen", 0),
            ("lüdenscheid-xy", 0),
            ("lüdenscheid-x", 1),  # a one-letter prefix is left to LIKE
        ]:
            words = OrderFilter(text=query).words()
            if ctx.db.is_postgres:
                condition = order_search.words_condition(ORDERS.c.search_text, words)
                assert condition is not None
                query_ = select(func.count()).select_from(ORDERS).where(condition)
                session.execute(text("SET LOCAL enable_seqscan = off"))
                sql = query_.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
                plan = session.connection().exec_driver_sql(f"EXPLAIN {sql}").scalars()
                assert order_search.WORDS_INDEX in "\n".join(plan), query
                hits = session.execute(query_).scalar_one()
            else:
                keys = order_search.candidate_keys(session, words)
                assert keys is not None, query
                hits = len(keys)
            assert hits == found, query
    assert order_search.candidate_keys(session, ["a"]) is None  # too short to narrow down


def test_sqlites_word_index_splits_at_spaces_only() -> None:
    """Every letter and digit the core keeps in a word is part of one FTS5 token (unicode61
    with these categories): the index never splits a word the core keeps whole."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, {order_search.FTS_WORDS})")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    chars = [chr(c) for c in range(0x110000) if chr(c).isalnum()]
    conn.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", enumerate("q" + c for c in chars))
    split = [chars[rowid] for (rowid,) in conn.execute("SELECT rowid FROM t WHERE t MATCH 'q'")]
    assert split == [], [unicodedata.name(c, hex(ord(c))) for c in split[:10]]
    conn.execute("INSERT INTO t (rowid, body) VALUES (-1, ' a-b c_d e.f')")
    terms = {term for (term,) in conn.execute("SELECT term FROM v")}
    assert {"a-b", "c_d", "e.f"} <= terms


def test_search_text_is_stored_as_the_core_makes_it(
    svc: OrderService, clock: FixedClock, ctx: TillContext
) -> None:
    order = placed(svc, subject="Søren's Smørrebrød, 2×", customer_reference="REF_9")
    with ctx.db.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT search_text FROM orders WHERE id = :id"), {"id": order.id}
        ).scalar_one()
    assert stored == search_text(svc.load(order.id))
    assert " søren s smørrebrød 2 " in stored and " ref 9" in stored


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_the_migration_rewrites_search_text_both_ways(
    fresh_database: Database, clock: FixedClock
) -> None:
    ctx = TillContext(settings=order_settings(), db=fresh_database, clock=clock)
    load_demo(ctx)
    svc = service(ctx)
    made = [
        placed(svc, subject="Søren Ødegård; Straße", note="x" * 70, customer_reference="R_9"),
        placed(svc, customer_code="C102", our_reference="Müller-Lüdenscheid"),
    ]
    svc.confirm(made[1])
    orders = [svc.load(order.id) for order in made]
    select_texts = text("SELECT id, search_text FROM orders ORDER BY id")
    cfg = alembic_config()
    with fresh_database.write_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_search_statistics")
    with fresh_database.engine.connect() as conn:
        old = dict(conn.execute(select_texts).all())
    for order in orders:  # what 0006 saved: the parts joined by newlines, casefolded
        header, customer = order.header, order.header.customer
        parts = [order.number or "", customer.code if customer else "", customer.name]
        parts += [header.subject, header.our_reference, header.customer_reference, header.note]
        parts += [
            text for line in order.lines for text in (line.article_code or "", line.description)
        ]
        assert old[order.id] == "\n".join(parts).casefold()
    trigram_index = (
        "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_orders_search_trgm' "
        "AND schemaname = current_schema()"
        if fresh_database.is_postgres
        else "SELECT count(*) FROM order_search WHERE order_search MATCH '\"degå\"'"
    )
    with fresh_database.engine.connect() as conn:  # substrings, as before, and their index
        assert conn.execute(text(trigram_index)).scalar_one() == 1
    upgrade(fresh_database)
    assert is_current(fresh_database)
    with fresh_database.engine.connect() as conn:
        new = dict(conn.execute(select_texts).all())
    assert new == {order.id: search_text(order) for order in orders}
    assert [r.id for r in svc.page(OrderFilter(text="müller-lüd")).rows] == [made[1].id]
    assert [r.id for r in svc.page(OrderFilter(text="ødegå x")).rows] == [made[0].id]
    assert svc.page(OrderFilter(text="degå")).rows == ()


def test_the_index_queries_for_the_words() -> None:
    words = OrderFilter(text="Jansen so-2026-0123 p a-b").words()
    assert words == ["jansen", "so 2026 0123", "p", "a b"]
    # SQLite: a phrase per word, its last word a prefix unless shorter than two letters
    assert order_search.match_query(words) == '"jansen" * AND "so 2026 0123" * AND "a"'
    # PostgreSQL: whole words and five-letter prefixes as lexemes, shorter prefixes by `:*`
    assert order_search.tsquery_text(words) == "'janse' & 'so' & '2026' & '0123':* & 'a'"
    assert order_search.match_query(["p"]) is None and order_search.tsquery_text(["p"]) is None
