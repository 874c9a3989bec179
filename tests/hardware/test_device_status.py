"""Status-bar texts for the printer/spool and the evdev scanners."""

from __future__ import annotations

import pytest

from tui_pos.hardware.printer import PrinterStatus
from tui_pos.hardware.scanner import ScannerState, ScannerStatus
from tui_pos.hardware.spool import SpoolState
from tui_pos.widgets.device_status import describe_scanners, describe_spool


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (SpoolState(PrinterStatus("online"), 0), ("Printer ok", False)),
        (SpoolState(PrinterStatus("unknown"), 0), ("Printer status unknown", False)),
        (SpoolState(PrinterStatus("offline"), 0), ("Printer offline", True)),
        (SpoolState(PrinterStatus("online"), 3), ("Printer online · 3 waiting", False)),
        (
            SpoolState(PrinterStatus("paper_out"), 1, "not ready"),
            ("Printer out of paper · 1 waiting", True),
        ),
        (
            SpoolState(PrinterStatus("online"), 0, "Job 4 cannot be printed"),
            ("Printer error", True),
        ),
    ],
)
def test_printer_text(state: SpoolState, expected: tuple[str, bool]) -> None:
    assert describe_spool(state) == expected


def status(path: str, state: ScannerState, message: str = "") -> ScannerStatus:
    return ScannerStatus(state, path, "Scanner", message)


def test_scanner_text() -> None:
    assert describe_scanners({}) == ("No scanner", False)
    one = status("/dev/input/event7", ScannerState.CONNECTED)
    gone = status("/dev/input/event8", ScannerState.DISCONNECTED, "unplugged")
    broken = status("/dev/input/event9", ScannerState.ERROR, "permission denied")
    assert describe_scanners({one.path: one}) == ("Scanner ok", False)
    assert describe_scanners({one.path: one, gone.path: gone}) == ("Scanner ok", False)
    assert describe_scanners({gone.path: gone}) == ("Scanner unplugged", True)
    assert describe_scanners({gone.path: gone, broken.path: broken}) == ("Scanner error", True)
    two = status("/dev/input/event10", ScannerState.CONNECTED)
    assert describe_scanners({one.path: one, two.path: two}) == ("2 scanners ok", False)
