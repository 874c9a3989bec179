"""Reads an ESC/POS printer's real-time status (DLE EOT n) into a PrinterStatus."""

from __future__ import annotations

from collections.abc import Callable

from tui_pos.hardware.printer import PrinterStatus
from tui_pos.i18n import _

DLE_EOT = b"\x10\x04"
#: DLE EOT n: 1 printer status, 2 offline cause, 4 roll paper sensor.
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4

# Every status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a reply.
_FIXED_MASK, _FIXED_VALUE = 0x93, 0x12
_OFFLINE = 0x08  # n=1
_COVER_OPEN, _PAPER_END_STOP, _ERROR = 0x04, 0x20, 0x40  # n=2
_PAPER_NEAR_END, _PAPER_END = 0x0C, 0x60  # n=4

#: Sends DLE EOT n and returns the reply byte, or None when nothing came back.
AskStatus = Callable[[int], "int | None"]


def is_status_byte(value: int) -> bool:
    return value & _FIXED_MASK == _FIXED_VALUE


def status_byte(reply: bytes | bytearray | None) -> int | None:
    """The status byte in a reply, or None for an empty reply."""
    if not reply:
        return None
    return reply[-1]  # a late reply to an earlier query may come first; the last byte is ours


def read_status(ask: AskStatus) -> PrinterStatus:
    """Ask the printer (through `ask`) and interpret the answers; no answer means "unknown"."""

    def ask_valid(n: int) -> int | None:
        value = ask(n)
        return value if value is not None and is_status_byte(value) else None

    printer = ask_valid(PRINTER_STATUS)
    if printer is None:
        return PrinterStatus("unknown", _("the printer did not answer the status query"))
    if printer & _OFFLINE:
        cause = ask_valid(OFFLINE_CAUSE)
        if cause is not None and cause & _COVER_OPEN:
            return PrinterStatus("cover_open", _("close the printer cover"))
        if cause is not None and cause & _PAPER_END_STOP:
            return PrinterStatus("paper_out", _("load a new paper roll"))
        if cause is not None and cause & _ERROR:
            return PrinterStatus("offline", _("the printer reports an error; switch it off and on"))
        return PrinterStatus("offline", _("the printer is offline"))
    paper = ask_valid(PAPER_SENSOR)
    if paper is not None and paper & _PAPER_END:
        return PrinterStatus("paper_out", _("load a new paper roll"))
    if paper is not None and paper & _PAPER_NEAR_END:
        return PrinterStatus("online", _("paper is running low"))
    return PrinterStatus("online")
