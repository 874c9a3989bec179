"""The cart table updates only what changed, and always shows exactly the cart (Pilot, 80×24)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import DEMO_BARCODE
from textual._styles_cache import StylesCache
from textual.widgets import DataTable

from tui_pos.app import PosApp
from tui_pos.screens.checkout import CheckoutScreen
from tui_pos.services.context import TillContext
from tui_pos.widgets.cart_table import CartTable
from tui_pos.widgets.strips import join_alike

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def shown(table: CartTable) -> list[tuple[str, list[str]]]:
    """(row key, cells) of every row, top to bottom."""
    keys = list(table.rows)
    return [(str(key.value), [str(c) for c in table.get_row(key)]) for key in keys]


def lines_as_drawn(table: CartTable) -> list[list[tuple[str, object]]]:
    """The visible lines of the table (segments), as its cached render gives them."""
    return [[(s.text, s.style) for s in table.render_line(y)] for y in range(table.size.height)]


def lines_afresh(table: CartTable) -> list[list[tuple[str, object]]]:
    """The same lines rendered by DataTable itself (its caches are keyed per update)."""
    scroll_x, scroll_y = table.scroll_offset
    lines = []
    for y in range(table.size.height):
        row_y = y + scroll_y if y >= table.header_height else y
        strip = join_alike(
            DataTable._render_line(
                table, row_y, scroll_x, scroll_x + table.size.width, table.rich_style
            )
        )
        lines.append([(s.text, s.style) for s in strip])
    return lines


def expected(screen: CheckoutScreen) -> list[tuple[str, list[str]]]:
    """The rows a table built afresh from the cart would show."""
    table = screen.cart_table
    width = max(12, table.size.width - 36)
    return [
        (str(line.id), list(table._make_cells(row, line, width)))
        for row, line in enumerate(screen.service.cart.lines)
    ]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_table_matches_the_cart_through_scans_edits_voids_and_a_new_sale(
    ctx: TillContext,
) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        table, service = screen.cart_table, screen.service

        async def step(action: object = None) -> None:
            if callable(action):
                action()
            screen.refresh_cart()
            await pilot.pause()
            assert shown(table) == expected(screen)
            assert lines_as_drawn(table) == lines_afresh(table)

        await step(lambda: service.scan("1002"))  # sizes the article column: built once
        rebuilds = []
        clear = table.clear
        table.clear = lambda *a, **k: (rebuilds.append(1), clear(*a, **k))[1]  # type: ignore[method-assign]
        for code in ("1002", "1003", DEMO_BARCODE, "1004"):
            await step(lambda code=code: service.scan(code))
        assert shown(table)[0][1][2] == "2"  # the repeat merged
        first_row = table.get_row_at(0)

        await step(lambda: table.move_cursor(row=1))  # the cursor row is drawn differently
        await step(table.focus)  # and a focused table's cursor too
        await step(screen.focus_scan)
        await step(lambda: service.change_quantity(service.cart.lines[2].id, "5"))
        await step(lambda: service.change_discount(service.cart.lines[1].id, "10"))
        assert shown(table)[1][1][1].startswith("%")
        await step(lambda: service.change_note(service.cart.lines[3].id, "gift"))
        await step(lambda: service.void_line(service.cart.lines[1].id))  # rows renumber
        assert [cells[0] for _key, cells in shown(table)] == ["1", "2", "3"]
        await step(lambda: service.set_customer("C100"))  # every price changes
        assert table.get_row_at(0)[3] != first_row[3]
        await step(service.void_sale)
        assert table.row_count == 0
        # a new sale numbers its lines from 1 again: same row keys, other articles
        await step(lambda: service.scan("1003"))
        await step(lambda: screen.handle_scan("2*1002"))  # as typed: selects the new line
        names = [cells[1] for _key, cells in shown(table)]
        lines = service.cart.lines
        assert len(names) == len(lines) == 2
        assert all(
            line.article.display_name.startswith(n) for n, line in zip(names, lines, strict=True)
        )
        assert service.cart.lines[1].qty == D(2)
        assert table.cursor_row == 1  # the newest line stays selected
        assert rebuilds == []  # rows were added, updated and removed, never all re-added


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_a_line_added_below_the_visible_rows_is_scrolled_to_at_once(
    ctx: TillContext,
) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        table = screen.cart_table
        visible = table.scrollable_content_region.height - table.header_height
        for n in range(1, visible + 6):
            screen.handle_scan(str(1000 + n))  # no refresh after: the next frame shows the line
            assert len(screen.service.cart.lines) == n
            assert table.cursor_row == n - 1
            assert table.scroll_offset.y <= n - 1 < table.scroll_offset.y + visible
            await pilot.pause()
        assert table.scroll_offset.y > 0


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_names_and_notes_show_as_written_not_as_markup(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(120, 30)) as pilot:  # room for the note
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        service = screen.service
        line = service.scan(DEMO_BARCODE).line
        assert line is not None
        service.change_note(line.id, "[jong] :pizza: [b]")
        screen.refresh_cart()
        await pilot.pause()
        drawn = "".join(text for text, _style in lines_as_drawn(screen.cart_table)[1])
        assert "White loaf ([jong] :pizza: [b])" in drawn


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", [(80, 24), (61, 20), (120, 30)])
async def test_rows_drawn_without_rich_look_as_datatable_draws_them(
    ctx: TillContext, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn_by_datatable: list[int] = []
    original = DataTable._render_line

    def counting(self: DataTable[object], y: int, *args: object) -> object:
        drawn_by_datatable.append(y)
        return original(self, y, *args)  # type: ignore[arg-type]

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        table, service = screen.cart_table, screen.service
        for code in ("1001", "1002", "1003", "1004", "1005"):
            service.scan(code)
        service.change_note(service.cart.lines[1].id, "日本茶🍵 wide")  # cut mid-character
        service.change_note(service.cart.lines[3].id, "tab\there")  # not printable: Rich's
        screen.refresh_cart()
        await pilot.pause()
        monkeypatch.setattr(DataTable, "_render_line", counting)
        for state in (
            "cursor last",
            "cursor on 2",
            "focused",
            "hover on 3",
            "unfocused",
            "scrolled",
            "scrolled on",
        ):
            if state == "cursor on 2":
                table.move_cursor(row=1)
            elif state == "focused":
                table.focus()
            elif state == "hover on 3":
                await pilot.hover("#cart", offset=(5, 4))
            elif state == "unfocused":
                screen.focus_scan()
            elif state.startswith("scrolled"):  # rows that only moved up are drawn as before
                for code in range(
                    1006 + 12 * (state == "scrolled on"), 1018 + 12 * (state == "scrolled on")
                ):
                    service.scan(str(code))
                screen.refresh_cart()
            await pilot.pause()
            table._strips.clear()  # each line drawn anew
            drawn_by_datatable.clear()
            drawn = lines_as_drawn(table)
            # Only the header and the row with the tab (if the narrow name shows it) went
            # through DataTable's renderer.
            tab = "\t" in str(table.get_row_at(3)[1])
            assert sorted(y for y in drawn_by_datatable if y <= 5) == [0, 4][: 1 + tab], state
            assert drawn == lines_afresh(table), state
            # The whole table as the screen gets it: the same with DataTable's render_line.
            region = table.size.region
            table._styles_cache.clear()
            ours = [list(strip) for strip in table.render_lines(region)]
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(CartTable, "render_line", DataTable.render_line)
                patch.setattr(table, "_styles_cache", StylesCache())  # Textual's own
                theirs = [list(strip) for strip in table.render_lines(region)]
            assert ours == theirs, state
