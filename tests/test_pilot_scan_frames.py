"""A scan costs the screen as few frames as it can (Pilot, 80×24): the scan field is not
redrawn for every key a scanner types, the scan's changes come in one frame, and a growing cart
does not lay out the whole screen."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import DEMO_BARCODE
from queue_helpers import wait_until
from textual import events
from textual.screen import Screen

from tui_pos.app import PosApp
from tui_pos.screens.checkout import CheckoutScreen
from tui_pos.services.context import TillContext
from tui_pos.widgets.cart_table import CartTable

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]

KEY_GAP_S = 0.002  # a USB scanner in keyboard mode


@dataclass
class Frame:
    """What one screen update drew: the widgets that changed, and whether it laid out."""

    widgets: set[str]
    layout: bool


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Frame]]:
    drawn: list[Frame] = []
    original = Screen._on_timer_update

    def on_timer_update(screen: Screen[Any]) -> None:
        widgets = {widget.id or type(widget).__name__ for widget in screen._dirty_widgets}
        if widgets or screen._layout_required:
            drawn.append(Frame(widgets, screen._layout_required))
        original(screen)

    monkeypatch.setattr(Screen, "_on_timer_update", on_timer_update)
    yield drawn


async def type_like_a_scanner(app: PosApp, code: str, *, enter: bool = True) -> float:
    """Key events through the app's driver, KEY_GAP_S apart, as a terminal delivers them;
    returns the seconds the typing took."""
    started = time.monotonic()
    keys = [events.Key(char, char) for char in code]
    if enter:
        keys.append(events.Key("enter", "\r"))
    for key in keys:
        key.set_sender(app)
        app._driver.send_message(key)  # type: ignore[union-attr]
        await asyncio.sleep(KEY_GAP_S)
    return time.monotonic() - started


async def settled(pilot: Any, frames: list[Frame]) -> None:
    """Wait until the screen has drawn nothing for a while (the start's frames are done)."""
    for _ in range(50):
        frames.clear()
        await pilot.pause(0.2)
        if not frames:
            return
    raise AssertionError(f"the screen kept drawing: {frames}")


def checkout(app: PosApp) -> CheckoutScreen:
    screen = app.screen
    assert isinstance(screen, CheckoutScreen)
    return screen


async def test_the_scan_field_is_not_redrawn_for_each_key_of_a_burst(
    ctx: TillContext, frames: list[Frame]
) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, frames)
        scan = app.screen.query_one("#scan")
        burst = DEMO_BARCODE * 2  # 26 keys: several frames long
        typing = await type_like_a_scanner(app, burst, enter=False)
        drawn_while_typing = sum("scan" in frame.widgets for frame in frames)
        # The first key (it may be a person typing), and one more for each max_gap the burst
        # went on (typing takes longer here than a scanner's 26 ms): not one every frame.
        assert typing > 3 * (1 / 60)
        assert 1 <= drawn_while_typing <= 1 + int(typing / ctx.settings.wedge.max_gap)
        # No Enter: it was typing after all, and the field shows it once the gap has passed.
        await pilot.pause(ctx.settings.wedge.max_gap + 0.1)
        assert "scan" in frames[-1].widgets
        assert burst in str(scan.render_line(0).text)


async def test_a_scan_is_drawn_in_one_frame(ctx: TillContext, frames: list[Frame]) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, frames)
        screen = checkout(app)
        lines = screen.service.cart.lines
        for scans in (1, 2):  # a new line, then the same line again
            frames.clear()
            await type_like_a_scanner(app, DEMO_BARCODE)
            await wait_until(pilot, lambda n=scans: bool(lines) and lines[0].qty == n)  # type: ignore[misc]
            await pilot.pause(0.1)
            after_enter = [f for f in frames if "cart" in f.widgets or "totals" in f.widgets]
            # The cleared scan field, the cart line, the totals and the message: one frame.
            assert len(after_enter) == 1, frames
            assert {"scan", "cart", "totals", "message"} <= after_enter[0].widgets
            assert len(lines) == 1


async def test_a_growing_cart_moves_its_scrollbar_without_laying_out_the_screen(
    ctx: TillContext, frames: list[Frame]
) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, frames)
        screen = checkout(app)
        table = screen.query_one(CartTable)
        scrolling: list[Frame] = []  # frames of scans made with the scrollbar already shown
        for code in range(1001, 1031):
            shown_before = table.show_vertical_scrollbar
            frames.clear()
            screen.handle_scan(str(code))
            await pilot.pause(0.05)
            if shown_before:
                scrolling.extend(frames)
            if table.show_vertical_scrollbar:
                bar = table.vertical_scrollbar
                assert bar.window_virtual_size == table.virtual_size.height
            assert table.scroll_y == table.max_scroll_y  # the new line is in view
            assert str(table.get_row_at(table.cursor_row)[1]).startswith(
                screen.service.cart.lines[-1].article.display_name[:10]
            )
        assert len(screen.service.cart.lines) == 30
        assert table.virtual_size.height == 31  # header + 30 lines
        # Once the scrollbar is there, new lines lay out nothing (the scan that brought the
        # scrollbar did), yet each drew the cart.
        assert len(scrolling) >= 10
        assert not [frame for frame in scrolling if frame.layout]
        assert all("cart" in frame.widgets for frame in scrolling if "totals" in frame.widgets)
