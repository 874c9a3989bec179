"""A read-only message box (e.g. why a line has its price); any of Enter/Esc closes it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui_pos.i18n import _


class InfoScreen(ModalScreen[None]):
    CSS_PATH = "info.tcss"
    BINDINGS = [Binding("escape,enter", "close", _("Close"), id="info.close")]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="info-box"):
            yield Label(self.title_text, id="info-title", markup=False)
            yield Static(
                "\n".join(f"• {line}" for line in self.lines), id="info-body", markup=False
            )
            yield Label(_("Enter / Esc = close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
