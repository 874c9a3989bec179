"""The cart as a table: one row per line, the newest selected."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui_pos.core.cart import CartLine
from tui_pos.i18n import _


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
        self._lines: list[CartLine] = []

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
        keep = select if select is not None else self.selected_line_id
        self._lines = lines
        self.clear()
        # fixed columns (23) + cell padding (10) + border (2) + scrollbar (1)
        width = max(12, self.size.width - 36)
        name_column = self.columns[ColumnKey("name")]
        name_column.auto_width = False
        name_column.width = width
        target_row = len(lines) - 1
        for row, line in enumerate(lines):
            name = line.article.display_name
            if line.discount:
                name = "%" + name
            if line.note:
                name += f" ({line.note})"
            self.add_row(
                str(row + 1)[-2:],
                name[:width],
                format_qty(line),
                self._amount(line.priced.net_unit_price),
                self._amount(line.priced.line_total),
                key=str(line.id),
            )
            if line.id == keep:
                target_row = row
        if lines:
            self.move_cursor(row=target_row, animate=False)

    @property
    def selected_line_id(self) -> int | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None
