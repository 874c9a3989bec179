"""Shared by the change bus tests: a recording callback and databases to publish on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import tui_pos
from tui_pos.store.db import Database, open_database
from tui_pos.store.uow import SqlUnitOfWork

PG_URL = os.environ.get("TUI_POS_PG_URL", "")
PG = [pytest.param("pg", marks=pytest.mark.pg)] if PG_URL else []
SHARED_BACKENDS = ["sqlite", *PG]  # databases other processes can open
ALL_BACKENDS = ["sqlite", "memory", *PG]
SOURCE_ROOT = Path(tui_pos.__file__).resolve().parent.parent


@dataclass(frozen=True)
class Heard:
    channel: str
    payload: str
    at: float  # time.monotonic(), comparable across processes on Linux
    thread: str


class Recorder:
    """A bus callback that remembers what it heard; tests wait on it with a deadline."""

    def __init__(self) -> None:
        self.heard: list[Heard] = []
        self._changed = threading.Condition()

    def __call__(self, channel: str, payload: str) -> None:
        with self._changed:
            now = time.monotonic()
            self.heard.append(Heard(channel, payload, now, threading.current_thread().name))
            self._changed.notify_all()

    def payloads(self) -> list[str]:
        with self._changed:
            return [h.payload for h in self.heard]

    def wait_for(self, payload: str, timeout: float = 2.0) -> Heard:
        """The first change with `payload`; fails the test if none arrives within `timeout`."""
        return self.wait_until(lambda h: h.payload == payload, timeout, f"payload {payload!r}")

    def wait_until(self, match: Callable[[Heard], bool], timeout: float, what: str) -> Heard:
        with self._changed:
            found = self._changed.wait_for(
                lambda: next((h for h in self.heard if match(h)), None), timeout=timeout
            )
            assert found is not None, f"no {what} within {timeout} s; heard {self.heard}"
            return found


def commit_change(db: Database, channel: str, payload: str) -> None:
    with SqlUnitOfWork(db, write=True) as uow:
        uow.notify(channel, payload)
        uow.commit()


def roll_back_change(db: Database, channel: str, payload: str) -> None:
    with SqlUnitOfWork(db, write=True) as uow:
        uow.notify(channel, payload)
        uow.rollback()


def pg_schema_url(schema: str, base: str = PG_URL) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def open_test_database(kind: str, tmp_path: Path) -> Iterator[Database]:
    """An empty database (no tables needed to publish): SQLite file, in-memory, or a PG schema."""
    if kind in ("sqlite", "memory"):
        db = open_database("sqlite://" if kind == "memory" else f"sqlite:///{tmp_path / 'pos.db'}")
        with db.engine.connect():
            pass  # creates the file
        yield db
        db.dispose()
        return
    schema = f"n_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    db = open_database(pg_schema_url(schema))
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def run_python(code: str, *args: str) -> str:
    """Run `code` in a new interpreter that imports this source tree; return its stdout."""
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=SOURCE_ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
