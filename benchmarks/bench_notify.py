"""Prints the idle CPU of a change-bus listener and commit-to-heard latency (SQLite, PostgreSQL).

Run from the repository root: `python -m benchmarks.bench_notify [--idle-seconds 10]`.
PostgreSQL is measured too when TUI_POS_PG_URL is set (in a scratch schema, dropped after).
Targets (QUE-1, issue #5): heard within 1 s of the commit; an idle listener below 1 % CPU.
`--psycopg-loop` also measures psycopg's own blocking `conn.notifies()` loop for comparison.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from tui_pos.store.db import Database, open_database
from tui_pos.store.notify import ChangeBus, open_bus
from tui_pos.store.uow import SqlUnitOfWork

IDLE_CPU_TARGET_PCT = 1.0
IDLE_CPU_LIMIT_PCT = 2.0
LATENCY_TARGET_MS = 1000.0
CHANNEL = "orders"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    passed: bool | None = None

    def line(self) -> str:
        verdict = {True: "ok", False: "MISSED", None: ""}[self.passed]
        target = f"target {self.target}: {verdict}" if self.target else ""
        return f"{self.name:<44} {self.value:>10.3f} {self.unit:<4} {target}"


def idle_cpu(seconds: float) -> tuple[float, float]:
    """(CPU %, wakeups per second) of this whole process while its main thread sleeps."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu, wall = time.process_time(), time.monotonic()
    time.sleep(seconds)
    after = resource.getrusage(resource.RUSAGE_SELF)
    elapsed = time.monotonic() - wall
    switches = after.ru_nvcsw - usage.ru_nvcsw - 1  # the main thread's own sleep
    return (time.process_time() - cpu) / elapsed * 100, max(switches, 0) / elapsed


def _publisher(url: str, samples: int, interval: float) -> None:
    """Another process: commits an order-like row and announces it, `samples` times."""
    db = open_database(url)
    for n in range(samples):
        with SqlUnitOfWork(db, write=True) as uow:
            uow.session.connection().execute(
                text("INSERT INTO bench_notify (n) VALUES (:n)"), {"n": n}
            )
            uow.notify(CHANNEL, f"{n} {time.monotonic()!r}")  # just before the commit
            uow.commit()
        time.sleep(interval)
    db.dispose()


def latencies(db: Database, bus: ChangeBus, samples: int, interval: float) -> list[float]:
    """Milliseconds from just before another process's commit until our callback runs."""
    heard: dict[int, float] = {}
    done = threading.Event()

    def on_change(channel: str, payload: str) -> None:
        now = time.monotonic()
        n, committing = payload.split()
        heard[int(n)] = (now - float(committing)) * 1000
        if len(heard) == samples:
            done.set()

    subscription = bus.subscribe([CHANNEL], on_change)
    process = multiprocessing.get_context("spawn").Process(
        target=_publisher, args=(db.url, samples, interval)
    )
    process.start()
    process.join(timeout=60 + samples * interval * 4)
    done.wait(timeout=2.0)
    subscription.cancel()
    return sorted(heard.values())


def percentile(ordered: list[float], pct: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def measure(label: str, db: Database, idle_seconds: float, samples: int) -> list[Figure]:
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_notify (n INTEGER)"))
    with open_bus(db) as bus:
        bus.subscribe([CHANNEL], lambda channel, payload: None)
        cpu, wakeups = idle_cpu(idle_seconds)
        times = latencies(db, bus, samples, interval=0.02)
    figures = [
        Figure(
            f"{label}: idle listener CPU ({idle_seconds:.0f} s)",
            cpu,
            "%",
            f"< {IDLE_CPU_TARGET_PCT:.0f} % (limit {IDLE_CPU_LIMIT_PCT:.0f} %)",
            cpu < IDLE_CPU_TARGET_PCT,
        ),
        Figure(f"{label}: idle wakeups", wakeups, "/s"),
        Figure(f"{label}: changes heard", len(times), f"/{samples}", "all", len(times) == samples),
    ]
    if times:
        for name, value in [
            ("p50", percentile(times, 50)),
            ("p99", percentile(times, 99)),
            ("max", times[-1]),
        ]:
            target = f"≤ {LATENCY_TARGET_MS:.0f} ms"
            passed = value <= LATENCY_TARGET_MS
            figures.append(Figure(f"{label}: commit → heard {name}", value, "ms", target, passed))
    return figures


def psycopg_loop_cpu(url: str, seconds: float) -> list[Figure]:
    """What the design avoids: psycopg's `notifies()` wakes ten times a second while idle."""
    import psycopg

    engine = create_engine(url)
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)
    engine.dispose()
    conn = psycopg.connect(*args, **kwargs, autocommit=True)
    conn.execute("LISTEN bench_idle")

    def listen() -> None:
        for _ in conn.notifies():
            break

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    cpu, wakeups = idle_cpu(seconds)
    with psycopg.connect(*args, **kwargs, autocommit=True) as other:
        other.execute("NOTIFY bench_idle")
    thread.join(timeout=2)
    conn.close()
    return [
        Figure(f"psycopg notifies() loop: idle CPU ({seconds:.0f} s)", cpu, "%"),
        Figure("psycopg notifies() loop: idle wakeups", wakeups, "/s"),
    ]


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="bn", dir="/tmp") as directory:
        db = open_database(f"sqlite:///{Path(directory) / 'pos.db'}")
        yield db
        db.dispose()


@contextmanager
def pg_database(url: str) -> Iterator[Database]:
    schema = f"bench_notify_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    db = open_database(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--psycopg-loop", action="store_true")
    options = parser.parse_args()
    pg_url = os.environ.get("TUI_POS_PG_URL", "")

    with sqlite_database() as db:
        for figure in measure("SQLite", db, options.idle_seconds, options.samples):
            print(figure.line(), flush=True)
    if not pg_url:
        print("PostgreSQL: not measured (set TUI_POS_PG_URL)")
        return
    with pg_database(pg_url) as db:
        for figure in measure("PostgreSQL", db, options.idle_seconds, options.samples):
            print(figure.line(), flush=True)
    if options.psycopg_loop:
        for figure in psycopg_loop_cpu(pg_url, options.idle_seconds):
            print(figure.line())


if __name__ == "__main__":
    main()
