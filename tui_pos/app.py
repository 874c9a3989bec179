"""The Textual application: thin; it wires services to screens and starts background printing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, TextArea

from tui_pos.hardware.wedge import WedgeConfig
from tui_pos.i18n import _
from tui_pos.services.context import TillContext
from tui_pos.widgets.wedge import ScanReceived, WedgeAppMixin, WedgeKeyHook

if TYPE_CHECKING:
    from tui_pos.services.printing import PrintService, SpoolState


class PosApp(WedgeAppMixin, App[None]):
    """tui-pos. Quit is Ctrl+Q (the kiosk variant has none)."""

    TITLE = "tui-pos"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False)]

    def __init__(self, ctx: TillContext, *, start_printing: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.start_printing = start_printing
        self.printing: PrintService | None = None
        if not ctx.settings.ui.animations:
            self.animation_level = "none"

    def on_mount(self) -> None:
        from tui_pos.screens.checkout import CheckoutScreen
        from tui_pos.services.checkout import CheckoutService

        self.wedge = WedgeKeyHook(self, WedgeConfig())
        self.checkout = CheckoutService(self.ctx)
        self.push_screen(CheckoutScreen(self.checkout))

    def on_ready(self) -> None:
        """Printing starts once the checkout is on the screen: the first frame does not need
        the printer library (python-escpos with Pillow and qrcode, a third of a second to load
        on a small till). A sale committed before that waits in the spool like any other."""
        if self.start_printing:
            self.screen.call_after_refresh(self._begin_printing)

    def _begin_printing(self) -> None:
        if self.printing is None:
            self.printing = self._start_printing()
            self.checkout.printing = self.printing

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """With animations off (tills, SSH) text fields keep a steady cursor: a blinking one
        repaints its field twice a second, which is CPU on an idle till and ~1.8 KB/s to an
        idle SSH session (benchmarks/bench_terminal.py)."""
        if not self.ctx.settings.ui.animations and isinstance(event.widget, Input | TextArea):
            event.widget.cursor_blink = False

    def on_scan_received(self, message: ScanReceived) -> None:
        """A keyboard-wedge burst typed into any field: it is a scan for the till."""
        from tui_pos.screens.checkout import CheckoutScreen

        if isinstance(self.screen, CheckoutScreen):
            self.screen.handle_scan(message.code)
        else:
            self.bell()
            self.notify(_("Scan ignored: close this window first."), severity="warning")

    def _start_printing(self) -> PrintService | None:
        from tui_pos.services.printing import PrintService, printer_for

        printer = printer_for(self.ctx)
        if printer is None:
            return None

        def on_state(state: SpoolState) -> None:
            self.call_from_thread(self._show_spool_state, state)

        service = PrintService(self.ctx, printer, on_state=on_state)
        service.start()
        return service

    def _show_spool_state(self, state: SpoolState) -> None:
        from tui_pos.screens.checkout import CheckoutScreen

        pending, error = state.pending, state.last_error
        text = _("Printer: {n} waiting").format(n=pending) if pending else _("Printer OK")
        if error:
            text = _("Printer problem: {error} ({n} waiting)").format(error=error[:30], n=pending)
        for screen in self.screen_stack:
            if isinstance(screen, CheckoutScreen):
                screen.set_printer_state(text, problem=bool(error))

    def on_unmount(self) -> None:
        if self.printing is not None:
            self.printing.stop()
