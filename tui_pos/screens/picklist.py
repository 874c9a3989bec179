"""A searchable pick list modal: articles, customers, variants, parked sales."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.i18n import _
from tui_pos.widgets.cells import PlainCell

Row = tuple[str, Sequence[str]]  # (key, cells)


class PickListScreen(ModalScreen[str | None]):
    """Type to filter (when `search` is given), arrows to choose, Enter to pick, Esc to cancel."""

    CSS_PATH = "picklist.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="pick.cancel"),
        Binding("down", "move(1)", show=False, id="pick.down"),
        Binding("up", "move(-1)", show=False, id="pick.up"),
        Binding("pagedown", "move(10)", show=False, id="pick.pagedown"),
        Binding("pageup", "move(-10)", show=False, id="pick.pageup"),
    ]

    def __init__(
        self,
        title: str,
        columns: Sequence[str],
        *,
        search: Callable[[str], Sequence[Row]] | None = None,
        rows: Sequence[Row] | None = None,
        initial: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.columns = columns
        self.search = search
        self.rows = list(rows or [])
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Label(self.title_text, id="pick-title", markup=False)
            if self.search is not None:
                yield Input(value=self.initial, placeholder=_("Type to search…"), id="pick-input")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="pick-table")
            yield Static("", id="pick-error", markup=False)
            yield Label(_("↑↓ choose   Enter pick   Esc cancel"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in self.columns:
            table.add_column(PlainCell(column))
        if self.search is not None:
            self.query_one(Input).focus()
            self.refresh_rows(self.initial)
        else:
            self.fill(self.rows)
            table.focus()

    def fill(self, rows: Sequence[Row]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for key, cells in rows:
            table.add_row(*map(PlainCell, cells), key=key)
        self.query_one("#pick-error", Static).update("" if rows else _("Nothing found."))

    @on(Input.Changed, "#pick-input")
    def _changed(self, event: Input.Changed) -> None:
        self.refresh_rows(event.value)

    @work(exclusive=True, thread=True, group="pick-search")
    def refresh_rows(self, text: str) -> None:
        assert self.search is not None
        try:
            rows = self.search(text)
        except PosError as exc:
            self.app.call_from_thread(self.query_one("#pick-error", Static).update, exc.message)
            return
        self.app.call_from_thread(self.fill, rows)

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(Input.Submitted, "#pick-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.pick()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.pick()

    def pick(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key: Any = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)
