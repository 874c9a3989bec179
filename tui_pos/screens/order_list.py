"""The order list (ORD-10, ORD-11) and the till's "Choose order" (CHK-10): pages of orders from
the service, searched, filtered and sorted in SQL; Enter opens the order (or chooses it)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.core.order_browse import (
    describe,
    next_sort,
    next_status_choice,
    reverse_sort,
    sort_of,
    sort_text,
    sorted_by,
    toggle_sort,
)
from tui_pos.core.order_filter import DateField, OrderFilter, SortField
from tui_pos.core.order_list import OrderPage
from tui_pos.i18n import _, format_decimal
from tui_pos.screens.order_filter_dialog import OrderFilterScreen, customer_picker
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services import order_lookups
from tui_pos.services.orders import OrderService
from tui_pos.widgets.order_table import COLUMNS, CellFormat, OrderTable
from tui_pos.widgets.wedge import ScanReceived

if TYPE_CHECKING:
    from tui_pos.app import PosApp

SEARCH_DELAY = 0.35  # seconds after the last key before the search runs
_DATE_COLUMNS = {
    DateField.ORDER_DATE: "date",
    DateField.PICKUP_DATE: "pickup",
    DateField.EXPECTED_DELIVERY_DATE: "expected",
    DateField.REMINDER_DATE: "reminder",
}


def order_service(app: PosApp) -> OrderService:
    return OrderService(app.ctx)


def open_order_list(app: PosApp) -> OrderListScreen:
    """Menu opener: open orders, oldest first."""
    return OrderListScreen(order_service(app))


def customer_orders(code: str) -> OrderFilter:
    """Every order of one customer, newest first."""
    return sorted_by(OrderFilter(customer_code=code), SortField.ORDER_DATE, descending=True)


def employee_orders(name: str) -> OrderFilter:
    """Every order taken by one employee, newest first."""
    return sorted_by(OrderFilter(employee=name), SortField.ORDER_DATE, descending=True)


def open_orders_by_customer(app: PosApp) -> None:
    """Menu opener: choose a customer, then list their orders."""
    service = order_service(app)
    names: dict[str, str] = {}

    def chosen(code: str | None) -> None:
        if code:
            title = _("Orders of {name}").format(name=names.get(code, code))
            app.push_screen(
                OrderListScreen(
                    service, preset=customer_orders(code), title=title, customer_names=names
                )
            )

    app.push_screen(customer_picker(service, names), chosen)


def employee_picker(service: OrderService, *, any_row: bool = False) -> PickListScreen:
    """Employees who appear on orders, and the configured cashier."""

    def search(text: str) -> list[tuple[str, list[str]]]:
        words = text.casefold().split()
        names = order_lookups.employees(service.ctx)
        rows = [(name, [name]) for name in names if all(w in name.casefold() for w in words)]
        if any_row and not words:
            rows.insert(0, ("", [_("— anyone —")]))
        return rows

    return PickListScreen(_("Choose an employee"), [_("Employee")], search=search)


def open_orders_by_employee(app: PosApp) -> None:
    """Menu opener: choose an employee, then list the orders they took."""
    service = order_service(app)

    def chosen(name: str | None) -> None:
        if name:
            title = _("Orders of {name}").format(name=name)
            app.push_screen(OrderListScreen(service, preset=employee_orders(name), title=title))

    app.push_screen(employee_picker(service), chosen)


class OrderListScreen(Screen[str | None]):
    """Type to search (every word must begin a word of the number, customer, references or
    articles: "jans" finds Jansen, "so-12" SO-1234, "ansen" nothing); ↑↓ PgUp
    PgDn move (past the first or last row to the previous or next page); Enter opens the order,
    or with `choose=True` closes the screen with the order's id (the till's "Choose order")."""

    CSS_PATH = "order_list.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="order_list.back"),
        Binding("f2", "filters", _("Filter"), id="order_list.filters"),
        Binding("f3", "next_status", _("Status"), id="order_list.status"),
        Binding("f4", "next_sort", _("Sort"), id="order_list.sort"),
        Binding("f5", "reverse_sort", _("Rev"), id="order_list.reverse"),
        Binding("f6", "customer", _("Cust"), id="order_list.customer"),
        Binding("f7", "employee", _("Empl"), id="order_list.employee"),
        Binding("f8", "overdue", _("Overdue"), id="order_list.overdue"),
        Binding("f9", "reset", _("Reset"), id="order_list.reset"),
        Binding("up", "cursor(-1)", show=False, id="order_list.up"),
        Binding("down", "cursor(1)", show=False, id="order_list.down"),
        Binding("pageup", "cursor_page(-1)", show=False, id="order_list.pageup"),
        Binding("pagedown", "cursor_page(1)", show=False, id="order_list.pagedown"),
        Binding("ctrl+pageup", "page(-1)", show=False, id="order_list.prev_page"),
        Binding("ctrl+pagedown", "page(1)", show=False, id="order_list.next_page"),
    ]

    def __init__(
        self,
        service: OrderService,
        preset: OrderFilter | None = None,
        *,
        title: str | None = None,
        choose: bool = False,
        page_size: int = 100,
        customer_names: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.default = preset or OrderFilter.open_orders()
        self.spec = self.default
        self.choose = choose
        self.title_text = title or (_("Choose order") if choose else _("Orders"))
        self.page_size = page_size
        self.customer_names = customer_names if customer_names is not None else {}
        self.page_offset = 0
        self.page: OrderPage | None = None
        self.total: int | None = None
        self._page_generation = 0
        self._count_generation = 0
        self._search_timer: Timer | None = None

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="ol-header"):
            yield Label(self.title_text, id="ol-title", markup=False)
            yield Label("", id="ol-count")
        with Horizontal(id="ol-search-row"):
            yield Label(_("Search"), id="ol-search-label")
            yield Input(
                value=self.spec.text,
                placeholder=_("beginnings of words: number, customer, reference, article…"),
                compact=True,
                max_length=80,
                id="ol-search",
            )
        with Horizontal(id="ol-filter-row"):
            yield Static("", id="ol-filters", markup=False)
            yield Label("", id="ol-sort")
        table = OrderTable(self.cell_format, id="ol-table")
        table.can_focus = False  # typing always goes to the search field
        yield table
        yield Static("", id="ol-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#ol-search", Input).focus()
        self.reload(select="first")

    @property
    def table(self) -> OrderTable:
        return self.query_one(OrderTable)

    def cell_format(self) -> CellFormat:
        return CellFormat(
            status_label=self.service.status_label,
            amount=self.service.ctx.amount,
            today=self.service.today(),
        )

    def hint(self) -> str:
        if self.choose:
            return _("Enter chooses · ↑↓ PgUp PgDn move, past the end: next page")
        return _("Enter opens · ↑↓ PgUp PgDn move, past the end: next page")

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#ol-message", Static)
        message.update(text)
        message.set_class(error, "error")
        if error:
            self.app.bell()

    # -- loading pages (in threads; a newer request makes older answers void) --------------
    def reload(self, select: str | None = None, *, count: bool = True) -> None:
        """Fetch the page at `offset` for the current filter (and count the matches)."""
        self._page_generation += 1
        self._fetch_page(self._page_generation, self.spec, self.page_offset, select)
        if count:
            self._count_generation += 1
            self.total = None
            self._fetch_count(self._count_generation, self.spec)
        self._show_filter()

    def set_filter(self, spec: OrderFilter, *, text: str | None = None) -> None:
        """Show the first page of another filter, searching for `text` (default: what the
        search field says, also when its debounced search has not run yet)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        search = self.query_one("#ol-search", Input)
        if text is None:
            text = search.value
        elif search.value != text:
            search.value = text
        self.spec = replace(spec, text=text)
        self.page_offset = 0
        self.reload(select="first")

    def _from_thread(self, callback: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_from_thread(callback, *args)

    @work(thread=True, exclusive=True, group="order-list-page")
    def _fetch_page(
        self, generation: int, spec: OrderFilter, offset: int, select: str | None
    ) -> None:
        try:
            page = self.service.page(spec, limit=self.page_size, offset=offset)
        except PosError as exc:
            self._from_thread(self._failed, generation, exc.message)
            return
        self._from_thread(self._show_page, generation, page, select)

    @work(thread=True, exclusive=True, group="order-list-count")
    def _fetch_count(self, generation: int, spec: OrderFilter) -> None:
        try:
            total = self.service.count(spec)
        except PosError:
            return
        self._from_thread(self._show_count, generation, total)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._page_generation and self.is_attached:
            self.say(message, error=True)

    def _show_page(self, generation: int, page: OrderPage, select: str | None) -> None:
        if generation != self._page_generation or not self.is_attached:
            return
        if not page.rows and page.offset > 0:  # orders changed: the page is past the end now
            self.page_offset = max(0, page.offset - self.page_size)
            self.reload(select="last", count=False)
            return
        self.page = page
        self.table.show(page.rows, sort=sort_of(self.spec), first=self._emphasis(), select=select)
        self._show_count_text()
        self.say(self.hint() if page.rows else _("No orders match."))

    def _show_count(self, generation: int, total: int) -> None:
        if generation == self._count_generation and self.is_attached:
            self.total = total
            self._show_count_text()

    def _show_count_text(self) -> None:
        page = self.page
        total = "…" if self.total is None else format_decimal(Decimal(self.total))
        if page is None or not page.rows:
            text = _("no orders") if self.total == 0 else ""
        else:
            text = _("{first}–{last} of {total}").format(
                first=format_decimal(Decimal(page.offset + 1)),
                last=format_decimal(Decimal(page.offset + len(page.rows))),
                total=total,
            )
        self.query_one("#ol-count", Label).update(text)

    def _emphasis(self) -> tuple[str, ...]:
        """Columns shown whatever the width, because the filter is about them."""
        spec = self.spec
        first: list[str] = []
        if spec.overdue_on is not None:
            first.append("reminder")
        if spec.date_from or spec.date_to:
            first.append(_DATE_COLUMNS[spec.date_field])
        return tuple(first)

    def _show_filter(self) -> None:
        text = describe(
            self.spec,
            status_label=self.service.status_label,
            customer_name=self.customer_names.get,
        )
        self.query_one("#ol-filters", Static).update(text)
        self.query_one("#ol-sort", Label).update(sort_text(self.spec))

    # -- moving ----------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        """Move the cursor; past the last (first) row go to the next (previous) page."""
        table = self.table
        if not table.row_count:
            return
        row = table.cursor_row
        target = row + step
        if target >= table.row_count:
            if row == table.row_count - 1 and self.page is not None and self.page.has_more:
                self.action_page(1)
                return
            target = table.row_count - 1
        elif target < 0:
            if row == 0 and self.page_offset > 0:
                self.action_page(-1, select="last")
                return
            target = 0
        table.move_cursor(row=target)

    def action_cursor_page(self, direction: int) -> None:
        step = max(1, self.table.scrollable_content_region.height - 2)
        self.action_cursor(direction * step)

    def action_page(self, direction: int, select: str | None = None) -> None:
        """The next (1) or previous (-1) page."""
        if direction > 0 and (self.page is None or not self.page.has_more):
            self.say(_("This is the last page."))
            return
        if direction < 0 and self.page_offset == 0:
            self.say(_("This is the first page."))
            return
        self.page_offset = max(0, self.page_offset + direction * self.page_size)
        self.reload(select=select or "first", count=False)

    # -- search ----------------------------------------------------------------------------
    @on(Input.Changed, "#ol-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if event.value != self.spec.text:
            self._search_timer = self.set_timer(SEARCH_DELAY, self.apply_search)

    def apply_search(self) -> None:
        self.set_filter(self.spec)

    @on(Input.Submitted, "#ol-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value != self.spec.text:  # Enter before the search ran: search now
            self.apply_search()
            return
        self.action_open()

    def on_scan_received(self, message: ScanReceived) -> None:
        """A scanned order number (the QR code on the confirmation) opens or chooses it."""
        message.stop()
        try:
            order = self.service.load_by_number(message.code)
        except PosError:
            self.set_filter(self.spec, text=message.code)
            return
        self._open_or_choose(order.id)

    # -- opening -------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#ol-table")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        order_id = self.table.selected_id
        if order_id is None:
            self.say(_("No order selected."), error=True)
            return
        self._open_or_choose(order_id)

    def _open_or_choose(self, order_id: str) -> None:
        if self.choose:
            self.dismiss(order_id)
        else:
            self.open_order(order_id)

    def open_order(self, order_id: str) -> None:
        """Open the order in the order form; the list shows it again when the form closes."""
        try:
            from tui_pos.screens.order_form import OrderFormScreen
        except ImportError:  # the form lives on another branch until it is merged
            self.say(_("The order form is not available."), error=True)
            return
        try:
            order = self.service.load(order_id)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        self.app.push_screen(
            OrderFormScreen(self.service, order), lambda _result: self.reload(select=order_id)
        )

    # -- filters -------------------------------------------------------------------------
    def action_filters(self) -> None:
        def done(spec: OrderFilter | None) -> None:
            if spec is not None:
                self.set_filter(spec)

        self.app.push_screen(
            OrderFilterScreen(
                self.service, self.spec, default=self.default, customer_names=self.customer_names
            ),
            done,
        )

    def action_next_status(self) -> None:
        self.set_filter(next_status_choice(self.spec))

    def action_next_sort(self) -> None:
        self.set_filter(next_sort(self.spec))

    def action_reverse_sort(self) -> None:
        self.set_filter(reverse_sort(self.spec))

    @on(DataTable.HeaderSelected, "#ol-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        column = next((c for c in COLUMNS if c.key == event.column_key.value), None)
        if column is None or column.sort is None:
            self.say(_("This column cannot be sorted."))
            return
        self.set_filter(toggle_sort(self.spec, column.sort))

    def action_customer(self) -> None:
        def done(code: str | None) -> None:
            if code is not None:
                self.set_filter(replace(self.spec, customer_code=code or None))

        self.app.push_screen(customer_picker(self.service, self.customer_names, any_row=True), done)

    def action_employee(self) -> None:
        def done(name: str | None) -> None:
            if name is not None:
                self.set_filter(replace(self.spec, employee=name or None))

        self.app.push_screen(employee_picker(self.service, any_row=True), done)

    def action_overdue(self) -> None:
        overdue = None if self.spec.overdue_on is not None else self.service.today()
        self.set_filter(replace(self.spec, overdue_on=overdue))

    def action_reset(self) -> None:
        self.set_filter(self.default, text=self.default.text)

    def action_back(self) -> None:
        self.dismiss(None)
