"""The cart as a table: one row per line, the newest selected."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui_pos.core.cart import CartLine
from tui_pos.i18n import _
from tui_pos.widgets.strips import join_alike

COLUMNS = ("pos", "name", "qty", "price", "total")
Cells = tuple[str, str, str, str, str]


def format_qty(line: CartLine) -> str:
    if line.article.weighed:
        return f"{line.qty:.3f}"
    return str(line.qty.normalize()) if line.qty == line.qty.to_integral_value() else str(line.qty)


class CartTable(DataTable[str]):
    """Lines of the current sale; `selected_line_id` is the highlighted one."""

    DEFAULT_CSS = """
    CartTable { height: 1fr; border: round $primary-darken-2; }
    CartTable:focus { border: round $accent; }
    """

    def __init__(self, amount: Callable[[Decimal], str], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._amount = amount
        self._amount_texts: dict[Decimal, str] = {}  # formatting is slow (Babel) and repetitive
        self._lines: list[CartLine] = []
        #: What the table shows: (row key, cells) per row, and the name column's width.
        self._shown: list[tuple[str, Cells]] = []
        self._name_width = 0
        #: Per line id: what its cells were made from (immutable values) and the cells; a line
        #: whose values are unchanged keeps its cells without formatting them again.
        self._made: dict[int, tuple[int, int, tuple[object, ...], Cells]] = {}

    def on_mount(self) -> None:
        self.add_column("#", width=2, key="pos")
        self.add_column(_("Article"), key="name")
        self.add_column(_("Qty"), width=6, key="qty")
        self.add_column(_("Price"), width=7, key="price")
        self.add_column(_("Total"), width=8, key="total")

    def on_resize(self) -> None:
        if self._lines:
            self.show(self._lines)

    def show(self, lines: list[CartLine], select: int | None = None) -> None:
        """Show `lines`, changing only the rows and cells that differ from what is shown (a
        scan adds or updates one row; re-adding every row made each scan cost O(cart))."""
        keep = select if select is not None else self.selected_line_id
        self._lines = lines
        # fixed columns (23) + cell padding (10) + border (2) + scrollbar (1)
        width = max(12, self.size.width - 36)
        rows = [(str(line.id), self._cells(row, line, width)) for row, line in enumerate(lines)]
        self._made = {line.id: self._made[line.id] for line in lines}
        if width != self._name_width or not self._update_rows(rows):
            self._rebuild(rows, width)
        self._shown = rows
        target_row = len(lines) - 1
        for row, line in enumerate(lines):
            if line.id == keep:
                target_row = row
        if lines:
            self.move_cursor(row=target_row, animate=False)

    def _cells(self, row: int, line: CartLine, width: int) -> Cells:
        sources = (line.article, line.qty, line.manual, line.note, line.priced)
        made = self._made.get(line.id)
        if made is not None and made[0] == row and made[1] == width and made[2] == sources:
            return made[3]
        cells = self._make_cells(row, line, width)
        self._made[line.id] = (row, width, sources, cells)
        return cells

    def _make_cells(self, row: int, line: CartLine, width: int) -> Cells:
        name = line.article.display_name
        if line.discount:
            name = "%" + name
        if line.note:
            name += f" ({line.note})"
        return (
            str(row + 1)[-2:],
            name[:width],
            format_qty(line),
            self._amount_text(line.priced.net_unit_price),
            self._amount_text(line.priced.line_total),
        )

    def _amount_text(self, value: Decimal) -> str:
        text = self._amount_texts.get(value)
        if text is None:
            text = self._amount_texts[value] = self._amount(value)
        return text

    def _update_rows(self, rows: list[tuple[str, Cells]]) -> bool:
        """Bring the shown rows to `rows` by removing, updating and appending rows; False (and
        nothing changed) when the rows that stay are not in the same order."""
        new_keys = {key for key, _cells in rows}
        staying = [(key, cells) for key, cells in self._shown if key in new_keys]
        if [key for key, _cells in staying] != [key for key, _cells in rows[: len(staying)]]:
            return False
        for key, _cells in self._shown:
            if key not in new_keys:
                self.remove_row(key)
        for (key, old), (_key, new) in zip(staying, rows, strict=False):
            if old is new:
                continue
            for column, before, after in zip(COLUMNS, old, new, strict=True):
                if before != after:
                    self.update_cell(key, column, after)
        for key, cells in rows[len(staying) :]:
            self.add_row(*cells, key=key)
        return True

    def _rebuild(self, rows: list[tuple[str, Cells]], width: int) -> None:
        self.clear()
        name_column = self.columns[ColumnKey("name")]
        name_column.auto_width = False
        name_column.width = width
        self._name_width = width
        for key, cells in rows:
            self.add_row(*cells, key=key)

    def render_line(self, y: int) -> Strip:
        return join_alike(super().render_line(y))

    @property
    def selected_line_id(self) -> int | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None
