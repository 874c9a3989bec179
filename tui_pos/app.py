"""The Textual application: thin; it wires services to screens and starts background printing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from tui_pos.hardware.wedge import WedgeConfig
from tui_pos.i18n import _
from tui_pos.services.context import TillContext
from tui_pos.widgets.wedge import ScanReceived, WedgeAppMixin, WedgeKeyHook

if TYPE_CHECKING:
    from tui_pos.services.checkout import CheckoutService
    from tui_pos.services.printing import PrintService, SpoolState


class PosApp(WedgeAppMixin, App[None]):
    """tui-pos. Quit is Ctrl+Q (the kiosk variant has none)."""

    TITLE = "tui-pos"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False)]

    def __init__(
        self, ctx: TillContext, *, start_printing: bool = True, mode: str = "till"
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.mode = mode  # "till": opens at the checkout; "backoffice": opens at the menu
        self._checkout: CheckoutService | None = None
        self.start_printing = start_printing
        self.printing: PrintService | None = None
        if not ctx.settings.ui.animations:
            self.animation_level = "none"

    def on_mount(self) -> None:
        from tui_pos.screens.checkout import CheckoutScreen
        from tui_pos.screens.menu import MenuScreen

        self.wedge = WedgeKeyHook(self, WedgeConfig())
        if self.start_printing:
            self.printing = self._start_printing()
        if self.mode == "backoffice":
            self.push_screen(MenuScreen())
        else:
            self.push_screen(CheckoutScreen(self.checkout_service))

    @property
    def checkout_service(self) -> CheckoutService:
        """The till's one checkout (its cart lives as long as the app)."""
        if self._checkout is None:
            from tui_pos.services.checkout import CheckoutService

            self._checkout = CheckoutService(self.ctx, printing=self.printing)
        return self._checkout

    def on_scan_received(self, message: ScanReceived) -> None:
        """A keyboard-wedge burst typed into any field: a scan for the till, or for the order
        form when that is the active screen."""
        from tui_pos.screens.checkout import CheckoutScreen
        from tui_pos.screens.order_form import OrderFormScreen

        if isinstance(self.screen, (CheckoutScreen, OrderFormScreen)):
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
