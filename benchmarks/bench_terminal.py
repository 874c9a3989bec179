"""The till in a real terminal (a pty, 80×24, as over SSH): scans end to end, bytes, memory, idle.

Ours and the floor each run as their own process on the 100,000-article database. Each scan is
typed as a keyboard-wedge scanner types it: the 13 digits a key at a time, KEY_GAP_S apart (a
USB scanner sends a key press and release per character at the 1 ms USB poll; over SSH each
key is its own packet), then Enter. The app sees the keys as they come, as it would: it may be
painting the scan field's digits when Enter arrives. The clock starts when Enter is written.
Ours gets a wedge max_gap of 1 s (TUI_POS_WEDGE__MAX_GAP): on a loaded machine a 2 ms sleep
between keys can take longer than the 50 ms that tells a scan from typing, which would split
a scan into typing and a short bad scan (noise from the harness, not what is measured). The
detector ends a scan at Enter without waiting, so this changes no time; scans typed with a
longer pause than TYPING_DELAYED_S are counted in the notes.

* scan → line on screen: until the chunk of output that leaves the terminal showing the
  scanned article's cart line with its new quantity (line number, name, quantity, amount on one
  row) and "Lines N" in the totals. The terminal is a model fed the same bytes (benchmarks/
  vt.py), so this holds whether the app rewrites whole regions or only the changed cells; the
  time is when that chunk was read, the arrival of the frame that shows the line (the rest of a
  frame follows within microseconds). p50/p95/p99 over the 500 scans (cart growing to 200
  lines). Target: p99 ≤ 16 ms, one frame at 60 Hz.
* scan → screen settled: until the last output the scan caused (nothing for QUIET_S after it):
  trailing repaints after the line is shown count here, not above. The next scan is typed
  then (once the line has shown), so each scan finds the app idle, as a cashier's next scan
  (≥ 0.3 s later) does.
* CPU per scan: user + system time of the app process over the scans, per scan; what load on
  the machine cannot inflate (much), unlike wall-clock latencies on a shared 2-core box.
* bytes written to the terminal per scan (what an SSH session carries), typing echo included;
* peak RSS (VmHWM) after the scans;
* idle CPU: both apps left alone for 30 s afterwards, user+system time of the process.

A scan whose line never shows, or a run whose totals do not end at 200 lines, is reported as
broken.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.fixtures import SCAN_FIELD, Subject, article_names
from benchmarks.report import Figure, percentile
from benchmarks.terminal import AppFailed, TerminalApp
from benchmarks.vt import Terminal

KEY_GAP_S = 0.002
QUIET_S = 0.05
LINE_TIMEOUT_S = 5.0
TYPING_DELAYED_S = 0.02
WEDGE_MAX_GAP = "1.0"
TARGET_P99_MS = 16.0
TARGET_BYTES = 4096
TARGET_RSS_RATIO = 1.3
TARGET_IDLE_PCT = 1.0


@dataclass
class Session:
    """One app after its scans: kept running for the idle measurement."""

    app: TerminalApp
    shown: list[float]  # Enter → line on screen, per scan whose line showed
    settled: list[float]  # Enter → last output of the scan
    missing: int  # scans whose line never showed
    delayed: int  # scans the harness typed with a longer pause than TYPING_DELAYED_S
    cpu_per_scan: float
    bytes_per_scan: float
    peak_rss_kib: int
    lines: int
    cart_ok: bool


@dataclass(frozen=True)
class Expected:
    """What the cart shows after a scan: its line (number, name, quantity) and line count."""

    position: int
    name: str
    qty: int
    lines: int

    def check(self, before: Terminal) -> Callable[[Terminal], bool]:
        """Whether a screen shows this line, where the screen `before` the scan did not: a
        row with the line's number, name and quantity (and price) that was not there."""
        # A 2-wide column shows a line number from 100 on by two of its digits (which two
        # differs: ours the last, the floor's DataTable the first): then any number will do,
        # and the row is told from an earlier line of the same name by being new.
        number = str(self.position) if self.position < 100 else r"\d+"
        row = re.compile(
            rf"(?:^|\s){number}\s+{re.escape(self.name[:12])}.*?\s{self.qty}\s+\d+[.,]\d\d\b",
            re.MULTILINE,
        )
        total = re.compile(rf"Lines\s+{self.lines}\b")
        old = {match.group() for match in row.finditer(before.text())}

        def shown(screen: Terminal) -> bool:
            text = screen.text()
            if total.search(text) is None:
                return False
            return any(match.group() not in old for match in row.finditer(text))

        return shown


def expected_lines(url: str, scans: list[str]) -> list[Expected]:
    """Per scan, the cart line it adds to (scans of one article come in a row)."""
    names = article_names(url, scans)
    result: list[Expected] = []
    for i, code in enumerate(scans):
        if i and code == scans[i - 1]:
            last = result[-1]
            result.append(Expected(last.position, last.name, last.qty + 1, last.lines))
        else:
            lines = result[-1].lines + 1 if result else 1
            result.append(Expected(lines, names[code], 1, lines))
    return result


def scan_all(subject: Subject, scans: list[str], url: str, key_gap: float = KEY_GAP_S) -> Session:
    app = TerminalApp(subject.argv, env={**subject.env, "TUI_POS_WEDGE__MAX_GAP": WEDGE_MAX_GAP})
    try:
        drawn = app.wait_drawn(SCAN_FIELD)
        app.wait_quiet(after=drawn - 1.0, quiet=0.5, timeout=30)
        start_bytes = app.bytes_written
        cpu = app.cpu_seconds()
        shown, settled, missing, delayed = [], [], 0, 0
        for code, expected in zip(scans, expected_lines(url, scans), strict=True):
            mark = app.catch_up()
            check = expected.check(app.screen)
            enter = app.type(code.encode() + b"\r", key_gap)
            delayed += app.typing_gap > TYPING_DELAYED_S
            last = app.wait_quiet(after=enter, quiet=QUIET_S)
            when = app.first_shown(mark, check)
            while when is None:  # a pause before the line (a slow scan, a busy machine)
                try:
                    last = app.wait_quiet(after=last, quiet=QUIET_S, timeout=LINE_TIMEOUT_S)
                except AppFailed:
                    break
                when = app.first_shown(mark, check)
            settled.append(last - enter)
            if when is None:
                missing += 1
            else:
                shown.append(when - enter)
        cpu = app.cpu_seconds() - cpu
        # The last scan's screen update may still be coming: let it finish before the cart
        # and RSS are read. (After the last Enter, not after `last`: wait_quiet wants output
        # after `after`, and there may be none after the last chunk, which is a 30 s failure.)
        app.wait_quiet(after=enter, quiet=0.5, timeout=30)
        written = app.bytes_written - start_bytes
        lines = len(dict.fromkeys(scans))
        cart_ok = missing == 0 and re.search(rf"Lines\s+{lines}\b", app.screen.text()) is not None
        rss = app.peak_rss_kib()
        n = len(scans)
        return Session(
            app, shown, settled, missing, delayed, cpu / n, written / n, rss, lines, cart_ok
        )
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
    note = ""
    if broken:
        missing = ", ".join(f"{s.missing} line(s) never shown" for s in (ours, floor))
        note = f"broken: {', '.join(broken)} (ours, floor: {missing})"
    scans = f"{len(ours.settled)} scans, cart growing to {ours.lines} lines"
    if ours.delayed or floor.delayed:
        scans += f"; typing delayed by the machine in {ours.delayed} (floor {floor.delayed})"
    result = []
    for pct in (50, 95, 99):
        value = percentile(ours.shown, pct) * 1000 if ours.shown else None
        result.append(
            Figure(
                f"scan → line on screen (pty) p{pct}",
                value,
                "ms",
                target=f"p99 ≤ {TARGET_P99_MS:.0f} ms" if pct == 99 else "",
                passed=(value is not None and value <= TARGET_P99_MS and not broken)
                if pct == 99
                else None,
                floor=percentile(floor.shown, pct) * 1000 if floor.shown else None,
                note=(note or scans) if pct == 99 else "",
            )
        )
    result.append(
        Figure(
            "scan → screen settled (pty) p99",
            percentile(ours.settled, 99) * 1000,
            "ms",
            floor=percentile(floor.settled, 99) * 1000,
            note=f"the last output a scan caused; quiet = {QUIET_S * 1000:.0f} ms after it",
        )
    )
    result.append(
        Figure(
            "app CPU per scan (pty)",
            ours.cpu_per_scan * 1000,
            "ms",
            floor=floor.cpu_per_scan * 1000,
            note="user + system time of the process over the scans, typing included",
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
            f"peak RSS after {len(ours.settled)} scans",
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
