"""SQLite change bus: stale sockets, the data_version safety net, queue overflow, long paths."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bus_helpers import Recorder, commit_change, open_test_database

from tui_pos.store.db import Database, open_database
from tui_pos.store.notify import RESYNC
from tui_pos.store.notify.sqlite import (
    UNIX_PATH_MAX,
    SqliteBus,
    datagram_queue_limit,
    socket_dir,
)
from tui_pos.store.uow import SqlUnitOfWork


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    yield from open_test_database("sqlite", tmp_path)


@pytest.fixture
def db_file(db: Database) -> Path:
    assert db.url.startswith("sqlite:///")
    return Path(db.url.removeprefix("sqlite:///"))


def test_listener_sockets_live_beside_the_database_and_go_with_close() -> None:
    short = Path(tempfile.mkdtemp(prefix="tp", dir="/tmp"))  # pytest's tmp_path may be too long
    try:
        db_file = short / "pos.db"
        first, second = SqliteBus(db_file), SqliteBus(db_file)
        first.subscribe(["orders"], Recorder())
        second.subscribe(["orders"], Recorder())
        path = first.socket_path
        assert path is not None and path.parent == short / "pos.db.notify"
        assert path.is_socket()
        first.close()
        assert not path.exists()
        assert path.parent.is_dir()  # the second listener is still there
        second.close()
        assert not path.parent.exists()  # the last one out removes the directory
    finally:
        shutil.rmtree(short)


def test_a_socket_whose_owner_is_gone_is_removed_by_the_next_publisher(
    db: Database, db_file: Path
) -> None:
    heard = Recorder()
    with SqliteBus(db_file) as bus:
        bus.subscribe(["orders"], heard)
        stale = socket_dir(db_file) / "999999-deadbeef.sock"
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as dead:
            dead.bind(str(stale))  # a listener that crashed: its file stays, nobody reads it
        not_ours = socket_dir(db_file) / "notes.txt"
        not_ours.write_text("left alone")
        commit_change(db, "orders", "1")
        heard.wait_for("1")
        assert not stale.exists()
        assert not_ours.exists()
        assert bus.socket_path is not None and bus.socket_path.exists()


def test_an_unannounced_commit_is_caught_by_the_data_version_check(db_file: Path) -> None:
    heard = Recorder()
    with SqliteBus(db_file, safety_interval=0.2) as bus:
        bus.subscribe(["orders", "stock"], heard)
        with sqlite3.connect(db_file) as conn:  # a writer that does not publish
            conn.execute("CREATE TABLE t (x INTEGER)")
        heard.wait_for(RESYNC)
        heard.wait_until(lambda h: h.channel == "stock", 2.0, "resync of stock")


def test_announced_commits_cause_no_extra_resync(db: Database, db_file: Path) -> None:
    heard = Recorder()
    with SqliteBus(db_file, safety_interval=0.2) as bus:
        bus.subscribe(["orders"], heard)
        with sqlite3.connect(db_file) as conn:
            conn.execute("CREATE TABLE t (x INTEGER)")
        heard.wait_for(RESYNC)
        before = len(heard.payloads())
        with SqlUnitOfWork(db, write=True) as uow:
            uow.session.connection().exec_driver_sql("INSERT INTO t VALUES (1)")
            uow.notify("orders", "announced")
            uow.commit()
        heard.wait_for("announced")
        time.sleep(0.5)  # a few safety checks pass
        assert heard.payloads()[before:] == ["announced"]


def test_a_listener_that_fell_behind_resyncs_instead_of_losing_changes(
    db: Database, db_file: Path
) -> None:
    heard = Recorder()
    entered, release = threading.Event(), threading.Event()

    def slow_screen(channel: str, payload: str) -> None:
        if payload == "first":
            entered.set()
            release.wait(5.0)
        heard(channel, payload)

    with SqliteBus(db_file) as bus:
        bus.subscribe(["orders"], slow_screen)
        commit_change(db, "orders", "first")
        assert entered.wait(2.0)
        for n in range(datagram_queue_limit() + 5):  # more than the socket queues
            bus.publish("orders", f"n{n}")
        release.set()
        heard.wait_for(RESYNC)


def test_a_broken_publish_never_fails_the_commit(
    db: Database, db_file: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with SqliteBus(db_file) as bus:
        bus.subscribe(["orders"], Recorder())

        def broken(*args: object) -> None:
            raise RuntimeError("kernel says no")

        monkeypatch.setattr(socket.socket, "sendto", broken)
        with caplog.at_level(logging.ERROR):
            commit_change(db, "orders", "1")
    assert "publishing change orders '1' failed" in caplog.text


def test_a_database_path_too_long_for_a_socket_uses_a_short_directory(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    url = f"sqlite:///{deep / 'pos.db'}"
    assert len(f"{deep}/pos.db.notify/1234567-01234567.sock") > UNIX_PATH_MAX
    directory = socket_dir(deep / "pos.db")
    assert str(directory).startswith("/tmp/tui-pos-notify-")
    assert directory == socket_dir(Path(os.path.relpath(deep / "pos.db")))  # same for everyone
    db = open_database(url)
    heard = Recorder()
    try:
        with SqliteBus(deep / "pos.db") as bus:
            bus.subscribe(["orders"], heard)
            commit_change(db, "orders", "deep")
            heard.wait_for("deep")
        assert not directory.exists()  # the last listener out removed it
    finally:
        db.dispose()
        shutil.rmtree(directory, ignore_errors=True)
