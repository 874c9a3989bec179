"""Finds scanner input devices by allowlist, and reports the devices it cannot open and why."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tui_pos.hardware.scanner_config import ScannerConfig
from tui_pos.i18n import _


class DeviceIds(Protocol):
    @property
    def vendor(self) -> int: ...
    @property
    def product(self) -> int: ...


class ScannerDevice(Protocol):
    """What the reader needs of an input device; `evdev.InputDevice` is one.

    A device without `fileno()` is read through `read_loop()`, which must end (return or raise
    OSError) once `close()` is called from another thread.
    """

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str | bytes: ...
    @property
    def info(self) -> DeviceIds: ...

    def read_loop(self) -> Iterator[Any]: ...
    def grab(self) -> None: ...
    def ungrab(self) -> None: ...
    def close(self) -> None: ...


OpenDevice = Callable[[str], ScannerDevice]


def open_evdev(path: str) -> ScannerDevice:
    """Open a real input device (the default opener)."""
    from evdev import InputDevice

    device: ScannerDevice = InputDevice(path)
    return device


@dataclass(frozen=True)
class DeviceSource:
    """Where input devices come from: open one by path, list the event nodes present."""

    open_device: OpenDevice
    list_paths: Callable[[], list[str]]

    @classmethod
    def local(cls, input_dir: str = "/dev/input") -> DeviceSource:
        """This machine's /dev/input through evdev."""
        return cls(open_evdev, lambda: list_event_paths(input_dir))


@dataclass(frozen=True)
class InputDeviceInfo:
    """One readable input device."""

    path: str
    name: str
    vendor: int
    product: int

    @property
    def usb_id(self) -> str:
        return f"{self.vendor:04x}:{self.product:04x}"

    @classmethod
    def of(cls, path: str, device: ScannerDevice) -> InputDeviceInfo:
        return cls(path, device.name, device.info.vendor, device.info.product)


@dataclass(frozen=True)
class UnreadableDevice:
    path: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    """What `discover()` found: scanners by the allowlist, other devices, devices it can't open."""

    scanners: list[InputDeviceInfo] = field(default_factory=list)
    others: list[InputDeviceInfo] = field(default_factory=list)
    unreadable: list[UnreadableDevice] = field(default_factory=list)


def _event_number(path: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", Path(path).name)
    return (int(digits) if digits else -1, path)


def list_event_paths(input_dir: str = "/dev/input") -> list[str]:
    """All /dev/input/event* nodes, readable or not (evdev.list_devices() hides unreadable ones)."""
    try:
        names = os.listdir(input_dir)
    except OSError:
        return []
    paths = [os.path.join(input_dir, n) for n in names if n.startswith("event")]
    return sorted(paths, key=_event_number)


def candidate_paths(config: ScannerConfig, listed: list[str]) -> list[str]:
    """The listed event nodes plus configured explicit paths that point elsewhere."""
    real = {os.path.realpath(p) for p in listed}
    extra = [p for p in config.paths if os.path.realpath(p) not in real]
    return [*listed, *extra]


def is_scanner(config: ScannerConfig, info: InputDeviceInfo) -> bool:
    """Whether the allowlist matches the device (by path, USB id or name)."""
    real = os.path.realpath(info.path)
    if any(os.path.realpath(p) == real for p in config.paths):
        return True
    if info.usb_id in {u.lower() for u in config.usb_ids}:
        return True
    return any(re.search(p, info.name, re.IGNORECASE) for p in config.name_patterns)


def why_unreadable(exc: OSError) -> str:
    """A cashier/admin-readable reason an input device could not be opened."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _(
            "permission denied: add the till user to the 'input' group or install"
            " config/udev/99-tui-pos-scanner.rules (see docs/hardware.md)"
        )
    if exc.errno == errno.EBUSY:
        return _("in use: another program has grabbed it")
    if exc.errno in (errno.ENODEV, errno.ENOENT):
        return _("not present: is it plugged in?")
    return exc.strerror or str(exc)


def close_quietly(device: ScannerDevice) -> None:
    with contextlib.suppress(OSError):
        device.close()


def discover(
    config: ScannerConfig,
    *,
    open_device: OpenDevice = open_evdev,
    paths: list[str] | None = None,
) -> Discovery:
    """Open every input device once and sort it into scanners, others and unreadable ones."""
    result = Discovery()
    listed = paths if paths is not None else list_event_paths(config.input_dir)
    for path in candidate_paths(config, listed):
        try:
            device = open_device(path)
        except OSError as exc:
            result.unreadable.append(UnreadableDevice(path, why_unreadable(exc)))
            continue
        try:
            info = InputDeviceInfo.of(path, device)
        finally:
            close_quietly(device)
        (result.scanners if is_scanner(config, info) else result.others).append(info)
    return result
