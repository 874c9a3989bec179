"""Reads barcode scanners through evdev: grabs them, decodes codes, survives unplug and replug.

Usage::

    reader = ScannerReader(config, on_code=lambda code, device: ..., on_status=...)
    reader.start()
    ...
    reader.stop()

Callbacks run on the reader's threads: hand results to the UI thread-safely (Textual's
`post_message` is thread-safe; see `tui_pos.widgets.wedge.scan_poster`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import select
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tui_pos.hardware.scanner_config import ScannerConfig
from tui_pos.hardware.scanner_decoder import KeyDecoder
from tui_pos.hardware.scanner_discovery import (
    InputDeviceInfo,
    OpenDevice,
    ScannerDevice,
    candidate_paths,
    close_quietly,
    is_scanner,
    list_event_paths,
    open_evdev,
    why_unreadable,
)
from tui_pos.hardware.scanner_status import ScannerState, ScannerStatus
from tui_pos.i18n import _

__all__ = ["ScannerReader", "ScannerState", "ScannerStatus"]

log = logging.getLogger(__name__)

#: How long a blocked read waits before checking whether the reader is stopping.
_POLL_SECONDS = 0.25


OnCode = Callable[[str, str], None]
OnStatus = Callable[[ScannerStatus], None]


@dataclass
class _Reading:
    info: InputDeviceInfo
    device: ScannerDevice
    thread: threading.Thread


class ScannerReader:
    """One read thread per matched scanner plus a watcher thread that picks up (re)plugged ones."""

    def __init__(
        self,
        config: ScannerConfig,
        on_code: OnCode,
        on_status: OnStatus | None = None,
        *,
        open_device: OpenDevice = open_evdev,
        list_paths: Callable[[], list[str]] | None = None,
    ) -> None:
        self.config = config
        self._on_code = on_code
        self._on_status = on_status
        self._open_device = open_device
        self._list_paths = list_paths or (lambda: list_event_paths(config.input_dir))
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._readings: dict[str, _Reading] = {}
        self._not_scanners: set[str] = set()
        self._failures: dict[str, str] = {}
        self._look_again = False
        self._watcher: threading.Thread | None = None

    # --- public -----------------------------------------------------------------------------

    def start(self) -> None:
        """Find scanners now and keep watching for plugged/unplugged ones in the background."""
        if self._watcher is not None:
            return
        self._stopping.clear()
        self._watcher = threading.Thread(target=self._watch, name="scanner-watch", daemon=True)
        self._watcher.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop watching and reading; release (ungrab) and close every device."""
        self._stopping.set()
        if self._watcher is not None:
            self._watcher.join(timeout)
            self._watcher = None
        with self._lock:
            readings = list(self._readings.values())
        for reading in readings:
            if not hasattr(reading.device, "fileno"):
                close_quietly(reading.device)  # unblocks its read_loop()
        for reading in readings:
            reading.thread.join(timeout)

    def connected(self) -> list[InputDeviceInfo]:
        """The scanners being read now."""
        with self._lock:
            return [r.info for r in self._readings.values()]

    def unreadable(self) -> dict[str, str]:
        """Input devices the watcher could not open, with the reason (path → reason)."""
        with self._lock:
            return dict(self._failures)

    def __enter__(self) -> ScannerReader:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # --- watcher ----------------------------------------------------------------------------

    def _watch(self) -> None:
        last_listing: list[str] | None = None
        while not self._stopping.is_set():
            try:
                listing = self._list_paths()
                if listing != last_listing or self._needs_rescan():
                    self._rescan(listing)
                    last_listing = listing
            except Exception:  # the watcher must outlive any surprise
                log.exception("scanner rescan failed")
            self._stopping.wait(self.config.rescan_interval)

    def _rescan(self, listing: list[str]) -> None:
        present = set(listing)
        with self._lock:
            self._not_scanners &= present
            self._failures = {p: r for p, r in self._failures.items() if p in present}
            busy = set(self._readings) | self._not_scanners
        for path in candidate_paths(self.config, listing):
            if path in busy or self._stopping.is_set():
                continue
            try:
                device = self._open_device(path)
            except OSError as exc:
                self._note_failure(path, why_unreadable(exc))
                continue
            info = InputDeviceInfo.of(path, device)
            if not is_scanner(self.config, info):
                close_quietly(device)
                with self._lock:
                    self._not_scanners.add(path)
                continue
            self._start_reading(info, device)

    def _needs_rescan(self) -> bool:
        """A reader ended, or some device failed to open: failures are retried every tick, as
        udev (or an admin's `udevadm trigger`) may fix permissions without any node changing."""
        with self._lock:
            look_again, self._look_again = self._look_again, False
            return look_again or bool(self._failures)

    def _note_failure(self, path: str, reason: str) -> bool:
        """Remember why `path` failed; True if that is news (then it is logged)."""
        with self._lock:
            new = self._failures.get(path) != reason
            self._failures[path] = reason
        if new:
            log.info("input device %s not opened: %s", path, reason)
        return new

    def _retry_soon(self) -> None:
        with self._lock:
            self._look_again = True

    def _start_reading(self, info: InputDeviceInfo, device: ScannerDevice) -> None:
        thread = threading.Thread(
            target=self._read, args=(info, device), name=f"scanner-{info.path}", daemon=True
        )
        with self._lock:
            self._readings[info.path] = _Reading(info, device, thread)
            self._failures.pop(info.path, None)
        thread.start()

    # --- one device -------------------------------------------------------------------------

    def _read(self, info: InputDeviceInfo, device: ScannerDevice) -> None:
        decoder = KeyDecoder(
            self.config.keyboard_layout(),
            prefix=self.config.prefix,
            suffix=self.config.suffix,
            terminators=self.config.terminator_codes(),
        )
        grabbed = False
        look_again = True
        try:
            if self.config.grab:
                device.grab()
                grabbed = True
            self._report(ScannerState.CONNECTED, info)
            log.info("scanner connected: %s (%s, %s)", info.name, info.path, info.usb_id)
            for event in self._events(device):
                code = decoder.feed(event)
                if code is not None:
                    self._deliver(code, info.name)
            if not self._stopping.is_set():
                self._report(ScannerState.DISCONNECTED, info, _("the device stopped sending"))
        except OSError as exc:
            if self._stopping.is_set():
                pass
            elif exc.errno == errno.ENODEV:
                log.warning("scanner unplugged: %s (%s)", info.name, info.path)
                self._report(ScannerState.DISCONNECTED, info, _("unplugged"))
            else:
                look_again = False  # failures are retried anyway
                reason = why_unreadable(exc)
                log.warning("scanner %s (%s) failed: %s", info.name, info.path, reason)
                if self._note_failure(info.path, reason):
                    self._report(ScannerState.ERROR, info, reason)
        finally:
            if grabbed:
                with contextlib.suppress(OSError):  # already gone
                    device.ungrab()
            close_quietly(device)
            with self._lock:
                self._readings.pop(info.path, None)
            if self._stopping.is_set():
                self._report(ScannerState.DISCONNECTED, info, _("stopped"))
            elif look_again:
                self._retry_soon()  # a quick replug can bring back the same node name

    def _events(self, device: ScannerDevice) -> Iterator[Any]:
        fileno = getattr(device, "fileno", None)
        if fileno is None:
            for event in device.read_loop():
                if self._stopping.is_set():
                    return
                yield event
            return
        fd = fileno()
        read = device.read  # type: ignore[attr-defined]
        while not self._stopping.is_set():
            ready, _w, _x = select.select([fd], [], [], _POLL_SECONDS)
            if not ready:
                continue
            try:
                batch = list(read())
            except BlockingIOError:
                continue
            yield from batch

    def _deliver(self, code: str, device_name: str) -> None:
        try:
            self._on_code(code, device_name)
        except Exception:  # a bad handler must not stop the scanner
            log.exception("scan handler failed for %r from %s", code, device_name)

    def _report(self, state: ScannerState, info: InputDeviceInfo, message: str = "") -> None:
        if self._on_status is None:
            return
        try:
            self._on_status(ScannerStatus(state, info.path, info.name, message))
        except Exception:
            log.exception("scanner status handler failed")
