"""SQLite change bus: each listener binds a Unix datagram socket beside the database file.

Publishers send one datagram to every socket in the directory after their commit; a listener
thread sleeps in the kernel until one arrives (no polling). Sockets whose owner is gone are
removed by the next publisher. As a safety net the listener compares `PRAGMA data_version`
every few seconds and tells its subscribers to reload if the database changed unheard.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import logging
import os
import secrets
import selectors
import socket
import sqlite3
import stat
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from tui_pos.store.notify.channels import check_notification
from tui_pos.store.notify.wake import SocketWokenBus

log = logging.getLogger(__name__)

MAGIC = b"tui-pos-change/1\n"
SOCKET_SUFFIX = ".sock"
UNIX_PATH_MAX = 107  # sun_path is 108 bytes including the terminating NUL
SOCKET_NAME_MAX = 21  # "<pid up to 4194304>-<8 hex>.sock"
SAFETY_INTERVAL_SECONDS = 5.0
#: Without a socket (directory not writable) the data_version check is all there is.
FALLBACK_INTERVAL_SECONDS = 1.0


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    parsed = make_url(url)
    name = parsed.database or ""
    if name in ("", ":memory:") or parsed.query.get("mode") == "memory":
        return None
    return Path(name.removeprefix("file:"))


def socket_dir(db_file: Path) -> Path:
    """Where the listeners of `db_file` put their sockets: beside it, or in /tmp if too long.

    Every process computes the same directory from the resolved path of the database.
    """
    real = os.path.realpath(db_file)
    beside = f"{real}.notify"
    if len(os.fsencode(beside)) + 1 + SOCKET_NAME_MAX <= UNIX_PATH_MAX:
        return Path(beside)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:24]
    return Path("/tmp") / f"tui-pos-notify-{digest}"


def encode(channel: str, payload: str) -> bytes:
    return MAGIC + f"{channel}\n{payload}".encode()


def decode(data: bytes) -> tuple[str, str] | None:
    """(channel, payload) of a datagram, or None if it is not one of ours."""
    if not data.startswith(MAGIC):
        return None
    try:
        channel, payload = data[len(MAGIC) :].decode().split("\n", 1)
    except ValueError:  # not UTF-8, or no separator
        return None
    return channel, payload


def send_to_listeners(directory: Path, channel: str, payload: str) -> None:
    """Send a change to every listener socket in `directory`. Never blocks, never raises.

    A socket nobody is bound to any more (its process ended) is removed. A listener whose
    queue is full misses this datagram; it notices the overflow and resyncs.
    """
    try:
        names = [n for n in os.listdir(directory) if n.endswith(SOCKET_SUFFIX)]
    except FileNotFoundError:
        return  # nobody has ever listened
    except OSError as exc:
        log.warning("cannot list change listeners in %s: %s", directory, exc)
        return
    if not names:
        return
    message = encode(channel, payload)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.setblocking(False)
            for name in names:
                _send(sock, directory / name, message)
    except Exception:
        log.exception("publishing change %s %r failed", channel, payload)


def _send(sock: socket.socket, path: Path, message: bytes) -> None:
    try:
        sock.sendto(message, os.fsencode(path))
    except ConnectionRefusedError:  # a socket file nobody is bound to: its owner is gone
        _remove(path)
    except FileNotFoundError:  # removed since we listed the directory
        pass
    except BlockingIOError:
        log.debug("change listener %s has a full queue", path)
    except OSError as exc:
        log.warning("cannot notify change listener %s: %s", path, exc)


def _remove(path: Path) -> None:
    try:
        path.unlink()
        log.debug("removed stale change listener socket %s", path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot remove stale change listener socket %s: %s", path, exc)


@functools.cache
def datagram_queue_limit() -> int:
    """How many datagrams a Unix socket queues before senders get EAGAIN (Linux sysctl)."""
    try:
        return int(Path("/proc/sys/net/unix/max_dgram_qlen").read_text())
    except (OSError, ValueError):
        return 10


def _share_mode(db_file: Path) -> int:
    """Socket permissions: whoever may write the database may notify (at least the owner)."""
    try:
        return (stat.S_IMODE(os.stat(db_file).st_mode) & 0o666) | 0o600
    except OSError:
        return 0o600


def bind_listener(directory: Path, db_file: Path) -> tuple[socket.socket, Path]:
    """A non-blocking datagram socket bound to a fresh name in `directory` (created if needed)."""
    mode = _share_mode(db_file)
    dir_mode = mode | ((mode & 0o444) >> 2)  # searchable wherever readable
    for _ in range(5):
        try:
            os.mkdir(directory, dir_mode)
            os.chmod(directory, dir_mode)  # mkdir applies the umask
        except FileExistsError:
            pass
        path = directory / f"{os.getpid()}-{secrets.token_hex(4)}{SOCKET_SUFFIX}"
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            sock.bind(os.fsencode(path))
            os.chmod(path, mode)
        except OSError as exc:
            sock.close()
            # A name taken, or the directory removed by the last listener leaving: try again.
            if exc.errno in (errno.EADDRINUSE, errno.ENOENT):
                continue
            raise
        sock.setblocking(False)
        return sock, path
    raise OSError(errno.EADDRINUSE, "no free listener socket name", str(directory))


def unbind_listener(path: Path) -> None:
    """Remove a listener's socket, and the directory once the last listener has left."""
    _remove(path)
    with contextlib.suppress(OSError):  # other listeners remain, or it is gone already
        path.parent.rmdir()


class DataVersion:
    """`PRAGMA data_version` on a connection of its own: it moves when others commit."""

    def __init__(self, db_file: Path) -> None:
        self._db_file = db_file
        self._conn: sqlite3.Connection | None = None
        self._last: int | None = None
        self.changed()

    def changed(self) -> bool:
        """Whether another connection committed since the previous call."""
        try:
            if self._conn is None:
                uri = f"{self._db_file.absolute().as_uri()}?mode=rw"
                self._conn = sqlite3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False, timeout=1.0
                )
            (version,) = self._conn.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error as exc:
            log.debug("cannot read data_version of %s: %s", self._db_file, exc)
            self.close()
            return False
        changed = self._last is not None and version != self._last
        self._last = version
        return changed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class SqliteBus(SocketWokenBus):
    """Change bus for processes sharing one SQLite file on one host."""

    def __init__(self, db_file: Path, *, safety_interval: float = SAFETY_INTERVAL_SECONDS) -> None:
        super().__init__()
        self.db_file = db_file
        self.directory = socket_dir(db_file)
        self._safety_interval = safety_interval
        self._sock: socket.socket | None = None
        self._sock_path: Path | None = None
        self._version: DataVersion | None = None

    @property
    def socket_path(self) -> Path | None:
        """This bus's listener socket, once something subscribed (None if it could not bind)."""
        return self._sock_path

    def publish(self, channel: str, payload: str = "") -> None:
        check_notification(channel, payload)
        send_to_listeners(self.directory, channel, payload)

    def _before_first_listener(self) -> None:
        self._version = DataVersion(self.db_file)  # the baseline: commits from now on count
        try:
            self._sock, self._sock_path = bind_listener(self.directory, self.db_file)
        except OSError as exc:
            log.warning(
                "no change socket in %s (%s): checking the database every %.0f s instead",
                self.directory,
                exc,
                FALLBACK_INTERVAL_SECONDS,
            )
        self._hears_every_channel = True

    def _listen(self) -> None:
        interval = self._safety_interval
        if self._sock is None:
            interval = min(interval, FALLBACK_INTERVAL_SECONDS)
        version = self._version or DataVersion(self.db_file)
        heard = False
        next_check = time.monotonic() + interval
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_r, selectors.EVENT_READ)
            if self._sock is not None:
                selector.register(self._sock, selectors.EVENT_READ)
            while not self.closing:
                ready = {key.fileobj for key, _ in selector.select(next_check - time.monotonic())}
                if self._wake_r in ready:
                    self._drain_wake()
                if self.closing:
                    break
                if self._sock is not None and self._sock in ready:
                    heard = self._receive(self._sock) or heard
                if time.monotonic() >= next_check:
                    if version.changed() and not heard:
                        self._resync()
                    heard = False
                    next_check = time.monotonic() + interval
        version.close()

    def _receive(self, sock: socket.socket) -> bool:
        """Deliver every queued datagram; resync if the queue may have overflowed."""
        changes: list[tuple[str, str]] = []
        count = 0
        while True:
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                break
            except OSError as exc:
                log.warning("change socket receive failed: %s", exc)
                break
            count += 1
            change = decode(data)
            if change is not None:
                changes.append(change)
        if count >= datagram_queue_limit():
            self._resync()  # publishers may have found the queue full and dropped changes
        else:
            self._dispatch(changes)
        return count > 0

    def _release(self) -> None:
        if self._sock is not None:
            self._sock.close()
        if self._sock_path is not None:
            unbind_listener(self._sock_path)
        super()._release()
