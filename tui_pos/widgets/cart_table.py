"""The cart as a table: one row per line, the newest selected."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Self

from rich.cells import set_cell_size
from rich.segment import Segment, Segments
from rich.style import Style
from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.geometry import Region
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from tui_pos.core.cart import CartLine
from tui_pos.i18n import _
from tui_pos.widgets.cells import PlainCell
from tui_pos.widgets.strips import join_alike

COLUMNS = ("pos", "name", "qty", "price", "total")
Cells = tuple[str, str, str, str, str]


def format_qty(line: CartLine) -> str:
    if line.article.weighed:
        return f"{line.qty:.3f}"
    return str(line.qty.normalize()) if line.qty == line.qty.to_integral_value() else str(line.qty)


class CartTable(DataTable[PlainCell]):
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
        self._growing = False  # in `_measure_new_rows` (see `refresh`)
        self._lines_style: Style | None = None  # during `render_lines`
        self._styles_cache = _MovedLinesCache()
        #: Rendered lines by what they show (see `_render_line`).
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(256)

    def on_mount(self) -> None:
        self.vertical_scrollbar.renderer = _CachedScrollBarRender  # type: ignore[misc]  # as ScrollBar.renderer documents
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
        self._measure_new_rows()
        target_row = len(lines) - 1
        for row, line in enumerate(lines):
            if line.id == keep:
                target_row = row
        if lines:
            self.move_cursor(row=target_row, animate=False)

    def _measure_new_rows(self) -> None:
        """Measure the rows just added now rather than when idle, as DataTable would.

        Until they are measured, moving the cursor to a new row scrolls it into view only after
        the next refresh: a scan that adds a line below the visible rows drew a frame without
        it and the frame that shows it one refresh later (twice the time and the bytes).
        """
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._growing = True
            try:
                self._update_dimensions(new_rows)
            finally:
                self._growing = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """A new row changes the table's virtual size, which lays out the whole screen (5–30
        ms at 80×24, most of a scan's frame). While the scrollbars stay as they are, the
        table is the only thing that changes: its scrollbar is updated here instead."""
        if layout and self._growing and not recompose and self._same_scrollbars():
            self._scroll_update(self.virtual_size)
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _same_scrollbars(self) -> bool:
        """Whether the current virtual size shows the scrollbars that are shown."""
        width, height = self.container_size
        virtual = self.virtual_size
        styles = self.styles
        return (
            styles.overflow_y == "auto"
            and styles.overflow_x == "auto"
            and (virtual.height > height) == self.show_vertical_scrollbar
            and (virtual.width > width) == self.show_horizontal_scrollbar
        )

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
                    self._set_cell(key, column, after)
        for key, cells in rows[len(staying) :]:
            self.add_row(*map(PlainCell, cells), key=key)
        return True

    def _set_cell(self, key: str, column: str, value: str) -> None:
        """`update_cell`, repainting only the row: DataTable repaints every visible line for a
        cell (a repeat scan changes the quantity and total of one line)."""
        row_key = RowKey(key)
        self._data[row_key][ColumnKey(column)] = PlainCell(value)
        self._update_count += 1  # DataTable's own render caches are keyed on it
        row = self._row_locations.get(row_key)
        if row is not None:
            self.refresh_row(row)

    def _rebuild(self, rows: list[tuple[str, Cells]], width: int) -> None:
        self.clear()
        name_column = self.columns[ColumnKey("name")]
        name_column.auto_width = False
        name_column.width = width
        self._name_width = width
        for key, cells in rows:
            self.add_row(*map(PlainCell, cells), key=key)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The table's style for every line of this render: DataTable works it out per line,
        # walking the styles of every ancestor (half the time a scrolled table took to draw).
        self._lines_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._lines_style = None

    def render_line(self, y: int) -> Strip:
        """DataTable's `render_line`, with the style worked out once per `render_lines`."""
        if self.fixed_rows:
            return super().render_line(y)
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        header = self.get_row_height(self._header_row_key) if self.show_header else 0
        if y >= header:
            y += scroll_y
        style = self._lines_style if self._lines_style is not None else self.rich_style
        return self._render_line(y, scroll_x, scroll_x + width, style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """DataTable's line, cached by what it shows.

        DataTable keys its render caches on a counter that every added row and updated cell
        bumps, so each scan rendered every visible row again through Rich: most of the CPU of
        a scan. A line looks the same while its row's cells, place, cursor and hover state,
        the column widths and the styles are the same; that is the key here.
        """
        try:
            row_key, line = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        if self.cursor_type != "row":
            return join_alike(super()._render_line(y, x1, x2, base_style))
        row: int | None = -1
        cells: tuple[object, ...]
        if row_key is self._header_row_key:
            cells = tuple(str(column.label) for column in self.ordered_columns)
        else:
            row, cells = self._row_locations.get(row_key), tuple(self._data[row_key].values())
        key = (
            row_key,
            line,
            row,
            cells,
            x1,
            x2,
            self.size.width,
            tuple(column.get_render_width(self) for column in self.ordered_columns),
            base_style,
            self.show_cursor and self.cursor_row == row,
            self._show_hover_cursor and self.hover_row == row,
            self._pseudo_class_state,
        )
        strip = self._strips.get(key)
        if strip is None:
            widths = key[7]
            assert isinstance(widths, tuple)
            fast = None
            if row is not None and row >= 0 and line == 0 and (x1, x2) == (0, self.size.width):
                fast = self._plain_row(row, cells, widths, x2, base_style)
            if fast is None:
                fast = join_alike(super()._render_line(y, x1, x2, base_style))
            strip = self._strips[key] = fast
        return strip

    def _plain_row(
        self,
        row: int,
        cells: tuple[object, ...],
        widths: tuple[int, ...],
        x2: int,
        base_style: Style,
    ) -> Strip | None:
        """A data row drawn without Rich: the strip DataTable draws for it, joined.

        DataTable renders each cell through Rich (Styled, Padding, Text: ~0.5 ms a row, a
        scan draws two or three new rows). A row of plain cells in one look comes out as one
        segment: the cells padded and cut to their columns, in the style of the row's first
        cell (zebra stripe, cursor or hover, and its place as meta for the mouse). None for
        anything else (styled or unprintable text, row labels, fixed columns, taller rows):
        DataTable draws those. tests/test_pilot_cart_table.py holds the two to the same lines.
        """
        padding = self.cell_padding
        if (
            self.fixed_columns
            or self.fixed_rows
            or (self._labelled_row_exists and self.show_row_labels)
            or self.header_height != 1
        ):
            return None
        texts = []
        for cell, width in zip(cells, widths, strict=True):
            if not isinstance(cell, PlainCell) or cell.spans or cell.style:
                return None
            text = cell.plain
            if not text.isprintable():
                return None
            texts.append(" " * padding + set_cell_size(text, width - 2 * padding) + " " * padding)
        hover = self._show_hover_cursor and self.hover_row == row
        cursor = self.cursor_row == row
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        style = self._get_row_style(row, base_style)
        style += Style.from_meta({"row": row, "column": 0}) + component
        if post:
            style += post
        width = self.size.width
        line = set_cell_size("".join(texts), min(x2, width))
        return Strip([Segment(set_cell_size(line, width), style)], width)

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    @property
    def selected_line_id(self) -> int | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None


class _MovedLinesCache(StylesCache):
    """Textual's line cache for a widget (`Widget._styles_cache`), which also keeps each line
    drawn inside the border by the content line it was drawn from.

    When a new line scrolls the cart by one row, every row moves up and each was drawn again
    around its content (border, background, filters): half of a scan's frame. A row that only
    moved has the same content strip (`CartTable._render_line` keeps them), so its whole line
    is the one drawn before. Anything else the line depends on is in the key."""

    MAX_LINES = 256

    def __init__(self) -> None:
        super().__init__()
        self._by_content: dict[tuple[object, ...], tuple[Strip, Strip]] = {}

    def render_line(  # the same parameters as StylesCache.render_line, passed on as given
        self,
        styles: Any,
        y: int,
        size: Any,
        content_size: Any,
        padding: Any,
        base_background: Any,
        background: Any,
        render_content_line: Callable[[int], Strip],
        *rest: Any,
    ) -> Strip:
        draw = functools.partial(
            super().render_line,
            styles,
            y,
            size,
            content_size,
            padding,
            base_background,
            background,
        )
        gutter = styles.gutter
        if not gutter.top <= y < size.height - gutter.bottom:
            return draw(render_content_line, *rest)
        content = render_content_line(y - gutter.top)
        key = (
            id(content),
            size,
            content_size,
            padding,
            base_background,
            background,
            styles.border,
            styles.outline,
            styles.tint,
            styles.background_tint,
            styles.text_opacity,
            styles.hatch if styles.has_rule("hatch") else None,
            *(value if isinstance(value, float | bool | None) else id(value) for value in rest),
        )
        known = self._by_content.get(key)
        if known is not None and known[0] is content:
            return known[1]
        line = draw(lambda _y: content, *rest)
        if len(self._by_content) >= self.MAX_LINES:
            self._by_content.clear()
        self._by_content[key] = (content, line)
        return line


class _CachedScrollBarRender(ScrollBarRender):
    """Textual's scrollbar drawing, kept per size and position: each new cart line moved the
    scrollbar, and drawing it anew (new styles with mouse actions for every cell) cost more
    than drawing the line."""

    @classmethod
    @functools.lru_cache(maxsize=64)
    def render_bar(cls, *args: Any, **kwargs: Any) -> Segments:
        return super().render_bar(*args, **kwargs)
