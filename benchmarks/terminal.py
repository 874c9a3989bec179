"""Runs a full-screen app in a pseudo-terminal: when it is ready, what it writes, what it costs.

The app gets a pty of the given size as its controlling terminal and its stdin, stdout and
stderr (Textual draws on stderr), as under SSH. A reader thread drains the pty and timestamps
every chunk, so a benchmark can tell when something appeared on the screen, send keys, and wait
for the screen update they cause to finish. Nothing in the app is instrumented.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


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

    # -- input and lifecycle -----------------------------------------------------------
    def wait_drawn(self, *texts: bytes, after: int = 0, timeout: float = 60.0) -> float:
        """Wait until each of `texts` appears in the output past byte `after`, and the last
        screen row has been written (a whole frame is on the screen); returns the time the
        chunk that completed it arrived."""
        wanted = (*texts, f"\x1b[{self.rows};1H".encode())
        deadline = time.perf_counter() + timeout
        with self._lock:
            while True:
                ends = [self._output.find(t, after) for t in wanted]
                if all(end >= 0 for end in ends):
                    done = max(end + len(t) for end, t in zip(ends, wanted, strict=True))
                    offset = 0
                    for when, size in self._chunks:
                        offset += size
                        if offset >= done:
                            return when
                if self._closed:
                    raise AppFailed(self._failure("exited"))
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise AppFailed(self._failure(f"{texts} not drawn within {timeout} s"))
                self._lock.wait(left)

    def send(self, data: bytes) -> float:
        """Type `data` (all at once, like a scanner); returns when it was written."""
        now = time.perf_counter()
        os.write(self._master, data)
        return now

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
        text = ESCAPES.sub(b"", self.output()[-4000:]).decode("utf-8", errors="replace")
        return f"{' '.join(self.argv)}: {what}; the terminal showed:\n{text[-2000:]}"

    def __enter__(self) -> TerminalApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
