"""Runs a full-screen app in a pseudo-terminal: when it is ready, what it writes, what it costs.

The app gets a pty of the given size as its controlling terminal and its stdin, stdout and
stderr (Textual draws on stderr), as under SSH. A reader thread does nothing but drain the pty
and timestamp every chunk as it is read (`time.perf_counter()`), so a chunk's time is when the
terminal would have received it. What the chunks show is worked out by feeding them, in order,
to a model of the terminal (benchmarks/vt.py): "the screen shows X" is decided on the screen,
whatever way the app wrote it (whole regions or only the cells that changed), and the time is
that of the chunk that completed it. `wait_quiet` tells when an update has finished (nothing
for a while), and `first_shown` then looks back for the chunk that first showed something:
that replay happens after the fact, so it costs the app nothing while it works.
Nothing in the app is instrumented.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.vt import Terminal

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class AppFailed(RuntimeError):
    """The app exited or did not answer in time; the message ends with its stderr."""


def _controlling_tty() -> None:  # runs in the child between fork and exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class TerminalApp:
    """One app process on a pty. `spawned_at` and all returned times are `time.perf_counter()`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        cols: int = 80,
        rows: int = 24,
        cwd: Path | None = None,
    ) -> None:
        self.argv = list(argv)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.rows = rows
        #: What the terminal shows after the chunks fed to it so far (see `_feed`).
        self.screen = Terminal(cols, rows, newline_returns=True)  # the pty's ONLCR
        self._fed = 0  # chunks fed to `screen`
        self._fed_bytes = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.typing_gap = 0.0
        # A chunk is timestamped by the reader thread once it holds the GIL: keep the wait
        # for it (Python's switch interval, 5 ms by default) short while the main thread works.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.0005))
        child_env = {**env, "TERM": env.get("TERM", "xterm")}
        self._chunks: list[tuple[float, int]] = []
        self._output = bytearray()
        self._lock = threading.Condition()
        self._closed = False
        self.spawned_at = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=child_env,
            cwd=cwd,
            preexec_fn=_controlling_tty,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # -- output ------------------------------------------------------------------------
    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            now = time.perf_counter()
            with self._lock:
                if not data:
                    self._closed = True
                    self._lock.notify_all()
                    return
                self._chunks.append((now, len(data)))
                self._output += data
                self._lock.notify_all()

    @property
    def bytes_written(self) -> int:
        """Bytes the app has written to the terminal so far."""
        with self._lock:
            return len(self._output)

    @property
    def chunks_read(self) -> int:
        """Chunks read from the terminal so far (a mark for `first_shown`)."""
        with self._lock:
            return len(self._chunks)

    def output(self, start: int = 0) -> bytes:
        with self._lock:
            return bytes(self._output[start:])

    def wait_quiet(self, after: float, quiet: float = 0.03, timeout: float = 5.0) -> float:
        """Wait for output after `after` and then `quiet` seconds without any; returns the time
        the last chunk arrived (the end of the screen update)."""
        deadline = after + timeout
        with self._lock:
            while True:
                last = self._chunks[-1][0] if self._chunks else 0.0
                now = time.perf_counter()
                if last > after and now - last >= quiet:
                    return last
                if self._closed:
                    raise AppFailed(self._failure("exited"))
                if now > deadline:
                    raise AppFailed(self._failure(f"no quiet output within {timeout} s"))
                wait = quiet - (now - last) if last > after else deadline - now
                self._lock.wait(max(0.001, min(wait, deadline - now)))

    # -- the screen ----------------------------------------------------------------------
    def _feed(self, until: int, shown: Callable[[Terminal], bool] | None = None) -> float | None:
        """Feed the chunks up to index `until` to `screen`; with `shown`, stop after the first
        chunk after which it holds and return that chunk's time. Call with the lock held."""
        while self._fed < until:
            when, size = self._chunks[self._fed]
            start = self._fed_bytes
            self.screen.feed(self._decoder.decode(bytes(self._output[start : start + size])))
            self._fed_bytes += size
            self._fed += 1
            if shown is not None and shown(self.screen):
                return when
        return None

    def catch_up(self) -> int:
        """Bring `screen` up to all that was read; returns `chunks_read` (for `first_shown`)."""
        with self._lock:
            self._feed(len(self._chunks))
            return self._fed

    def first_shown(self, since: int, shown: Callable[[Terminal], bool]) -> float | None:
        """The time of the first chunk from index `since` (a `chunks_read` taken earlier) after
        which the screen satisfies `shown`; None if none did. Replays what was read since."""
        with self._lock:
            self._feed(since)
            if shown(self.screen):
                raise ValueError("the screen showed it before: the check cannot tell")
            return self._feed(len(self._chunks), shown)

    def wait_drawn(self, *texts: bytes | str, after: int = 0, timeout: float = 60.0) -> float:
        """Wait until a chunk read after byte `after` leaves the screen showing each of `texts`
        and something on its last row (a whole frame); returns the time that chunk arrived."""
        wanted = [t.decode() if isinstance(t, bytes) else t for t in texts]

        def shown(screen: Terminal) -> bool:
            text = screen.text()
            return all(t in text for t in wanted) and screen.line(self.rows - 1).strip() != ""

        deadline = time.perf_counter() + timeout
        with self._lock:
            while True:
                while self._fed < len(self._chunks) and self._fed_bytes < after:
                    self._feed(self._fed + 1)  # written before: not what is waited for
                when = self._feed(len(self._chunks), shown)
                if when is not None:
                    return when
                if self._closed:
                    raise AppFailed(self._failure("exited"))
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise AppFailed(self._failure(f"{texts} not drawn within {timeout} s"))
                self._lock.wait(left)

    # -- input and lifecycle -----------------------------------------------------------
    def send(self, data: bytes) -> float:
        """Write `data` to the app's terminal at once; returns when it was written."""
        now = time.perf_counter()
        os.write(self._master, data)
        return now

    def type(self, data: bytes, gap: float) -> float:
        """Type `data` a key at a time, `gap` seconds apart (0: all at once); returns when the
        last key was written. `typing_gap` is then the longest time between two keys (more than
        `gap` when the machine kept this process waiting)."""
        self.typing_gap = 0.0
        if not gap:
            return self.send(data)
        sent = self.send(data[:1])
        for key in data[1:]:
            time.sleep(gap)
            now = self.send(bytes([key]))
            self.typing_gap = max(self.typing_gap, now - sent)
            sent = now
        return sent

    # -- /proc -------------------------------------------------------------------------
    def _status(self, key: str) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise KeyError(key)

    def peak_rss_kib(self) -> int:
        """Peak resident memory (VmHWM) of the app process so far."""
        return self._status("VmHWM")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the app process (all its threads) so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        with contextlib.suppress(OSError):
            os.close(self._master)

    def _failure(self, what: str) -> str:
        with self._lock:
            self._feed(len(self._chunks))
            text = self.screen.text()
        return f"{' '.join(self.argv)}: {what}; the terminal showed:\n{text}"

    def __enter__(self) -> TerminalApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
