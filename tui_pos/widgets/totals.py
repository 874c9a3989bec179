"""The totals panel: lines, discount, VAT per rate and the total, incl. or excl. VAT (CHK-4)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from decimal import Decimal

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Static

from tui_pos.core.cart import CartTotals
from tui_pos.core.money import ZERO
from tui_pos.i18n import _
from tui_pos.widgets.strips import join_alike

Cell = str | Text


def grid(rows: Sequence[tuple[Cell, Cell]]) -> Table:
    """The rows as a grid: labels on the left, values on the right (the panel's layout)."""
    table = Table.grid(expand=True)
    table.add_column()
    table.add_column(justify="right")
    for label, value in rows:
        table.add_row(label, value)
    return table


Layout = tuple[list[tuple[Text, Text]], list[int]]


def grid_layout(rows: Sequence[tuple[Cell, Cell]], width: int) -> Layout | None:
    """The cells and the two column widths of `grid(rows)` drawn `width` wide. None where the
    grid would wrap a cell, or a string cell could hold markup or emoji codes: those are drawn
    by Rich."""
    cells: list[tuple[Text, Text]] = []
    for label, value in rows:
        pair = []
        for cell in (label, value):
            if isinstance(cell, str):
                if "[" in cell or ":" in cell:
                    return None
                cell = Text(cell)
            elif cell.spans or "\n" in cell.plain:
                return None
            pair.append(cell)
        cells.append((pair[0], pair[1]))
    # Rich's column widths for an expanding grid: the widest cell of each column, and the
    # width left over shared in proportion to them (rich.table.Table._calculate_column_widths).
    widths = [max((c[i].cell_len for c in cells), default=0) or 1 for i in (0, 1)]
    spare = width - sum(widths)
    if spare < 0:
        return None
    left = -(-widths[0] * spare // sum(widths))  # ceil, as rich._ratio.ratio_distribute
    return cells, [widths[0] + left, widths[1] + spare - left]


def grid_text(rows: Sequence[tuple[Cell, Cell]], width: int) -> Text | None:
    """The same as `grid(rows)` drawn `width` wide, as one Text (a Rich Table is slow to draw:
    most of the time a scan took in its handler); None as `grid_layout`."""
    layout = grid_layout(rows, width)
    if layout is None:
        return None
    cells, widths = layout
    text = Text()
    for y, (label, value) in enumerate(cells):
        if y:
            text.append("\n")
        text.append(label.plain + " " * (widths[0] - label.cell_len), label.style)
        text.append(" " * (widths[1] - value.cell_len) + value.plain, value.style)
    return text


@functools.lru_cache(maxsize=64)
def _styled(base: Style, style: str | Style) -> Style:
    return base + (Style.parse(style) if isinstance(style, str) else style)


def grid_strips(layout: Layout, height: int, base: Style) -> list[Strip]:
    """`grid_text`'s lines as Textual draws that Text (`Visual.to_strips`), without drawing
    it: each row a label and a value segment in the panel's style and the cell's (joined
    where they look the same), at most `height` of them."""
    (cells, (left, right)), strips = layout, []
    for label, value in cells[:height]:
        label_style, value_style = _styled(base, label.style), _styled(base, value.style)
        segments = [
            Segment(label.plain + " " * (left - label.cell_len), label_style),
            Segment(" " * (right - value.cell_len) + value.plain, value_style),
        ]
        strips.append(join_alike(Strip(segments, left + right)))
    return strips


class TotalsPanel(Static):
    DEFAULT_CSS = """
    TotalsPanel { width: 26; height: 1fr; border: round $primary-darken-2; padding: 0 1; }
    """

    def __init__(
        self, amount: Callable[[Decimal], str], money: Callable[[Decimal], str], **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._amount = amount
        self._money = money
        self.show_incl_vat = True
        self._rows: list[tuple[Cell, Cell]] = []
        #: The panel's lines, and the size and style they were drawn for.
        self._lines: list[Strip] = []
        self._drawn_for: tuple[object, ...] = ()

    def render(self) -> RenderResult:
        return grid_text(self._rows, self.size.width) or grid(self._rows)

    def render_line(self, y: int) -> Strip:
        if self._drawn_for != (self.size, self.visual_style):
            self._draw()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _draw(self) -> list[int]:
        """Draw the lines as Static would; the numbers of the lines that changed."""
        width, height = self.size
        layout = grid_layout(self._rows, width)
        if layout is not None:
            lines = grid_strips(layout, height, self.visual_style.rich_style)
        else:
            visual = visualize(self, grid(self._rows), markup=False)
            lines = [
                join_alike(s)
                for s in Visual.to_strips(self, visual, width, height, self.visual_style)
            ]
        old, self._lines = self._lines, lines
        self._drawn_for = (self.size, self.visual_style)
        return [
            y
            for y in range(max(len(old), len(lines)))
            if y >= len(old) or y >= len(lines) or old[y] != lines[y]
        ]

    def show(
        self,
        totals: CartTotals | None,
        lines: int,
        customer: str | None,
        *,
        extra: Sequence[tuple[str, str, bool]] = (),
    ) -> None:
        """`extra`: (label, value, bold) rows under the total, e.g. an order's paid and due."""
        rows: list[tuple[Cell, Cell]] = [(_("Lines"), str(lines))]
        if totals is not None and totals.discount:
            rows.append((_("Discount"), self._amount(totals.discount)))
        vat_lines = totals.vat if totals else ()
        net = sum((v.net for v in vat_lines), ZERO)
        vat_total = sum((v.vat for v in vat_lines), ZERO)
        total = totals.total if totals else ZERO
        rows.append(("", ""))
        for v in vat_lines:
            rows.append((_("VAT {rate} %").format(rate=v.rate.normalize()), self._amount(v.vat)))
        if self.show_incl_vat:
            rows.append((_("Excl. VAT"), self._amount(net)))
        else:
            rows.append((_("VAT"), self._amount(vat_total)))
        rows.append(("", ""))
        label = _("TOTAL") if self.show_incl_vat else _("Total excl. VAT")
        shown = total if self.show_incl_vat else net
        rows.append((Text(label, style="bold"), Text(self._money(shown), style="bold reverse")))
        for extra_label, value, bold in extra:
            style = "bold" if bold else ""
            rows.append((Text(extra_label, style=style), Text(value, style=style)))
        if customer:
            rows.append(("", ""))
            rows.append((Text(_("Customer"), style="dim"), ""))
            rows.append((Text(customer[:24]), ""))
        self._rows = rows
        # Only the lines that changed are repainted (a scan changes two or three of them; a
        # whole repaint of the panel, as Static.update does, cost most of a scan's frame).
        if not self.size or self._drawn_for != (self.size, self.visual_style):
            self.refresh()
            return
        for y in self._draw():
            self.refresh(Region(0, y, self.size.width, 1))
