"""Fake input devices and a fake /dev/input for scanner reader tests."""

from __future__ import annotations

import errno
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_CLOSED = object()
_UNPLUGGED = object()


@dataclass(frozen=True)
class FakeIds:
    vendor: int
    product: int
    bustype: int = 3
    version: int = 1


class FakeDevice:
    """Yields queued events from read_loop(); unplug() makes it raise ENODEV like a pulled cable."""

    def __init__(self, name: str, vendor: int = 0x05E0, product: int = 0x1200) -> None:
        self.name = name
        self.path = ""
        self.info = FakeIds(vendor, product)
        self.grabbed = False
        self.closed = False
        self.grab_error: OSError | None = None
        self._queue: queue.Queue[Any] = queue.Queue()

    def send(self, events: list[Any]) -> None:
        for event in events:
            self._queue.put(event)

    def unplug(self) -> None:
        self._queue.put(_UNPLUGGED)

    def read_loop(self) -> Iterator[Any]:
        while True:
            item = self._queue.get()
            if item is _CLOSED:
                raise OSError(errno.EBADF, "Bad file descriptor")
            if item is _UNPLUGGED:
                raise OSError(errno.ENODEV, "No such device")
            yield item

    def grab(self) -> None:
        if self.grab_error is not None:
            raise self.grab_error
        self.grabbed = True

    def ungrab(self) -> None:
        if not self.grabbed:
            raise OSError(errno.EINVAL, "Invalid argument")
        self.grabbed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._queue.put(_CLOSED)


class FakeInputDir:
    """/dev/input as the reader sees it: plug and unplug devices, some nodes unreadable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.devices: dict[str, FakeDevice] = {}
        self.denied: dict[str, int] = {}
        self.opened: list[str] = []

    def plug(self, path: str, device: FakeDevice) -> FakeDevice:
        device.path = path
        with self._lock:
            self.devices[path] = device
        return device

    def unplug(self, path: str) -> None:
        with self._lock:
            device = self.devices.pop(path)
        device.unplug()

    def deny(self, path: str, err: int = errno.EACCES) -> None:
        with self._lock:
            self.denied[path] = err

    def list_paths(self) -> list[str]:
        with self._lock:
            return sorted({*self.devices, *self.denied})

    def open(self, path: str) -> FakeDevice:
        with self._lock:
            self.opened.append(path)
            if path in self.denied:
                raise OSError(self.denied[path], "denied")
            if path not in self.devices:
                raise OSError(errno.ENOENT, "No such file or directory")
            return self.devices[path]


class PipeDevice(FakeDevice):
    """A fake with a real file descriptor, so the reader takes the select()/read() path that
    real evdev devices use: each send() writes a byte to a pipe to make the fd readable."""

    def __init__(self, name: str, vendor: int = 0x05E0, product: int = 0x1200) -> None:
        super().__init__(name, vendor, product)
        self._read_fd, self._write_fd = os.pipe()
        os.set_blocking(self._read_fd, False)
        self._gone = False

    def fileno(self) -> int:
        return self._read_fd

    def send(self, events: list[Any]) -> None:
        super().send(events)
        os.write(self._write_fd, b"x")

    def unplug(self) -> None:
        self._gone = True
        os.write(self._write_fd, b"x")

    def read(self) -> Iterator[Any]:
        os.read(self._read_fd, 4096)  # BlockingIOError when nothing is waiting, like evdev
        if self._gone:
            raise OSError(errno.ENODEV, "No such device")
        batch = []
        while not self._queue.empty():
            batch.append(self._queue.get_nowait())
        return iter(batch)

    def read_loop(self) -> Iterator[Any]:
        raise AssertionError("a device with fileno() must be read with select() and read()")

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self._read_fd)
            os.close(self._write_fd)
