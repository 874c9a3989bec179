"""Only the changed cells are written, and the terminal ends up showing what Textual wrote."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import DEMO_BARCODE
from test_pilot_checkout import checkout, scan
from textual.drivers.headless_driver import HeadlessDriver

from benchmarks.vt import Terminal
from tui_pos.app import PosApp
from tui_pos.services.context import TillContext
from tui_pos.terminal_output import ScreenDiff, changes_only

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BLUE, GREY = "\x1b[38;5;24;48;5;235m", "\x1b[38;5;253;48;5;235m"


def frame(*rows: tuple[int, int, str]) -> str:
    """An update as Textual writes it: per row a move, styled segments with resets, a line
    feed between rows, and the cursor put back at the end."""
    parts = [f"\x1b[{y + 1};{x + 1}H{text}" for y, x, text in rows]
    return "\n".join(parts) + "\x1b[21;5H"


def full_screen(width: int, height: int, fill: str = ".") -> str:
    return frame(*((y, 0, f"{GREY}{fill * width}\x1b[0m") for y in range(height)))


def check_same(writes: list[str], width: int = 80, height: int = 24) -> list[str]:
    """Rewrite `writes` through one ScreenDiff; the terminal must show the same after each."""
    diff = ScreenDiff(width, height)
    textual, ours = Terminal(width, height), Terminal(width, height)
    rewritten = []
    for data in writes:
        out = diff.write(data)
        textual.feed(data)
        ours.feed(out)
        assert ours.snapshot() == textual.snapshot()
        assert (ours.x, ours.y) == (textual.x, textual.y)
        assert ours.pen == textual.pen
        rewritten.append(out)
    return rewritten


def test_a_repaint_of_what_is_shown_writes_nothing_and_a_change_only_its_cells() -> None:
    first = full_screen(80, 24)
    same = frame((3, 0, f"{GREY}{'.' * 80}\x1b[0m"))
    one = frame((3, 0, f"{GREY}{'.' * 40}X{'.' * 39}\x1b[0m"))

    out = check_same([first, same, one])

    assert len(out[0]) < len(first)  # colour codes once per run, not per segment
    assert out[1] == ""  # the cursor is already there
    assert out[2] == f"\x1b[4;41H{GREY}X\x1b[0m\x1b[21;5H"


def test_colours_change_by_the_shortest_code_and_attributes_are_switched_off() -> None:
    bold_blue = "\x1b[1;38;5;24;48;5;235m"
    writes = [
        full_screen(20, 3),
        frame((1, 2, f"{bold_blue}ab\x1b[0m{GREY}cd\x1b[0m{BLUE}ef\x1b[0mgh")),
        frame((1, 2, f"{GREY}ab\x1b[0m\x1b[7mcd\x1b[0m")),
    ]

    out = check_same(writes, 20, 3)

    assert "\x1b[22;38;5;253mcd" in out[1]  # bold off, new colour, background kept
    assert "\x1b[0mgh" in out[1]


def test_wide_characters_and_their_halves() -> None:
    writes = [
        full_screen(20, 3),
        frame((0, 4, f"{GREY}日本語\x1b[0m")),
        frame((0, 5, f"{GREY}xy\x1b[0m")),  # over the right half of 日 and the left of 本
        frame((0, 4, f"{GREY}€·a日\x1b[0m")),
    ]
    check_same(writes, 20, 3)


def test_what_it_does_not_understand_is_written_as_it_is_and_the_next_update_whole() -> None:
    diff = ScreenDiff(20, 3)
    diff.write(full_screen(20, 3))
    clear = "\x1b[2J"
    assert diff.write(clear) == clear
    row = frame((1, 0, f"{GREY}{'.' * 20}\x1b[0m"))
    assert "." * 20 in diff.write(row)  # unchanged, but the terminal was cleared
    for odd in ("\x1b[1;1Ha\x1b[Kb", "\x1b[1;1H\x1b[4:3mx", "\x1b[1;1He\u0301"):
        assert diff.write(odd) == odd
    modes = "\x1b[?25l"
    assert diff.write(modes) == modes
    check_same([full_screen(20, 3), clear, row, "\x1b[?1049h", row, "\x07"], 20, 3)


def test_a_whole_screen_update_is_written_whole_and_a_resize_forgets() -> None:
    diff = ScreenDiff(20, 3)
    diff.write(full_screen(20, 3))
    assert diff.write(full_screen(20, 3)).count(".") == 60  # a resync with the terminal
    diff.write(frame((1, 0, f"{GREY}{'-' * 20}\x1b[0m")))
    diff.resize(20, 3)
    assert diff.write(frame((1, 0, f"{GREY}{'-' * 20}\x1b[0m"))).count("-") == 20


async def test_the_driver_writes_through_a_screen_diff() -> None:
    written: list[str] = []

    class Recording(HeadlessDriver):
        def write(self, data: str) -> None:
            written.append(data)

    driver = changes_only(Recording)(app=None)  # type: ignore[arg-type]
    driver._terminal_size = lambda: (20, 3)  # type: ignore[attr-defined]
    driver.write(full_screen(20, 3))
    driver.write(frame((1, 0, f"{GREY}{'.' * 20}\x1b[0m")))
    assert len(written) == 1 and written[0].count(".") == 60


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("changes", [True, False])
def test_the_setting_chooses_the_driver(ctx: TillContext, changes: bool) -> None:
    ctx.settings.ui.changes_only = changes
    name = PosApp(ctx, start_printing=False).driver_class.__name__
    assert name.startswith("ChangesOnly") == changes


def test_the_terminal_model_takes_output_cut_anywhere() -> None:
    data = "\x1b[?1049h\x1b[2;3H\x1b[1;38;5;214mab\x1b[0m\x1b]0;title\x07cd\x1b[3;1H日x\x1b[2J"
    whole = Terminal(20, 3)
    whole.feed(data[:-4])
    assert whole.line(1) == "  abcd              " and whole.line(2).startswith("日")
    for cut in range(len(data)):
        pieces = Terminal(20, 3)
        pieces.feed(data[:cut])
        pieces.feed(data[cut:-4])
        assert pieces.snapshot() == whole.snapshot()


@pytest.fixture
def textual_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What a headless app writes to its terminal (Textual skips it when headless)."""
    writes: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: writes.append(data))
    monkeypatch.setattr(HeadlessDriver, "flush", lambda self: None, raising=False)
    yield writes


def on_screen(writes: list[str]) -> str:
    """What the terminal shows after `writes`, rewritten as the app would write them."""
    terminal, diff = Terminal(), ScreenDiff()
    for data in writes:
        terminal.feed(diff.write(data))
    return terminal.text()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_the_till_through_scans_and_a_dialog_shows_the_same_for_far_fewer_bytes(
    ctx: TillContext, textual_writes: list[str]
) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = checkout(app)
        for code in (DEMO_BARCODE, DEMO_BARCODE, "1002", "1003", "2*1004", "1005"):
            await scan(pilot, code)
            cart = screen.service.cart
            shown = on_screen(textual_writes)  # only changed lines of the panel are repainted
            assert re.search(rf"Lines +{len(cart)} ", shown)
            total = ctx.money(cart.totals().total)
            assert f"TOTAL{total.rjust(22 - 5)}" in shown  # the panel is 22 wide inside
        await pilot.press("ctrl+t")  # totals excl. VAT: every line of the panel changes
        await pilot.pause()
        assert "Total excl. VAT" in on_screen(textual_writes)
        await pilot.press("f12")  # void the sale? asks in a dialog over the till
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await scan(pilot, "1006")
    out = check_same(textual_writes)
    assert sum(map(len, out)) < sum(map(len, textual_writes)) / 2
