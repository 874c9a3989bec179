"""The back-office menu: one key per area (till, orders, registers, ...); Ctrl+Q quits."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from tui_pos.core.errors import PosError
from tui_pos.i18n import _
from tui_pos.screens.menu_entries import MENU_ENTRIES, MenuEntry

if TYPE_CHECKING:
    from tui_pos.app import PosApp


class MenuScreen(Screen[None]):
    CSS_PATH = "menu.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="menu.back"),
    ]

    def __init__(self, entries: tuple[MenuEntry, ...] = MENU_ENTRIES) -> None:
        super().__init__()
        self.entries = {entry.id: entry for entry in entries}

    def compose(self) -> ComposeResult:
        ctx = cast("PosApp", self.app).ctx
        with Vertical(id="menu-box"):
            yield Label(ctx.settings.shop.name, id="menu-title", markup=False)
            yield OptionList(
                *(
                    Option(f"{entry.key.upper()}  {_(entry.label)}", id=entry.id)
                    for entry in self.entries.values()
                ),
                id="menu-list",
            )
            yield Label(_("Enter or the letter opens · Ctrl+Q quits"), classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: Key) -> None:
        for entry in self.entries.values():
            if event.character is not None and event.character.lower() == entry.key:
                event.stop()
                self.open_entry(entry.id)
                return

    @on(OptionList.OptionSelected, "#menu-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_entry(event.option.id)

    def open_entry(self, entry_id: str) -> None:
        app = cast("PosApp", self.app)
        try:
            screen = self.entries[entry_id].open(app)
        except PosError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if screen is not None:
            app.push_screen(screen)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
