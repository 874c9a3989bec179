"""A small modal that asks for one value (quantity, price, discount, note, weight)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.i18n import _


class PromptScreen(ModalScreen[str | None]):
    """Returns the typed text, or None when cancelled. `validate` may raise PosError."""

    CSS_PATH = "prompt.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        *,
        validate: Callable[[str], object] | None = None,
        placeholder: str = "",
        error: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label_text = label
        self.initial = value
        self.validate = validate
        self.placeholder = placeholder
        self.error = error  # shown at first, e.g. why the previous answer was refused

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.title_text, id="prompt-title", markup=False)
            yield Label(self.label_text, markup=False)
            yield Input(value=self.initial, placeholder=self.placeholder, id="prompt-input")
            yield Static(self.error, id="prompt-error", markup=False)
            yield Label(_("Enter = OK   Esc = cancel"), classes="hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.action_select_all()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.validate is not None:
            try:
                self.validate(event.value)
            except PosError as exc:
                self.query_one("#prompt-error", Static).update(exc.message)
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
