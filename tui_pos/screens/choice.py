"""A question with a few answers, each on its own key (e.g. S save / D discard / Esc stay)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_pos.i18n import _

Choice = tuple[str, str]  # (key letter, label)


class ChoiceScreen(ModalScreen[str | None]):
    """Returns the chosen key, or None on Esc. Letters choose at once; ↑↓ + Enter also work."""

    CSS_PATH = "choice.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Back"), id="choice.cancel")]

    def __init__(
        self, title: str, message: str, choices: Sequence[Choice], *, escape_label: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = list(choices)
        self.escape_label = escape_label or _("Back")

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Label(self.title_text, id="choice-title", markup=False)
            if self.message:
                yield Static(self.message, id="choice-message", markup=False)
            yield OptionList(
                *(Option(f"{key.upper()}  {label}", id=key) for key, label in self.choices),
                id="choice-list",
                markup=False,
            )
            yield Label(_("Esc = {label}").format(label=self.escape_label), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: Key) -> None:
        for key, _label in self.choices:
            if event.character is not None and event.character.lower() == key:
                event.stop()
                self.dismiss(key)
                return

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
