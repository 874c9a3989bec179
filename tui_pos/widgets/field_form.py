"""A compact form: one labelled field per line (text, date, choice, check box or button).

Text and date fields report an edit when they lose focus or Enter is pressed, not per key; the
owner applies it (and calls `show` with the result). `pending()` lists typed but unreported
values, so an action can apply them first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select

FieldKind = Literal["text", "date", "choice", "check", "button"]
Value = str | bool


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind = "text"
    #: (label, value) pairs of a choice field
    options: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""
    #: a button may stay usable on an order that cannot be edited
    always_enabled: bool = False


class FieldForm(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    FieldForm { height: 1fr; padding: 0 1; }
    FieldForm .ff-row { height: 1; }
    FieldForm .ff-label { width: 24; color: $text-muted; }
    FieldForm .ff-field { width: 1fr; }
    FieldForm Input.ff-field { background: $boost; }
    FieldForm Input.-invalid { background: $error 30%; }
    FieldForm Button.ff-field {
        min-width: 0; width: 1fr; padding: 0; text-align: left; content-align: left middle;
    }
    FieldForm .ff-empty { color: $text-muted; }
    """

    BINDINGS = [
        # priority: a closed choice field would open on ↑↓ instead of moving on
        Binding("up", "move(-1)", show=False, priority=True, id="form.previous"),
        Binding("down", "move(1)", show=False, priority=True, id="form.next"),
    ]

    @dataclass
    class Edited(Message):
        form: FieldForm
        name: str
        value: Value

    @dataclass
    class Pressed(Message):
        form: FieldForm
        name: str

    def __init__(self, specs: Sequence[FieldSpec], *, empty_text: str = "", **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.specs = list(specs)
        self.empty_text = empty_text
        self._fields: dict[str, Widget] = {}
        self._shown: dict[str, Value] = {}
        self._refused: dict[str, Value] = {}

    def compose(self) -> ComposeResult:
        if not self.specs and self.empty_text:
            yield Label(self.empty_text, classes="ff-empty", markup=False)
        for spec in self.specs:
            field = self._make(spec)
            field.add_class("ff-field")
            self._fields[spec.name] = field
            with Horizontal(classes="ff-row"):
                yield Label(spec.label, classes="ff-label", markup=False)
                yield field

    def _make(self, spec: FieldSpec) -> Widget:
        if spec.kind == "choice":
            return Select(spec.options, allow_blank=False, compact=True, name=spec.name)
        if spec.kind == "check":
            return Checkbox("", compact=True, name=spec.name)
        if spec.kind == "button":
            return Button("", compact=True, name=spec.name)
        return Input(placeholder=spec.placeholder, compact=True, name=spec.name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            focused = self.app.focused
            if focused is None or focused not in self.walk_children():
                return False
            # an open choice list uses ↑↓ itself
            return not any(
                isinstance(node, Select) and node.expanded for node in focused.ancestors_with_self
            )
        return True

    def action_move(self, step: int) -> None:
        if step > 0:
            self.app.action_focus_next()
        else:
            self.app.action_focus_previous()

    def field(self, name: str) -> Widget:
        return self._fields[name]

    def show(self, values: Mapping[str, Value], *, editable: bool = True) -> None:
        """Show these values (the order's, after every change)."""
        for spec in self.specs:
            field = self._fields[spec.name]
            value = values.get(spec.name, "")
            self._shown[spec.name] = value
            self._refused.pop(spec.name, None)
            field.disabled = not (editable or spec.always_enabled)
            if isinstance(field, Input):
                field.remove_class("-invalid")
                if field.value != value:
                    field.value = str(value)
            elif isinstance(field, Select):
                with field.prevent(Select.Changed):
                    field.value = str(value)
            elif isinstance(field, Checkbox):
                with field.prevent(Checkbox.Changed):
                    field.value = bool(value)
            elif isinstance(field, Button):
                field.label = Content(str(value))  # a customer "code name": not markup

    def mark_invalid(self, name: str) -> None:
        """The owner refused the typed value: highlight it (and do not report it again)."""
        field = self._fields.get(name)
        if isinstance(field, Input):
            field.add_class("-invalid")
            self._refused[name] = field.value

    def pending(self) -> list[tuple[str, str]]:
        """Typed values not yet reported (e.g. the field still has focus)."""
        return [
            (name, field.value)
            for name, field in self._fields.items()
            if isinstance(field, Input)
            and not field.disabled
            and field.value != self._shown.get(name, "")
        ]

    def _report(self, field: Widget, value: Value) -> None:
        name = field.name or ""
        if name not in self._shown or value == self._shown[name]:
            return
        if name in self._refused and self._refused[name] == value:
            return
        self.post_message(self.Edited(self, name, value))

    @on(Input.Blurred)
    @on(Input.Submitted)
    def _input_done(self, event: Input.Blurred | Input.Submitted) -> None:
        event.stop()
        self._report(event.input, event.value)

    @on(Select.Changed)
    def _choice(self, event: Select.Changed) -> None:
        event.stop()
        self._report(event.select, str(event.value))

    @on(Checkbox.Changed)
    def _check(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._report(event.checkbox, event.value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Pressed(self, event.button.name or ""))
