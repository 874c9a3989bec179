"""An order's lines as a table: ungrouped lines, then each group heading, its lines, a subtotal."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel.numbers import get_decimal_symbol
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui_pos.core.order_editing import qty_text
from tui_pos.core.order_lines import DiscountKind, ManualDiscount, OrderLine
from tui_pos.core.orders import Order
from tui_pos.i18n import _, current_locale
from tui_pos.widgets.cells import PlainCell, plain_cells

LINE, GROUP, SUBTOTAL = "line", "group", "sub"
#: Width of the fixed columns (qty, price, discount, total) plus cell padding, border, scrollbar.
_FIXED = 6 + 9 + 7 + 10 + 10 + 2 + 1


def _local_qty(qty: Decimal) -> str:
    """3, 0,356 (no thousands separator: 1.234 would read as a weight)."""
    return qty_text(qty).replace(".", get_decimal_symbol(current_locale()))


class OrderLinesTable(DataTable[Text]):
    """`selected` is ("line" | "group" | "sub", id) of the highlighted row, or None."""

    DEFAULT_CSS = """
    OrderLinesTable { height: 1fr; border: round $primary-darken-2; }
    OrderLinesTable:focus { border: round $accent; }
    """

    def __init__(self, amount: Callable[[Decimal], str], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._amount = amount
        self._order: Order | None = None

    def on_mount(self) -> None:
        self.add_column(Text(_("Qty"), justify="right"), width=6, key="qty")
        self.add_column(PlainCell(_("Description")), key="text")
        self.add_column(Text(_("Price"), justify="right"), width=9, key="price")
        self.add_column(Text(_("Disc."), justify="right"), width=7, key="disc")
        self.add_column(Text(_("Total"), justify="right"), width=10, key="total")

    def on_resize(self) -> None:
        if self._order is not None:
            self.show(self._order)

    def _discount(self, discount: ManualDiscount | None) -> str:
        if discount is None:
            return ""
        if discount.kind is DiscountKind.PERCENTAGE:
            return f"{_local_qty(discount.value)} %"
        sign = "−" if discount.kind is DiscountKind.AMOUNT_OFF else "="
        return f"{sign}{self._amount(discount.value)}"

    def _line_cells(self, line: OrderLine, width: int) -> list[Text]:
        text = line.description + (f" ({line.note})" if line.note else "")
        return [
            Text(_local_qty(line.qty), justify="right"),
            Text(text[:width]),
            Text(self._amount(line.unit_price), justify="right"),
            Text(self._discount(line.discount), justify="right"),
            Text(self._amount(line.line_total), justify="right"),
        ]

    def show(self, order: Order, select: tuple[str, str] | None = None) -> None:
        """Fill the table from the order; keep (or move to `select`) the highlighted row."""
        keep = select or self.selected
        self._order = order
        if not self.size.width:  # not laid out yet: fill it once it has its width
            self.call_after_refresh(self._show_when_sized, select)
        self.clear()
        width = max(12, self.size.width - _FIXED)
        column = self.columns[ColumnKey("text")]
        column.auto_width = False
        column.width = width
        subtotals = {s.group_id: s for s in order.totals().subtotals}
        target = -1
        for group, lines in order.sections():
            if group is not None:
                heading = Text("▸ " + group.heading[: width - 2], style="bold")
                self.add_row(*plain_cells(("", heading, "", "", "")), key=f"{GROUP}:{group.id}")
            for line in lines:
                self.add_row(*self._line_cells(line, width), key=f"{LINE}:{line.id}")
            if group is not None:
                amount = subtotals[group.id].amount if group.id in subtotals else Decimal(0)
                label = _("Subtotal {heading}").format(heading=group.heading)
                self.add_row(
                    *plain_cells(
                        (
                            "",
                            Text("  " + label[: width - 2], style="italic"),
                            "",
                            "",
                            Text(self._amount(amount), style="bold", justify="right"),
                        )
                    ),
                    key=f"{SUBTOTAL}:{group.id}",
                )
        for row in range(self.row_count):
            if self.row_key(row) == keep:
                target = row
        if self.row_count:
            self.move_cursor(row=target if target >= 0 else self.row_count - 1, animate=False)

    def _show_when_sized(self, select: tuple[str, str] | None) -> None:
        if self.size.width and self._order is not None:
            self.show(self._order, select=select)

    def row_key(self, row: int) -> tuple[str, str] | None:
        key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        if key is None:
            return None
        kind, _sep, item_id = key.partition(":")
        return kind, item_id

    @property
    def selected(self) -> tuple[str, str] | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        return self.row_key(self.cursor_row)

    @property
    def selected_line_id(self) -> str | None:
        selected = self.selected
        return selected[1] if selected and selected[0] == LINE else None

    @property
    def selected_group_id(self) -> str | None:
        """The group of the highlighted heading, subtotal or grouped line."""
        selected, order = self.selected, self._order
        if selected is None or order is None:
            return None
        kind, item_id = selected
        if kind == LINE:
            return next((ln.group_id for ln in order.lines if ln.id == item_id), None)
        return item_id
