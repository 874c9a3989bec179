"""One order at the kiosk (QUE-3), opened by scanning its confirmation: lines, what is paid and
due; Enter hands a paid, ready order over (it becomes completed), or opens it in the till to
pay when the kiosk may settle; Esc (or a while without input) goes back to the board."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.core.order_queue import first_name
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import Order
from tui_pos.i18n import _, format_decimal
from tui_pos.screens import till_link
from tui_pos.services.order_queue import OrderQueueService
from tui_pos.widgets.cells import PlainCell
from tui_pos.widgets.wedge import ScanReceived

if TYPE_CHECKING:
    from tui_pos.kiosk_app import KioskApp

#: How long the thank-you stays before the board returns.
THANKS_SECONDS = 4.0


@dataclass
class HandedOver(Message):
    order: Order | None
    error: str = ""


class KioskOrderScreen(Screen[None]):
    CSS_PATH = "kiosk_order.tcss"
    BINDINGS = [
        Binding("enter", "proceed", _("Collect / pay"), id="kiosk_order.proceed"),
        Binding("escape", "back", _("Back"), id="kiosk_order.back"),
    ]

    def __init__(self, service: OrderQueueService, order: Order) -> None:
        super().__init__()
        self.service = service
        self.order = order
        self.handed_over = False

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        order = self.order
        name = first_name(order.header.customer.name) if order.header.customer else ""
        with Horizontal(id="ko-header"):
            yield Label(
                _("Order {number}").format(number=order.number or "—"),
                id="ko-number",
                markup=False,
            )
            yield Label(name, id="ko-name", markup=False)
            yield Label(self.service.status_label(order.status), id="ko-status", markup=False)
        table: DataTable[Text] = DataTable(cursor_type="none", id="ko-lines")
        table.can_focus = False
        yield table
        with Horizontal(classes="ko-sum"):
            yield Label(_("Total"), classes="ko-sum-label")
            yield Label(self.money(order.totals().total_incl_vat), classes="ko-sum-value")
        with Horizontal(classes="ko-sum"):
            yield Label(_("Paid"), classes="ko-sum-label")
            yield Label(self.money(order.paid_total), classes="ko-sum-value")
        with Horizontal(classes="ko-sum", id="ko-due-row"):
            yield Label(_("To pay"), classes="ko-sum-label")
            yield Label(self.money(order.balance_due), classes="ko-sum-value", id="ko-due")
        yield Static(self.advice(), id="ko-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#ko-lines", DataTable)
        table.add_column(Text(_("Qty"), justify="right"), key="qty", width=7)
        table.add_column(PlainCell(_("Article")), key="article", width=40)
        table.add_column(Text(_("Amount"), justify="right"), key="amount", width=10)
        for line in self.order.lines:
            table.add_row(
                Text(format_decimal(line.qty), justify="right"),
                Text(line.description, no_wrap=True, overflow="ellipsis"),
                Text(self.service.ctx.amount(line.line_total), justify="right"),
            )

    def money(self, amount: Decimal) -> str:
        return self.service.ctx.money(amount)

    def advice(self) -> str:
        """What the customer (or the staff at the counter) can do now."""
        order = self.order
        kind = order.status_kind
        if kind is StatusKind.CANCELLED:
            return _("This order was cancelled; please ask at the counter.")
        if kind is StatusKind.DONE:
            return _("This order has already been collected.")
        if not self.service.is_ready(order):
            return _("Your order is not ready yet ({status}).").format(
                status=self.service.status_label(order.status)
            )
        due = order.balance_due
        if due > 0:
            if self.can_settle():
                return _("{amount} to pay: press Enter to pay at the till.").format(
                    amount=self.money(due)
                )
            return _("Please pay {amount} at the counter.").format(amount=self.money(due))
        return _("Paid. Press Enter to collect your order.")

    def can_settle(self) -> bool:
        return (
            self.service.ctx.settings.kiosk.settle_in_till and till_link.till_opener() is not None
        )

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#ko-message", Static)
        message.update(text)
        message.set_class(error, "error")
        if error:
            self.app.bell()

    def action_proceed(self) -> None:
        order = self.order
        if self.handed_over or not self.service.is_ready(order):
            self.kiosk.go_home()
            return
        if order.balance_due > 0:
            if self.can_settle():
                till_link.open_in_till(self.kiosk, order.id)
            else:
                self.say(self.advice(), error=True)
            return
        self.say(_("One moment…"))
        self._hand_over(order)

    @work(thread=True, group="kiosk-hand-over", exit_on_error=False)
    def _hand_over(self, order: Order) -> None:
        try:
            self.service.hand_over(order)
        except PosError as exc:
            self.post_message(HandedOver(None, exc.message))
            return
        self.post_message(HandedOver(order))

    @on(HandedOver)
    def _handed_over(self, message: HandedOver) -> None:
        if message.order is None:
            self.say(message.error, error=True)
            return
        self.handed_over = True
        self.query_one("#ko-status", Label).update(self.service.status_label(self.order.status))
        self.say(_("Thank you, enjoy! Your order is handed over."))
        self.set_timer(THANKS_SECONDS, self._thanks_done)

    def _thanks_done(self) -> None:
        if self.is_current:
            self.kiosk.go_home()

    def on_scan_received(self, message: ScanReceived) -> None:
        """The next customer scans: show their order instead."""
        message.stop()
        board = self.kiosk.go_home()
        if board is not None:
            board.open_code(message.code)

    def action_back(self) -> None:
        self.kiosk.go_home()
