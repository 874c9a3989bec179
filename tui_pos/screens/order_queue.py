"""The order queue (QUE-1, QUE-2): open orders oldest first, updated live when any till or
back-office user changes an order; one key moves the selected order along its status flow, Enter
opens it in the till to settle it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from babel.dates import format_skeleton
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.core.order_browse import DELIVERY_LABELS
from tui_pos.core.order_list import OrderSummary
from tui_pos.core.order_qr import is_order_qr, parse_order_qr
from tui_pos.core.order_queue import age_text, due_date, is_late
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import Order
from tui_pos.i18n import N_, _, current_locale
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.till_link import open_in_till
from tui_pos.services.order_queue import OrderQueueService, QueueMove
from tui_pos.widgets.order_watch import OrdersChanged, OrderWatch, ReloadGate
from tui_pos.widgets.wedge import ScanReceived

if TYPE_CHECKING:
    from tui_pos.app import PosApp

#: How often the age column is rewritten (from memory; no query).
AGE_REFRESH_SECONDS = 30.0
LATE_STYLE = "bold red"
READY_STYLE = "bold green"
LATE_MARK = "!"


def short_date(value: date, today: date) -> str:
    """Day and month in the locale's order ("2-11", "2.11."), with the year only when it is
    not this year's ("2-11-25")."""
    skeleton = "dM" if value.year == today.year else "dMyy"
    return format_skeleton(skeleton, value, locale=current_locale())


def open_order_queue(app: PosApp) -> OrderQueueScreen:
    """Menu opener (and Ctrl+L at the till)."""
    return OrderQueueScreen(OrderQueueService(app.ctx))


@dataclass(frozen=True)
class QueueColumn:
    key: str
    label: str  # marked with N_
    width: int
    right: bool = False


#: In display order; the customer column takes what the others leave (at least its width).
COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("status", N_("Status"), 16),
    QueueColumn("age", N_("Age"), 4),
    QueueColumn("number", N_("No."), 8),
    QueueColumn("customer", N_("Customer"), 10),
    QueueColumn("delivery", N_("Pick/Del"), 8),
    QueueColumn("due", N_("Due"), 8),
    QueueColumn("balance", N_("Balance"), 9, right=True),
)
_CELL_PADDING = 2
_SCROLLBAR = 2


@dataclass
class QueueLoaded(Message):
    generation: int
    rows: tuple[OrderSummary, ...] | None
    error: str = ""


@dataclass
class QueueMoved(Message):
    order: Order | None
    error: str = ""


@dataclass
class TargetsLoaded(Message):
    order_id: str
    rows: list[tuple[str, list[str]]]
    error: str = ""


class OrderQueueScreen(Screen[None]):
    """↑↓ choose · Enter/T till · P preparing · R ready · D done · M move to… · F5 reload."""

    CSS_PATH = "order_queue.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="queue.back"),
        Binding("t", "till", _("Till"), id="queue.till"),
        Binding("p", "move('preparing')", _("Prep"), id="queue.preparing"),
        Binding("r", "move('ready')", _("Ready"), id="queue.ready"),
        Binding("d", "move('done')", _("Done"), id="queue.done"),
        Binding("m", "move_to", _("Move…"), id="queue.move_to"),
        Binding("f5", "reload", _("Reload"), id="queue.reload"),
    ]

    def __init__(self, service: OrderQueueService) -> None:
        super().__init__()
        self.service = service
        self.rows: tuple[OrderSummary, ...] = ()
        self.order_watch: OrderWatch | None = None
        self.loads = 0  # finished loads, for tests and the benchmark
        self.gate = ReloadGate(self, self._start_load)
        self._generation = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="queue-header"):
            yield Label(_("Order queue"), id="queue-title")
            yield Label("", id="queue-count")
            yield Label(_("connecting…"), id="queue-live")
        table: DataTable[str | Text] = DataTable(
            cursor_type="row", zebra_stripes=True, id="queue-table"
        )
        yield table
        yield Static("", id="queue-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.table.focus()
        self.gate.now()
        self.order_watch = OrderWatch(self, cast("PosApp", self.app).change_bus)
        self.order_watch.start()
        self.set_interval(AGE_REFRESH_SECONDS, self._render_rows)

    def on_unmount(self) -> None:
        if self.order_watch is not None:
            self.order_watch.stop()

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#queue-table", DataTable)

    @property
    def selected(self) -> OrderSummary | None:
        table = self.table
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#queue-message", Static)
        message.update(text)
        message.set_class(error, "error")
        if error:
            self.app.bell()

    # -- loading: one query at a time; changes meanwhile cause one more ---------------------
    @on(OrdersChanged)
    def _orders_changed(self, message: OrdersChanged) -> None:
        if self.order_watch is not None and self.order_watch.listening.is_set():
            self.query_one("#queue-live", Label).update(_("live"))
        self.gate.changed()

    def action_reload(self) -> None:
        self.gate.now()

    def _start_load(self) -> None:
        self._generation += 1
        self._fetch(self._generation)

    @work(thread=True, group="order-queue-load", exit_on_error=False)
    def _fetch(self, generation: int) -> None:
        try:
            rows = self.service.open_orders().rows
        except PosError as exc:
            self.post_message(QueueLoaded(generation, None, exc.message))
            return
        self.post_message(QueueLoaded(generation, rows))

    @on(QueueLoaded)
    def _loaded(self, message: QueueLoaded) -> None:
        if message.rows is None:
            self.say(message.error, error=True)
        elif message.generation == self._generation:
            self.rows = message.rows
            self.loads += 1
            self._render_rows()
        self.gate.finished()

    # -- showing ---------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._render_rows()

    def _render_rows(self) -> None:
        table = self.table
        keep = self.selected.id if self.selected else None
        index = table.cursor_row
        width = max(40, table.size.width - _SCROLLBAR) if table.size.width else 78
        fixed = sum(c.width + _CELL_PADDING for c in COLUMNS if c.key != "customer")
        customer_width = max(8, width - fixed - _CELL_PADDING)
        table.clear(columns=True)
        for column in COLUMNS:
            table.add_column(
                Text(_(column.label), justify="right" if column.right else "left"),
                width=customer_width if column.key == "customer" else column.width,
                key=column.key,
            )
        now, today = self.service.orders.now(), self.service.orders.today()
        for row in self.rows:
            late = is_late(row, today)
            due = due_date(row)
            cells = {
                "status": (LATE_MARK if late else "") + self.service.status_label(row.status),
                "age": age_text(row.created_at, now),
                "number": row.number or "—",
                "customer": row.customer_name,
                "delivery": _(DELIVERY_LABELS[row.delivery_method]),
                "due": short_date(due, today) if due else "",
                "balance": self.service.ctx.amount(row.balance_due),
            }
            ready = row.status_kind is StatusKind.READY
            style = LATE_STYLE if late else READY_STYLE if ready else ""
            table.add_row(
                *(
                    Text(
                        cells[c.key],
                        style=style,
                        justify="right" if c.right else "left",
                        no_wrap=True,
                        overflow="ellipsis",
                    )
                    for c in COLUMNS
                ),
                key=row.id,
            )
        ids = [row.id for row in self.rows]
        if keep in ids:
            index = ids.index(keep)
        if self.rows:
            table.move_cursor(row=min(index, len(self.rows) - 1), animate=False)
        self.query_one("#queue-count", Label).update(
            _("{n} open").format(n=len(self.rows)) if self.rows else _("no open orders")
        )

    # -- acting ----------------------------------------------------------------------------
    def _selected_or_say(self) -> OrderSummary | None:
        row = self.selected
        if row is None:
            self.say(_("No order selected."), error=True)
        return row

    @on(DataTable.RowSelected, "#queue-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_till()

    def action_till(self) -> None:
        row = self._selected_or_say()
        if row is not None:
            open_in_till(cast("PosApp", self.app), row.id)

    def action_move(self, move: str) -> None:
        row = self._selected_or_say()
        if row is not None:
            self.say(_("Moving {number}…").format(number=row.number or "—"))
            self._move(row.id, QueueMove(move))

    @work(thread=True, group="order-queue-move", exit_on_error=False)
    def _move(self, order_id: str, target: str | QueueMove) -> None:
        try:
            order = self.service.move(order_id, target)
        except PosError as exc:
            self.post_message(QueueMoved(None, exc.message))
            return
        self.post_message(QueueMoved(order))

    @on(QueueMoved)
    def _moved(self, message: QueueMoved) -> None:
        order = message.order
        if order is None:
            self.say(message.error, error=True)
            return
        self.say(
            _("{number} is now “{status}”.").format(
                number=order.number or "—", status=self.service.status_label(order.status)
            )
        )
        self.gate.now()

    def action_move_to(self) -> None:
        row = self._selected_or_say()
        if row is not None:
            self._load_targets(row.id)

    @work(thread=True, group="order-queue-targets", exit_on_error=False)
    def _load_targets(self, order_id: str) -> None:
        try:
            targets = self.service.targets(order_id)
        except PosError as exc:
            self.post_message(TargetsLoaded(order_id, [], exc.message))
            return
        rows = [(status.key, [status.display()]) for status in targets]
        self.post_message(TargetsLoaded(order_id, rows))

    @on(TargetsLoaded)
    def _targets_loaded(self, message: TargetsLoaded) -> None:
        if message.error:
            self.say(message.error, error=True)
            return
        if not message.rows:
            self.say(_("This order cannot move from here."), error=True)
            return

        def chosen(target: str | None) -> None:
            if target:
                self._move(message.order_id, target)

        self.app.push_screen(
            PickListScreen(_("Move to…"), [_("Status")], rows=message.rows), chosen
        )

    def on_scan_received(self, message: ScanReceived) -> None:
        """A confirmation's QR code selects that order."""
        message.stop()
        if not is_order_qr(message.code):
            self.say(_("Scan the QR code on an order confirmation."), error=True)
            return
        try:
            order_id = parse_order_qr(message.code).order_id
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        ids = [row.id for row in self.rows]
        if order_id not in ids:
            self.say(_("That order is not in the queue."), error=True)
            return
        self.table.move_cursor(row=ids.index(order_id))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
