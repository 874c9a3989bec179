"""Asks for the manager PIN (RUN-3: the only way out of the kiosk). The PIN is checked against
its stored hash in a worker thread (PBKDF2 takes a moment); wrong PINs lock it for a while."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui_pos.core.pin import MAX_PIN_DIGITS, PinGuard
from tui_pos.i18n import _


@dataclass
class PinChecked(Message):
    ok: bool


class PinScreen(ModalScreen[bool]):
    """Dismissed with True for the right PIN, False on Esc."""

    CSS_PATH = "pin_dialog.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="pin.cancel")]

    def __init__(
        self,
        check: Callable[[str], bool],
        guard: PinGuard,
        *,
        title: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.check = check
        self.guard = guard
        self.title_text = title or _("Manager PIN")
        self.clock = clock
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Label(self.title_text, id="pin-title", markup=False)
            yield Input(
                password=True,
                restrict=r"[0-9]*",
                max_length=MAX_PIN_DIGITS,
                id="pin-input",
            )
            yield Static("", id="pin-error", markup=False)
            yield Label(_("Enter = OK   Esc = cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#pin-error", Static).update(text)

    @on(Input.Submitted, "#pin-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking:
            return
        wait = self.guard.seconds_locked(self.clock())
        if wait > 0:
            self.app.bell()
            self.say(_("Too many wrong PINs: try again in {n} s.").format(n=int(wait) + 1))
            return
        self.checking = True
        self.say(_("Checking…"))
        self._check(event.value)

    @work(thread=True, group="pin-check", exit_on_error=False)
    def _check(self, pin: str) -> None:
        self.post_message(PinChecked(self.check(pin)))

    @on(PinChecked)
    def _checked(self, message: PinChecked) -> None:
        self.checking = False
        self.guard.record(message.ok, self.clock())
        if message.ok:
            self.dismiss(True)
            return
        self.app.bell()
        self.query_one(Input).value = ""
        self.say(_("Wrong PIN."))

    def action_cancel(self) -> None:
        self.dismiss(False)
