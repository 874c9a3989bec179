"""TillFooter: Textual's footer without its leak of the keys each recompose replaces."""

from __future__ import annotations

import gc

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from tui_pos.widgets.footer import TillFooter


class FooterApp(App[None]):
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding(f"f{n}", f"key({n})", f"Key {n}") for n in range(1, 9)]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer = footer

    def action_key(self, n: int) -> None:
        pass

    def compose(self) -> ComposeResult:
        yield Input()
        yield self.footer()


async def keys_alive_after_recomposes(footer: type[Footer], times: int) -> tuple[int, int]:
    """(FooterKeys on the screen, FooterKeys still in memory) after `times` recomposes."""
    app = FooterApp(footer)
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        for _ in range(times):
            app.screen.refresh_bindings()  # what a focus change or a closed dialog does
            await pilot.pause()
        shown = len(app.screen.query(FooterKey))
        gc.collect()
        alive = sum(1 for obj in gc.get_objects() if isinstance(obj, FooterKey))
    return shown, alive


@pytest.mark.parametrize("footer", [Footer, TillFooter])
async def test_recomposing_the_footer_keeps_only_its_current_keys(footer: type[Footer]) -> None:
    shown, alive = await keys_alive_after_recomposes(footer, 10)
    assert shown == 8
    if footer is TillFooter:
        assert alive == shown
    else:  # Textual's own: the reason for TillFooter (delete it when this fails)
        assert alive >= 8 * shown
