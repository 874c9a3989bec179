"""The pickup-counter kiosk (QUE-3, RUN-3): the till app locked down around its idle board.

- No quit key, no command palette, no suspend: the kiosk has no bindings of its own but the
  board's F12 (manager PIN), and any key bound anywhere to quitting, suspending, the palette or
  the back-office menu is dropped before it reaches a binding (Ctrl+C, Ctrl+Q, Ctrl+Z, Ctrl+P,
  F11 in the till). The actions themselves do nothing here as well.
- Textual reads Ctrl+C / Ctrl+Z as keys (it turns the terminal's signal keys off unless
  TEXTUAL_ALLOW_SIGNALS is set; `tui-pos kiosk` unsets it and ignores SIGINT/SIGTSTP/SIGQUIT).
- The manager PIN (its PBKDF2 hash in `[kiosk] exit_pin_hash`) is the only way out.
- After `[kiosk] idle_seconds` without a key or scan, every screen above the board closes.
- A crash ends `run()`; `tui-pos kiosk` then starts a new kiosk (and systemd restarts the
  command itself: config/systemd/tui-pos-kiosk.service).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.screen import Screen
from textual.timer import Timer

from tui_pos.app import PosApp
from tui_pos.core.pin import PinGuard, verify_pin
from tui_pos.screens.kiosk_board import KioskBoardScreen
from tui_pos.services.context import TillContext
from tui_pos.services.order_queue import OrderQueueService
from tui_pos.services.orders import OrderService

#: Actions no key may reach in the kiosk (with or without the "app." namespace).
DENIED_ACTIONS = frozenset(
    {"quit", "help_quit", "suspend_process", "command_palette", "menu", "screenshot"}
)


class KioskApp(PosApp, inherit_bindings=False):
    """`KioskApp(ctx, pin_hash=...)`; `left_with_pin` tells a manager's exit from a crash."""

    TITLE = "tui-pos kiosk"
    BINDINGS: ClassVar[list[BindingType]] = []
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        ctx: TillContext,
        *,
        pin_hash: str,
        idle_seconds: float | None = None,
        start_printing: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        settings = ctx.settings.kiosk
        if start_printing is None:  # receipts only come from the till, when the kiosk settles
            start_printing = settings.settle_in_till
        super().__init__(ctx, start_printing=start_printing, mode="kiosk")
        self.pin_hash = pin_hash
        self.idle_seconds = idle_seconds if idle_seconds is not None else settings.idle_seconds
        self.clock = clock
        self.pin_guard = PinGuard()
        self.left_with_pin = False
        self.queue_service = OrderQueueService(
            ctx, orders=OrderService(ctx, user=settings.user, autosave_drafts=False)
        )
        self._last_input = clock()
        self._idle_timer: Timer | None = None

    def home_screen(self) -> Screen[None]:
        return KioskBoardScreen(self.queue_service)

    # -- locked down -----------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.touch()
        if isinstance(event, events.Key) and self._denied(event):
            event.stop()
            return
        await super().on_event(event)

    def _denied(self, event: events.Key) -> bool:
        if not self.screen_stack:
            return False
        active = self.screen.active_bindings.get(event.key)
        if active is None:
            return False
        action = active.binding.action.split("(", 1)[0]
        return action.removeprefix("app.").removeprefix("screen.") in DENIED_ACTIONS

    async def action_quit(self) -> None:
        self.bell()

    def action_help_quit(self) -> None:
        """Ctrl+C: nothing (Textual would suggest the quit key)."""

    def action_suspend_process(self) -> None:
        """Ctrl+Z: never to the shell."""

    def action_command_palette(self) -> None:
        """No command palette in the kiosk."""

    def ask_manager_pin(self) -> None:
        """The PIN dialog; the right PIN ends the kiosk (`left_with_pin`)."""
        from tui_pos.screens.pin_dialog import PinScreen

        def done(ok: bool | None) -> None:
            if ok:
                self.leave()

        self.push_screen(PinScreen(self.check_pin, self.pin_guard, clock=self.clock), done)

    def check_pin(self, pin: str) -> bool:
        """Blocking (PBKDF2): call from a worker thread."""
        return bool(self.pin_hash) and verify_pin(pin, self.pin_hash)

    def leave(self) -> None:
        self.left_with_pin = True
        self.exit()

    # -- back to the board after a while without input ------------------------------------
    def touch(self) -> None:
        """Someone is using the kiosk (a key, a click, a scan): restart the idle time."""
        self._last_input = self.clock()
        if self._idle_timer is None and self.is_running:
            self._idle_timer = self.set_timer(self.idle_seconds, self._check_idle)

    def _check_idle(self) -> None:
        self._idle_timer = None
        quiet = self.clock() - self._last_input
        if quiet < self.idle_seconds:
            self._idle_timer = self.set_timer(self.idle_seconds - quiet, self._check_idle)
        else:
            self.go_home()

    def go_home(self) -> KioskBoardScreen | None:
        """Close everything above the board; returns the board."""
        board = next((s for s in self.screen_stack if isinstance(s, KioskBoardScreen)), None)
        if board is not None:
            while self.screen is not board:
                self.pop_screen()
        return board
