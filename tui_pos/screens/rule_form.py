"""A modal form for one discount rule: labelled fields, Enter saves, errors keep it open."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.i18n import _


class RuleFormScreen(ModalScreen[bool]):
    """`fields` are (name, label); `save(values)` stores them or raises PosError (naming the
    field in `.field`), in which case the error is shown and nothing is saved. True = saved."""

    CSS_PATH = "rule_form.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="rule_form.cancel")]

    def __init__(
        self,
        title: str,
        fields: Sequence[tuple[str, str]],
        values: Mapping[str, str],
        save: Callable[[dict[str, str]], object],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.initial = dict(values)
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Label(self.title_text, id="form-title", markup=False)
            for name, label in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(value=self.initial.get(name, ""), id=f"field-{name}", max_length=32)
            yield Static("", id="form-error", markup=False)
            yield Label(_("Tab = next field   Enter = save   Esc = cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#field-{name}", Input).value for name, _label in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.save(self.values())
        except PosError as exc:
            self.query_one("#form-error", Static).update(exc.message)
            if exc.field is not None and self.query(f"#field-{exc.field}"):
                self.query_one(f"#field-{exc.field}", Input).focus()
            self.app.bell()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
