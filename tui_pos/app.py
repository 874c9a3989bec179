"""The Textual application: thin; it wires services to screens and starts the device threads.

Device threads (the print spool worker, evdev scanner readers) never touch widgets: they post
messages (`SpoolStateChanged`, `ScannerStatusChanged`, `ScanReceived`), which Textual hands to
the UI thread. Nothing they do can block or lose a sale.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from tui_pos.core.errors import PosError
from tui_pos.hardware.wedge import WedgeConfig
from tui_pos.i18n import _
from tui_pos.services.context import TillContext
from tui_pos.widgets.device_status import (
    DeviceStatus,
    ScannerStatusChanged,
    SpoolStateChanged,
)
from tui_pos.widgets.wedge import ScanReceived, WedgeAppMixin, WedgeKeyHook, is_text_area

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui_pos.hardware.printer import ReceiptPrinter
    from tui_pos.hardware.scanner import ScannerReader
    from tui_pos.hardware.scanner_discovery import DeviceSource
    from tui_pos.hardware.scanner_status import ScannerStatus
    from tui_pos.hardware.spool import SpoolState, SpoolWorker
    from tui_pos.services.checkout import CheckoutService
    from tui_pos.services.order_events import ChangeBus
    from tui_pos.services.till_orders import OrderAtTill, TillOrderService

log = logging.getLogger(__name__)


class PosApp(WedgeAppMixin, App[None]):
    """tui-pos. Quit is Ctrl+Q (the kiosk variant has none).

    `printer` replaces the configured one and `spool_options` tune the spool worker (tests);
    `device_source` replaces /dev/input for the evdev scanners (tests with fake devices).
    `freeze_gc`: the app is the process (`tui-pos`), see `_after_first_frame`.
    """

    TITLE = "tui-pos"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False)]

    def __init__(
        self,
        ctx: TillContext,
        *,
        start_printing: bool = True,
        start_scanners: bool = True,
        printer: ReceiptPrinter | None = None,
        spool_options: Mapping[str, Any] | None = None,
        device_source: DeviceSource | None = None,
        mode: str = "till",
        freeze_gc: bool = False,
    ) -> None:
        super().__init__()
        self.freeze_gc = freeze_gc
        self.ctx = ctx
        self.mode = mode  # "till": opens at the checkout; "backoffice": opens at the menu
        self._checkout: CheckoutService | None = None
        self._till_orders: TillOrderService | None = None
        self.start_printing = start_printing
        self.start_scanners = start_scanners
        self._printer = printer
        self._spool_options = dict(spool_options or {})
        self._device_source = device_source
        self.printing: SpoolWorker | None = None
        self.scanners: ScannerReader | None = None
        self.spool_state: SpoolState | None = None
        #: Latest status per scanner device path; None when evdev scanning is off.
        self.scanner_statuses: dict[str, ScannerStatus] | None = None
        self._change_bus: ChangeBus | None = None
        if not ctx.settings.ui.animations:
            self.animation_level = "none"
        if ctx.settings.ui.changes_only:
            from tui_pos.terminal_output import changes_only

            self.driver_class = changes_only(self.driver_class)

    def on_mount(self) -> None:
        self.wedge = WedgeKeyHook(self, self._wedge_config())
        self.push_screen(self.home_screen())
        if self.start_scanners and self.ctx.settings.scanner.enabled:
            self.scanners = self._start_scanners()  # after the till is there to take scans
        self.call_after_refresh(self._show_devices)

    def home_screen(self) -> Screen[None]:
        """The first screen: the till, or the menu in the back office (the kiosk: its board)."""
        if self.mode == "backoffice":
            from tui_pos.screens.menu import MenuScreen

            return MenuScreen()
        from tui_pos.screens.checkout import CheckoutScreen

        return CheckoutScreen(self.checkout_service)

    @property
    def change_bus(self) -> ChangeBus:
        """The app's one change bus (live updates, docs/live-updates.md): made on first use,
        connected on the first subscription, closed when the app ends."""
        if self._change_bus is None:
            from tui_pos.services.order_events import open_change_bus

            self._change_bus = open_change_bus(self.ctx)
        return self._change_bus

    def on_ready(self) -> None:
        """Printing starts once the first screen is drawn: that frame does not need the printer
        library (python-escpos with Pillow and qrcode, a third of a second to load on a small
        till). A sale committed before that waits in the spool like any other. Just before,
        the till loads what a scan needs (the ORM tables, pricing): its first frame did not."""
        self.screen.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if self._checkout is not None:
            self._checkout.warm_up()
        if self.start_printing:
            self._begin_printing()
        if self.freeze_gc:
            # What the till loaded to start lives as long as it does: taken out of the garbage
            # collector's full passes, which then look at far fewer objects (a full pass during
            # scans took ~100 ms, so a scan's line came that much later; ~20 ms frozen).
            gc.freeze()

    def _begin_printing(self) -> None:
        if self.printing is None:
            self.printing = self._start_printing()
            if self._checkout is not None:
                self._checkout.printing = self.printing

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """With animations off (tills, SSH) text fields keep a steady cursor: a blinking one
        repaints its field twice a second, which is CPU on an idle till and ~1.8 KB/s to an
        idle SSH session (benchmarks/bench_terminal.py)."""
        if not self.ctx.settings.ui.animations and (
            isinstance(event.widget, Input) or is_text_area(event.widget)
        ):
            event.widget.cursor_blink = False

    @property
    def checkout_service(self) -> CheckoutService:
        """The till's one checkout (its cart lives as long as the app)."""
        if self._checkout is None:
            from tui_pos.services.checkout import CheckoutService

            self._checkout = CheckoutService(self.ctx, printing=self.printing)
        return self._checkout

    @property
    def till_orders(self) -> TillOrderService:
        """The till's orders (make, choose, settle); holds the lease of the order open here."""
        if self._till_orders is None:
            from tui_pos.services.till_orders import TillOrderService

            self._till_orders = TillOrderService(self.checkout_service)
        return self._till_orders

    @property
    def open_till_order(self) -> OrderAtTill | None:
        """The order loaded at the till for settling, if any; asking does not make the order
        service (and load the order modules) when no order has been touched yet."""
        return self._till_orders.current if self._till_orders is not None else None

    def on_unmount(self) -> None:
        if self._till_orders is not None:
            self._till_orders.close()  # another till may take the open order at once
        if self.scanners is not None:
            self.scanners.stop()
        if self.printing is not None:
            self.printing.stop()
        if self._change_bus is not None:
            self._change_bus.close()

    # -- scans ---------------------------------------------------------------------------
    def on_scan_received(self, message: ScanReceived) -> None:
        """A scan from the keyboard wedge or an evdev scanner: for the till, or for the order
        form when that is the active screen."""
        from tui_pos.screens.checkout import CheckoutScreen
        from tui_pos.screens.order_form import OrderFormScreen

        if isinstance(self.screen, (CheckoutScreen, OrderFormScreen)):
            self.screen.handle_scan(message.code)
        else:
            self.bell()
            self.notify(_("Scan ignored: close this window first."), severity="warning")

    def _wedge_config(self) -> WedgeConfig:
        try:
            return WedgeConfig.from_dict(self.ctx.settings.wedge.model_dump())
        except PosError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return WedgeConfig()

    # -- printing ------------------------------------------------------------------------
    def _start_printing(self) -> SpoolWorker | None:
        from tui_pos.services.printing import printer_for, spool_worker

        try:
            printer = self._printer or printer_for(self.ctx)
        except PosError as exc:  # a bad [printer] section: sell anyway, jobs wait in the spool
            self.notify(
                _("Printer: {error}").format(error=exc.message), severity="error", markup=False
            )
            return None
        if printer is None:
            return None

        last: list[SpoolState] = []

        def on_state(state: SpoolState) -> None:  # on the spool thread
            if last != [state]:  # the worker reports every pass; the screen needs changes only
                last[:] = [state]
                self.post_message(SpoolStateChanged(state))

        worker = spool_worker(self.ctx, printer, on_state=on_state, **self._spool_options)
        worker.start()
        return worker

    def on_spool_state_changed(self, message: SpoolStateChanged) -> None:
        self.spool_state = message.state
        self._show_devices()

    # -- scanners ------------------------------------------------------------------------
    def _start_scanners(self) -> ScannerReader | None:
        from tui_pos.hardware.scanner import ScannerReader
        from tui_pos.hardware.scanner_config import ScannerConfig
        from tui_pos.hardware.scanner_discovery import DeviceSource
        from tui_pos.widgets.wedge import scan_poster

        try:
            config = ScannerConfig.from_dict(self.ctx.settings.scanner.model_dump())
        except PosError as exc:
            self.notify(
                _("Scanner: {error}").format(error=exc.message), severity="error", markup=False
            )
            return None
        source = self._device_source or DeviceSource.local(config.input_dir)

        def on_status(status: ScannerStatus) -> None:  # on a scanner thread
            self.post_message(ScannerStatusChanged(status))

        self.scanner_statuses = {}
        reader = ScannerReader(
            config,
            scan_poster(self),
            on_status,
            open_device=source.open_device,
            list_paths=source.list_paths,
        )
        reader.start()
        return reader

    def on_scanner_status_changed(self, message: ScannerStatusChanged) -> None:
        from tui_pos.hardware.scanner_status import ScannerState

        status = message.status
        if self.scanner_statuses is None:
            return
        self.scanner_statuses[status.path] = status
        if status.state is ScannerState.CONNECTED:
            log.info("scanner %s ready", status.device_name)
        else:
            self.notify(
                _("Scanner {name}: {problem}").format(
                    name=status.device_name, problem=status.message
                ),
                severity="warning" if status.state is ScannerState.DISCONNECTED else "error",
                markup=False,
            )
        self._show_devices()

    # -- status bar ----------------------------------------------------------------------
    def _show_devices(self) -> None:
        for screen in self.screen_stack:
            for widget in screen.query(DeviceStatus):
                widget.show_spool(self.spool_state)
                widget.show_scanners(self.scanner_statuses)
