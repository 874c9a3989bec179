"""Prints the idle CPU of the order queue app and how soon another process's change shows in it.

Runs the real app (PosApp showing the order queue) in a child process on a pseudo-terminal of
80×24, as on a till: first idle for `--idle-seconds` (its process CPU time over wall time, and
its threads' context switches), then this process changes an order `--samples` times and times
each change from just before its commit until the child has drawn the queue with it (the child
logs each redraw with its clock; CLOCK_MONOTONIC is shared by the processes of a host).
SQLite always; PostgreSQL too when TUI_POS_PG_URL is set (a scratch schema, dropped after).
Targets (QUE-1, issue #5): idle < 1 % CPU (limit 2 %), change visible within 1 s.

Run from the repository root: `python -m benchmarks.bench_queue [--idle-seconds 20]`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from tui_pos.config import REPO_ROOT, load_settings
from tui_pos.services.bootstrap import open_context
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService

IDLE_CPU_TARGET_PCT = 1.0
IDLE_CPU_LIMIT_PCT = 2.0
LATENCY_TARGET_MS = 1000.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

#: The app in the child: the order queue as its first screen; every redraw of the queue's rows
#: is logged as "<monotonic> <id>:<status> …".
CHILD = """
import sys, time
from tui_pos.app import PosApp
from tui_pos.config import load_settings
from tui_pos.screens.order_queue import OrderQueueScreen, open_order_queue
from tui_pos.services.bootstrap import open_context

log = open(sys.argv[1], "a", buffering=1)
render = OrderQueueScreen._render_rows

def logged(self):
    render(self)
    rows = " ".join(f"{row.id}:{row.status}" for row in self.rows)
    log.write(f"{time.monotonic()!r} {rows}\\n")

OrderQueueScreen._render_rows = logged

class QueueApp(PosApp):
    def home_screen(self):
        return open_order_queue(self)

QueueApp(open_context(load_settings()), start_printing=False).run()
"""


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


class QueueProcess:
    """The queue app in a child process on a pseudo-terminal; output is read and dropped."""

    def __init__(self, url: str, log_path: Path) -> None:
        self.log_path = log_path
        log_path.touch()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "PYTHONPATH": str(REPO_ROOT),
            "TUI_POS_DATABASE__URL": url,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(log_path)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=REPO_ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = 0
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += len(data)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime

    def context_switches(self) -> int:
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
        return total

    def redraws(self) -> list[tuple[float, dict[str, str]]]:
        shown = []
        for line in self.log_path.read_text().splitlines(keepends=True):
            if not line.endswith("\n"):
                break  # still being written
            at, *rows = line.split()
            shown.append((float(at), dict(row.split(":", 1) for row in rows)))
        return shown

    def wait_for(self, order_id: str, status: str, after: float, timeout: float) -> float | None:
        """When the child first drew `order_id` in `status` after `after` (None: not in time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, rows in self.redraws():
                if at >= after and rows.get(order_id) == status:
                    return at
            time.sleep(0.005)
        return None

    def stop(self) -> None:
        try:
            os.write(self.master, b"\x11")  # Ctrl+Q
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def measure(label: str, ctx: TillContext, idle_seconds: float, samples: int) -> list[Figure]:
    service = OrderService(ctx, user="bench", autosave_drafts=False)
    order = service.new_order(customer_code="C101")
    service.add_article(order, "1001")
    service.confirm(order)
    with tempfile.TemporaryDirectory(prefix="bq") as directory:
        child = QueueProcess(ctx.db.url, Path(directory) / "redraws.log")
        try:
            started = time.monotonic()
            if child.wait_for(order.id, order.status, 0.0, timeout=60) is None:
                raise SystemExit(f"{label}: the queue app did not show the queue")
            startup = time.monotonic() - started
            time.sleep(3)  # let the subscription connect and the first reloads settle
            cpu, wall, switches = child.cpu_seconds(), time.monotonic(), child.context_switches()
            output = child.output
            time.sleep(idle_seconds)
            elapsed = time.monotonic() - wall
            idle_pct = (child.cpu_seconds() - cpu) / elapsed * 100
            wakeups = (child.context_switches() - switches) / elapsed
            idle_output = (child.output - output) / elapsed
            latencies, missed = [], 0
            for n in range(samples):
                target = "ready_for_pickup" if n % 2 == 0 else "in_progress"
                before = time.monotonic()
                service.move_status(order, target)
                shown = child.wait_for(order.id, target, before, timeout=5)
                if shown is None:
                    missed += 1
                else:
                    latencies.append((shown - before) * 1000)
                time.sleep(0.2)
        finally:
            child.stop()
    figures = [
        Figure(f"{label}: queue app start → queue shown", startup, "s"),
        Figure(
            f"{label}: idle queue app CPU ({idle_seconds:.0f} s)",
            idle_pct,
            "%",
            f"< {IDLE_CPU_TARGET_PCT:.0f} % (limit {IDLE_CPU_LIMIT_PCT:.0f} %)",
            idle_pct < IDLE_CPU_TARGET_PCT,
        ),
        Figure(f"{label}: idle context switches", wakeups, "/s"),
        Figure(f"{label}: idle terminal output", idle_output, "B/s"),
        Figure(f"{label}: changes shown", samples - missed, f"/{samples}", "all", missed == 0),
    ]
    if latencies:
        ordered = sorted(latencies)
        target = f"≤ {LATENCY_TARGET_MS:.0f} ms"
        for name, value in [
            ("median", statistics.median(ordered)),
            ("p95", ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]),
            ("max", ordered[-1]),
        ]:
            figures.append(
                Figure(
                    f"{label}: change → shown {name}",
                    value,
                    "ms",
                    target,
                    value <= LATENCY_TARGET_MS,
                )
            )
    return figures


@contextmanager
def database(url: str | None) -> Iterator[TillContext]:
    """A demo database (catalog and demo orders): a SQLite file, or a scratch PG schema."""
    settings = load_settings()
    if url is None:
        with tempfile.TemporaryDirectory(prefix="bq", dir="/tmp") as directory:
            settings.database.url = f"sqlite:///{Path(directory) / 'pos.db'}"
            ctx = open_context(settings, demo=True)
            yield ctx
            ctx.db.dispose()
        return
    schema = f"bench_queue_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    settings.database.url = f"{url}{sep}options=-csearch_path%3D{schema}"
    try:
        ctx = open_context(settings, demo=True)
        yield ctx
        ctx.db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--samples", type=int, default=20)
    options = parser.parse_args()
    pg_url = os.environ.get("TUI_POS_PG_URL", "")
    with database(None) as ctx:
        for figure in measure("SQLite", ctx, options.idle_seconds, options.samples):
            print(figure.line(), flush=True)
    if not pg_url:
        print("PostgreSQL: not measured (set TUI_POS_PG_URL)")
        return
    with database(pg_url) as ctx:
        for figure in measure("PostgreSQL", ctx, options.idle_seconds, options.samples):
            print(figure.line(), flush=True)


if __name__ == "__main__":
    main()
