"""Change bus in one process, on every backend: delivered on commit, never on rollback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bus_helpers import ALL_BACKENDS, Recorder, commit_change, open_test_database, roll_back_change

from tui_pos.store.db import Database
from tui_pos.store.notify import ChangeBus, open_bus
from tui_pos.store.uow import SqlUnitOfWork


@pytest.fixture(params=ALL_BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    yield from open_test_database(request.param, tmp_path)


@pytest.fixture
def bus(db: Database) -> Iterator[ChangeBus]:
    bus = open_bus(db)
    yield bus
    bus.close()


def test_commit_is_heard_on_the_listener_thread_and_rollback_is_not(
    db: Database, bus: ChangeBus
) -> None:
    heard = Recorder()
    bus.subscribe(["orders"], heard)

    roll_back_change(db, "orders", "rolled-back")
    with SqlUnitOfWork(db, write=True) as uow:
        uow.notify("orders", "forgotten")  # no commit: the unit of work ends uncommitted
    commit_change(db, "orders", "42")

    change = heard.wait_for("42")
    assert change.channel == "orders"
    assert bus.thread is not None
    assert change.thread == bus.thread.name
    assert change.thread != threading.current_thread().name
    # Changes arrive in commit order, so anything rolled back would have come first.
    assert heard.payloads() == ["42"]


def test_a_unit_of_work_publishes_each_distinct_change_once(db: Database, bus: ChangeBus) -> None:
    heard = Recorder()
    bus.subscribe(["orders"], heard)
    with SqlUnitOfWork(db, write=True) as uow:
        uow.notify("orders", "7")
        uow.notify("orders", "7")
        uow.notify("orders", "8")
        uow.commit()
    commit_change(db, "orders", "end")
    heard.wait_for("end")
    assert heard.payloads() == ["7", "8", "end"]


def test_subscribers_hear_only_their_channels(db: Database, bus: ChangeBus) -> None:
    orders, stock = Recorder(), Recorder()
    bus.subscribe(["orders"], orders)
    bus.subscribe(["stock", "orders"], stock)
    commit_change(db, "stock", "s1")
    commit_change(db, "orders", "o1")
    stock.wait_for("o1")
    orders.wait_for("o1")
    assert orders.payloads() == ["o1"]
    assert stock.payloads() == ["s1", "o1"]


def test_bus_publish_outside_a_transaction_is_heard(bus: ChangeBus) -> None:
    heard = Recorder()
    bus.subscribe(["orders"], heard)
    bus.publish("orders", "direct")
    heard.wait_for("direct")


def test_cancelled_subscription_hears_nothing_more(db: Database, bus: ChangeBus) -> None:
    cancelled, kept = Recorder(), Recorder()
    subscription = bus.subscribe(["orders"], cancelled)
    bus.subscribe(["orders"], kept)
    commit_change(db, "orders", "1")
    cancelled.wait_for("1")
    subscription.cancel()
    commit_change(db, "orders", "2")
    kept.wait_for("2")
    assert cancelled.payloads() == ["1"]


def test_a_failing_callback_does_not_stop_the_listener(db: Database, bus: ChangeBus) -> None:
    def explode(channel: str, payload: str) -> None:
        raise RuntimeError("bug in a screen")

    heard = Recorder()
    bus.subscribe(["orders"], explode)
    bus.subscribe(["orders"], heard)
    commit_change(db, "orders", "1")
    commit_change(db, "orders", "2")
    heard.wait_for("2")


def test_close_stops_the_listener_promptly(db: Database) -> None:
    bus = open_bus(db)
    bus.subscribe(["orders"], Recorder())
    thread = bus.thread
    assert thread is not None and thread.is_alive()
    started = time.monotonic()
    bus.close()
    thread.join(timeout=1.0)
    assert not thread.is_alive()
    assert time.monotonic() - started < 1.0
    bus.close()  # idempotent
    with pytest.raises(RuntimeError):
        bus.subscribe(["orders"], Recorder())
    commit_change(db, "orders", "after close")  # publishing without listeners is fine


def test_close_without_subscribers_and_from_a_callback(db: Database) -> None:
    open_bus(db).close()
    bus = open_bus(db)
    closed = threading.Event()

    def close_from_listener(channel: str, payload: str) -> None:
        bus.close()
        closed.set()

    bus.subscribe(["orders"], close_from_listener)
    commit_change(db, "orders", "1")
    assert closed.wait(2.0)
    thread = bus.thread
    assert thread is not None
    thread.join(timeout=1.0)
    assert not thread.is_alive()


@pytest.mark.parametrize("channel", ["", "Orders", "orders-queue", "9orders", "o" * 32])
def test_bad_channel_names_are_refused_before_anything_is_written(
    db: Database, channel: str
) -> None:
    with SqlUnitOfWork(db, write=True) as uow, pytest.raises(ValueError, match="channel"):
        uow.notify(channel)
    with open_bus(db) as bus, pytest.raises(ValueError, match="channel"):
        bus.subscribe([channel], Recorder())


def test_payload_too_long_is_refused(db: Database) -> None:
    with SqlUnitOfWork(db, write=True) as uow, pytest.raises(ValueError, match="payload"):
        uow.notify("orders", "x" * 4001)
