"""Printer and scanner state in the till's status bar, fed by messages from device threads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label

from tui_pos.hardware.printer import NOT_READY_STATES, state_label
from tui_pos.hardware.scanner_status import ScannerState, ScannerStatus
from tui_pos.i18n import _, ngettext

if TYPE_CHECKING:
    from tui_pos.hardware.spool import SpoolState  # the spool (and print jobs) load later


@dataclass
class SpoolStateChanged(Message):
    """The print spool's worker thread reports the printer's state and the queue length."""

    state: SpoolState


@dataclass
class ScannerStatusChanged(Message):
    """A scanner reader thread reports a scanner connected, unplugged or failing."""

    status: ScannerStatus


def describe_spool(state: SpoolState) -> tuple[str, bool]:
    """Short status-bar text for the printer and its queue, and whether it is a problem."""
    status = state.printer_status
    waiting = state.queue_length
    problem = bool(state.last_error) or status.state in NOT_READY_STATES
    problem = problem or (waiting > 0 and not status.ready)
    if status.ready and not waiting and not state.last_error:
        return _("Printer ok"), False
    label = _("Printer {state}").format(state=state_label(status.state))
    if state.last_error and status.ready:
        label = _("Printer error")
    if waiting:
        label += " · " + ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting)
    return label, problem


def describe_scanners(statuses: Mapping[str, ScannerStatus]) -> tuple[str, bool]:
    """Short status-bar text for the evdev scanners (latest status per device path)."""
    connected = [s for s in statuses.values() if s.state is ScannerState.CONNECTED]
    if len(connected) == 1:
        return _("Scanner ok"), False
    if connected:
        return _("{n} scanners ok").format(n=len(connected)), False
    if any(s.state is ScannerState.ERROR for s in statuses.values()):
        return _("Scanner error"), True
    if statuses:
        return _("Scanner unplugged"), True
    return _("No scanner"), False


class DeviceStatus(Horizontal):
    """Two labels: the printer with its queue length, and the scanners (when read by evdev)."""

    DEFAULT_CSS = """
    DeviceStatus { width: auto; height: 1; }
    DeviceStatus Label { width: auto; padding: 0 1; }
    DeviceStatus Label.problem { background: $error; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="printer-state", markup=False)
        yield Label("", id="scanner-state", markup=False)

    def show_spool(self, state: SpoolState | None) -> None:
        text, problem = describe_spool(state) if state is not None else ("", False)
        self._set("#printer-state", text, problem)

    def show_scanners(self, statuses: Mapping[str, ScannerStatus] | None) -> None:
        text, problem = describe_scanners(statuses) if statuses is not None else ("", False)
        self._set("#scanner-state", text, problem)

    def _set(self, selector: str, text: str, problem: bool) -> None:
        # No label while the bar is being composed or taken down (a device thread's report can
        # arrive as the app quits): nothing to show then.
        for label in self.query(selector).results(Label):
            label.update(text)
            label.set_class(problem, "problem")
            label.display = bool(text)
