"""The till in a real terminal (a pty, 80×24, as over SSH): scans end to end, bytes, memory, idle.

Ours and the floor each run as their own process on the 100,000-article database. Every scan
is written to the terminal at once — the barcode and Enter, as a keyboard-wedge scanner types
it — and timed until the app's output goes quiet (the last byte of the screen update it
caused; quiet = nothing for 40 ms). The same run gives:

* scan → screen updated, p50/p95/p99 over the 500 scans (cart growing to 200 lines);
* bytes written to the terminal per scan (what an SSH session carries);
* peak RSS (VmHWM) after the 500 scans;
* idle CPU: both apps left alone for 30 s afterwards, user+system time of the process.

After the scans the screen must show 200 lines in the totals, or the run is reported as broken.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.fixtures import SCAN_FIELD, Subject
from benchmarks.report import Figure, percentile
from benchmarks.terminal import ESCAPES, TerminalApp

QUIET_S = 0.04
TARGET_P99_MS = 16.0
TARGET_BYTES = 4096
TARGET_RSS_RATIO = 1.3
TARGET_IDLE_PCT = 1.0


@dataclass
class Session:
    """One app after its scans: kept running for the idle measurement."""

    app: TerminalApp
    latencies: list[float]
    bytes_per_scan: float
    peak_rss_kib: int
    lines: int
    cart_ok: bool


def screen_text(output: bytes) -> str:
    """The printable text in terminal output (escape sequences removed)."""
    return ESCAPES.sub(b"", output).decode("utf-8", errors="replace")


def scan_all(subject: Subject, scans: list[str], work: Path) -> Session:
    app = TerminalApp(subject.argv, env=subject.env)
    try:
        drawn = app.wait_drawn(SCAN_FIELD)
        app.wait_quiet(after=drawn - 1.0, quiet=0.5, timeout=30)
        start_bytes = app.bytes_written
        latencies = []
        for code in scans:
            sent = app.send(code.encode() + b"\r")
            latencies.append(app.wait_quiet(after=sent, quiet=QUIET_S) - sent)
        # The last scan's screen update may still be coming (an app that paints a scan in two
        # frames further apart than QUIET_S): let it finish before the cart and RSS are read.
        app.wait_quiet(after=sent, quiet=0.5, timeout=30)
        written = app.bytes_written - start_bytes
        text = screen_text(app.output(start_bytes))
        lines = len(dict.fromkeys(scans))
        cart_ok = re.search(rf"Lines\s+{lines}\b", text) is not None
        rss = app.peak_rss_kib()
        return Session(app, latencies, written / len(scans), rss, lines, cart_ok)
    except BaseException:
        app.stop()
        raise


def idle_cpu(sessions: list[Session], seconds: float) -> list[float]:
    """CPU % of each app over the same `seconds` of leaving them alone."""
    time.sleep(2.0)
    before = [s.app.cpu_seconds() for s in sessions]
    started = time.perf_counter()
    time.sleep(seconds)
    elapsed = time.perf_counter() - started
    return [
        (s.app.cpu_seconds() - b) / elapsed * 100 for s, b in zip(sessions, before, strict=True)
    ]


def figures(
    ours: Session, floor: Session, idle: tuple[float, float], idle_s: float
) -> list[Figure]:
    broken = [s for s, session in (("ours", ours), ("floor", floor)) if not session.cart_ok]
    note = f"screen did not show {ours.lines} lines: {', '.join(broken)}" if broken else ""
    result = []
    for pct in (50, 95, 99):
        value = percentile(ours.latencies, pct) * 1000
        scans = f"{len(ours.latencies)} scans, cart growing to {ours.lines} lines"
        result.append(
            Figure(
                f"scan → screen updated (pty) p{pct}",
                value,
                "ms",
                target=f"p99 ≤ {TARGET_P99_MS:.0f} ms" if pct == 99 else "",
                passed=(value <= TARGET_P99_MS and not broken) if pct == 99 else None,
                floor=percentile(floor.latencies, pct) * 1000,
                note=(note or scans) if pct == 99 else "",
            )
        )
    result.append(
        Figure(
            "bytes to the terminal per scan (80×24)",
            ours.bytes_per_scan / 1024,
            "KiB",
            target=f"< {TARGET_BYTES // 1024} KiB",
            passed=ours.bytes_per_scan < TARGET_BYTES,
            floor=floor.bytes_per_scan / 1024,
        )
    )
    result.append(
        Figure(
            f"peak RSS after {len(ours.latencies)} scans",
            ours.peak_rss_kib / 1024,
            "MiB",
            target=f"≤ {TARGET_RSS_RATIO}× floor",
            passed=ours.peak_rss_kib / floor.peak_rss_kib <= TARGET_RSS_RATIO,
            floor=floor.peak_rss_kib / 1024,
        )
    )
    result.append(
        Figure(
            "idle checkout CPU",
            idle[0],
            "%",
            target=f"< {TARGET_IDLE_PCT:.0f} %",
            passed=idle[0] < TARGET_IDLE_PCT,
            floor=idle[1],
            note=f"over {idle_s:.0f} s, cart of {ours.lines} lines on screen",
        )
    )
    return result
