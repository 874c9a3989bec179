"""A scanner's state as the reader reports it (no evdev: the status bar imports this)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ScannerState(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ERROR = "error"


@dataclass(frozen=True)
class ScannerStatus:
    """A change in one scanner's state, for the status bar and the log."""

    state: ScannerState
    path: str
    device_name: str
    message: str = ""
