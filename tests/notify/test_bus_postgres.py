"""PostgreSQL change bus: schemas kept apart, reconnects with a resync, late LISTEN resyncs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bus_helpers import PG_URL, Recorder, commit_change, open_test_database
from sqlalchemy import create_engine, text

from tui_pos.store.db import Database, open_database
from tui_pos.store.notify import RESYNC
from tui_pos.store.notify.postgres import PostgresBus, pg_channel

requires_pg = pytest.mark.skipif(not PG_URL, reason="TUI_POS_PG_URL is not set")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    yield from open_test_database("pg", tmp_path)


@pytest.fixture
def other_schema_db(tmp_path: Path) -> Iterator[Database]:
    yield from open_test_database("pg", tmp_path)


@pytest.mark.pg
@requires_pg
def test_another_schema_on_the_same_database_is_not_heard(
    db: Database, other_schema_db: Database
) -> None:
    heard = Recorder()
    with PostgresBus(db) as bus:
        bus.subscribe(["orders"], heard)
        commit_change(other_schema_db, "orders", "other shop")
        commit_change(db, "orders", "ours")
        heard.wait_for("ours")
    assert heard.payloads() == ["ours"]


@pytest.mark.pg
@requires_pg
def test_listener_reconnects_after_losing_its_connection_and_resyncs(db: Database) -> None:
    heard = Recorder()
    with PostgresBus(db) as bus:
        bus.subscribe(["orders"], heard)
        pid = bus.backend_pid
        assert pid is not None
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        admin.dispose()
        heard.wait_for(RESYNC, timeout=5.0)  # changes in the gap are unknown: reload
        assert bus.backend_pid not in (None, pid)
        commit_change(db, "orders", "after reconnect")
        heard.wait_for("after reconnect")


@pytest.mark.pg
@requires_pg
def test_a_subscription_that_became_live_late_is_resynced(db: Database) -> None:
    heard = Recorder()
    with PostgresBus(db) as bus:
        bus.subscribe(["orders"], heard, wait=0)  # returns before the listener has connected
        heard.wait_for(RESYNC)
        commit_change(db, "orders", "1")
        heard.wait_for("1")


@pytest.mark.pg
@requires_pg
def test_an_unreachable_server_neither_blocks_subscribe_nor_close() -> None:
    db = open_database("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    bus = PostgresBus(db)
    started = time.monotonic()
    bus.subscribe(["orders"], Recorder(), wait=0.2)
    bus.close()
    assert time.monotonic() - started < 2.0
    assert bus.thread is not None and not bus.thread.is_alive()
    db.dispose()


def test_channel_names_stay_within_postgres_limits() -> None:
    assert pg_channel("public", "orders") == "public.orders"
    long = pg_channel("s" * 63, "o" * 31)
    assert len(long.encode()) <= 63
    assert long != pg_channel("t" * 63, "o" * 31)
