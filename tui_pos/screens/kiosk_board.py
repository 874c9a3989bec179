"""The kiosk's idle board (QUE-3): orders ready for pickup (number, first name, since when),
updated live; scanning an order confirmation's QR code opens that order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.core.order_list import OrderSummary
from tui_pos.core.order_qr import is_order_qr
from tui_pos.core.order_queue import first_name
from tui_pos.core.orders import Order
from tui_pos.i18n import _, format_date
from tui_pos.services.order_queue import OrderQueueService
from tui_pos.widgets.cells import PlainCell
from tui_pos.widgets.order_watch import OrdersChanged, OrderWatch, ReloadGate
from tui_pos.widgets.wedge import ScanReceived

if TYPE_CHECKING:
    from tui_pos.kiosk_app import KioskApp


@dataclass
class BoardLoaded(Message):
    rows: tuple[OrderSummary, ...] | None
    error: str = ""


@dataclass
class ScannedOrder(Message):
    order: Order | None
    error: str = ""


class KioskBoardScreen(Screen[None]):
    """Shows what is ready; a scan opens the order. F12 asks for the manager PIN to leave."""

    CSS_PATH = "kiosk_board.tcss"
    BINDINGS = [Binding("f12", "manager_exit", show=False, id="kiosk.exit")]

    def __init__(self, service: OrderQueueService) -> None:
        super().__init__()
        self.service = service
        self.rows: tuple[OrderSummary, ...] = ()
        self.order_watch: OrderWatch | None = None
        self.gate = ReloadGate(self, self._start_load)
        self.loads = 0

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-header"):
            yield Label(self.service.ctx.settings.shop.name, id="board-shop", markup=False)
            yield Label(_("Pickup"), id="board-kind")
        yield Label(_("Ready for pickup"), id="board-title")
        table: DataTable[PlainCell] = DataTable(cursor_type="none", id="board-table")
        table.can_focus = False  # nothing to select: the scanner is the only input
        yield table
        yield Label(_("Nothing is waiting for pickup right now."), id="board-empty")
        yield Static("", id="board-message", markup=False)
        yield Label(_("Scan the QR code on your order confirmation."), id="board-hint")

    def on_mount(self) -> None:
        table = self.query_one("#board-table", DataTable)
        table.add_column(PlainCell(_("Order")), key="number", width=14)
        table.add_column(PlainCell(_("Name")), key="name", width=30)
        table.add_column(PlainCell(_("Ready since")), key="since", width=16)
        self.gate.now()
        self.order_watch = OrderWatch(self, self.kiosk.change_bus)
        self.order_watch.start()

    def on_unmount(self) -> None:
        if self.order_watch is not None:
            self.order_watch.stop()

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#board-message", Static)
        message.update(text)
        message.set_class(error, "error")
        if error:
            self.app.bell()

    # -- the board -------------------------------------------------------------------------
    @on(OrdersChanged)
    def _orders_changed(self, message: OrdersChanged) -> None:
        self.gate.changed()

    def _start_load(self) -> None:
        self._fetch()

    @work(thread=True, group="kiosk-board", exit_on_error=False)
    def _fetch(self) -> None:
        try:
            self.post_message(BoardLoaded(self.service.ready_orders()))
        except PosError as exc:
            self.post_message(BoardLoaded(None, exc.message))

    @on(BoardLoaded)
    def _loaded(self, message: BoardLoaded) -> None:
        self.gate.finished()
        if message.rows is None:
            self.say(message.error, error=True)
            return
        self.rows = message.rows
        self.loads += 1
        table = self.query_one("#board-table", DataTable)
        table.clear()
        now = self.service.orders.now()
        for row in self.rows:
            table.add_row(
                PlainCell(row.number or "—"),
                PlainCell(first_name(row.customer_name)),
                PlainCell(self.since(row.updated_at, now)),
                key=row.id,
            )
        self.query_one("#board-empty", Label).display = not self.rows

    def since(self, at: datetime, now: datetime) -> str:
        """The time today ("14:05"), else the date."""
        local = at.astimezone(now.tzinfo)
        return local.strftime("%H:%M") if local.date() == now.date() else format_date(local.date())

    # -- scans -----------------------------------------------------------------------------
    def on_scan_received(self, message: ScanReceived) -> None:
        message.stop()
        self.open_code(message.code)

    def open_code(self, code: str) -> None:
        """Open the order a confirmation's QR code names (anything else: say what to scan)."""
        self.kiosk.touch()
        if not is_order_qr(code):
            self.say(_("This is not an order confirmation: scan its QR code."), error=True)
            return
        self.say(_("One moment…"))
        self._find(code)

    @work(thread=True, group="kiosk-scan", exit_on_error=False)
    def _find(self, code: str) -> None:
        try:
            self.post_message(ScannedOrder(self.service.order_for_qr(code)))
        except PosError as exc:
            self.post_message(ScannedOrder(None, exc.message))

    @on(ScannedOrder)
    def _scanned(self, message: ScannedOrder) -> None:
        if message.order is None:
            self.say(message.error, error=True)
            return
        from tui_pos.screens.kiosk_order import KioskOrderScreen

        self.say("")
        self.kiosk.touch()
        self.app.push_screen(KioskOrderScreen(self.service, message.order))

    def action_manager_exit(self) -> None:
        self.kiosk.ask_manager_pin()
