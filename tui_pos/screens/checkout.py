"""The till: scan entry always ready, cart, totals, and keys for every action (CHK-1…7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from tui_pos.core.catalog import ArticleInfo
from tui_pos.core.errors import PosError
from tui_pos.core.order_qr import is_order_qr, parse_order_qr
from tui_pos.i18n import _
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.info import InfoScreen
from tui_pos.screens.payment import PaymentScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.services.checkout import MAX_CODE_LENGTH, CheckoutService
from tui_pos.widgets.cart_table import CartTable
from tui_pos.widgets.device_status import DeviceStatus
from tui_pos.widgets.footer import TillFooter
from tui_pos.widgets.frames import hand_over_refreshes
from tui_pos.widgets.totals import TotalsPanel
from tui_pos.widgets.wedge import BurstQuiet, ScanReceived

if TYPE_CHECKING:
    from tui_pos.app import PosApp
    from tui_pos.core.sale import SaleRecord
    from tui_pos.services.till_orders import OrderAtTill, PlacedOrder, TillOrderService


def open_checkout(app: PosApp) -> Screen[None] | None:
    """Menu opener: back to the till already open under the menu, or a new checkout screen."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, CheckoutScreen):
            while app.screen is not screen:
                app.pop_screen()
            return None
    return CheckoutScreen(app.checkout_service)


class ScanField(BurstQuiet, Input):
    """The scan field, made cheaper for scans (each frame while a scanner types, and the frame
    of the new cart line, cost a layout of the whole screen and a repaint of the field first).
    """

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size to the text's width on every key, and a virtual size
        # change lays out the whole screen. While the text fits in the field, nothing scrolls
        # and nothing moves: the size is set without the layout.
        width = self.content_width
        if max(width, self.virtual_size.width) <= self.scrollable_content_region.width:
            self.set_reactive(Input.virtual_size, Size(width, 1))
        super()._watch_value(value)

    def on_scan_received(self, message: ScanReceived) -> None:
        # A wedge scan typed here is handled as soon as the field is restored, in the same
        # step: the cleared field and the new cart line come in one frame. Passed up to the
        # app, the scan went through three more message queues, and a frame with just the
        # cleared field could come first.
        screen = self.screen
        if isinstance(screen, CheckoutScreen):
            message.stop()
            screen.handle_scan(message.code)


class CheckoutScreen(Screen[None]):
    CSS_PATH = "checkout.tcss"
    # The footer fits about ten keys at 80 columns: PAY first; the Ctrl keys are in the README.
    BINDINGS = [
        Binding("f10", "pay", _("PAY"), id="checkout.pay", priority=True),
        Binding("f2", "search", _("Search"), id="checkout.search"),
        Binding("f3", "quantity", _("Qty"), id="checkout.quantity"),
        Binding("f4", "price", _("Price"), id="checkout.price"),
        Binding("f5", "discount", _("Disc."), id="checkout.discount"),
        Binding("f6", "note", _("Note"), id="checkout.note"),
        Binding("f7", "customer", _("Cust."), id="checkout.customer"),
        Binding("f8", "park", _("Park"), id="checkout.park"),
        Binding("f9", "resume", _("Resume"), id="checkout.resume"),
        Binding(
            "delete",
            "void_line",
            _("Void line"),
            id="checkout.void_line",
            priority=True,
            show=False,
        ),
        Binding("f12", "void_sale", _("Void sale"), id="checkout.void_sale"),
        Binding("ctrl+t", "toggle_vat", _("Incl/excl VAT"), id="checkout.toggle_vat", show=False),
        Binding("ctrl+r", "reprint", _("Reprint"), id="checkout.reprint", show=False),
        Binding("ctrl+e", "explain", _("Why"), id="checkout.explain", priority=True, show=False),
        Binding("f11", "menu", _("Menu"), id="checkout.menu"),
        Binding("ctrl+o", "make_order", _("Make order"), id="checkout.make_order"),
        # priority: the scan field's Input would take ctrl+k (delete to the end); not in the
        # footer, which is full at 80 columns (see the README's key table)
        Binding(
            "ctrl+k",
            "choose_order",
            _("Choose order"),
            id="checkout.choose_order",
            priority=True,
            show=False,
        ),
        Binding("escape", "put_back_order", _("Put back"), id="checkout.put_back_order"),
        Binding("ctrl+l", "order_queue", _("Queue"), id="checkout.order_queue", show=False),
        Binding("up", "cursor(-1)", show=False, id="checkout.up"),
        Binding("down", "cursor(1)", show=False, id="checkout.down"),
    ]

    def __init__(self, service: CheckoutService) -> None:
        super().__init__()
        self.service = service
        self.ctx = service.ctx
        #: Whether the footer's bindings were last refreshed with an order open (the one thing
        #: on the till that changes which keys it shows: "Put back", see check_action).
        self._bindings_with_order = False

    def compose(self) -> ComposeResult:
        settings = self.ctx.settings
        with Horizontal(id="status-bar"):
            yield Label(settings.shop.name, id="shop-name", markup=False)
            yield Label(
                _("Till {till} · {cashier}").format(
                    till=settings.till.id, cashier=settings.till.cashier
                ),
                id="till-info",
                markup=False,
            )
            yield DeviceStatus(id="devices")
        with Horizontal(id="main"):
            yield CartTable(self.ctx.amount, id="cart")
            yield TotalsPanel(self.ctx.amount, self.ctx.money, id="totals")
        with Vertical(id="entry"):
            yield ScanField(
                placeholder=_("Scan or type a barcode / code (3*code for 3)"),
                id="scan",
                max_length=MAX_CODE_LENGTH,
            )
            yield Static("", id="message", markup=False)
        yield TillFooter()

    def on_mount(self) -> None:
        self.refresh_cart()
        self.focus_scan()
        if self.open_order is not None:
            self.order_opened(self.open_order)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "void_line":
            # Delete edits the scan field while it has text; on an empty field it voids a line.
            return not self.query_one("#scan", Input).value
        if action == "put_back_order":
            return self.open_order is not None
        return True

    # -- helpers -----------------------------------------------------------------------
    @property
    def cart_table(self) -> CartTable:
        return self.query_one(CartTable)

    def focus_scan(self) -> None:
        self.query_one("#scan", Input).focus()

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.update(text, layout=False)  # one line, always: no layout needed
        message.set_class(error, "error")
        if error:
            self.app.bell()

    @property
    def till_orders(self) -> TillOrderService:
        return cast("PosApp", self.app).till_orders

    @property
    def open_order(self) -> OrderAtTill | None:
        """The order loaded for settling (CHK-10), shown instead of the cart."""
        return cast("PosApp", self.app).open_till_order

    def refresh_cart(self, select: int | None = None) -> None:
        opened = self.open_order
        cart = opened.cart if opened is not None else self.service.cart
        self.cart_table.show(cart.lines, select=select)
        customer = cart.customer.name if cart.customer else None
        extra: list[tuple[str, str, bool]] = []
        if opened is not None:
            extra = [
                (_("Order"), opened.number, True),
                (_("Paid"), self.ctx.amount(opened.paid), False),
                (_("TO PAY"), self.ctx.money(opened.balance), True),
            ]
        self.query_one(TotalsPanel).show(
            cart.totals() if cart.lines else None, len(cart), customer, extra=extra
        )
        # Refreshing the bindings recomposes the footer: only when an order was opened or put
        # away, not at every scan (nor before the first frame, when the focus does it).
        if (opened is not None) != self._bindings_with_order:
            self._bindings_with_order = opened is not None
            self.refresh_bindings()

    def order_blocks(self) -> bool:
        """While an order is open the cart cannot change: say so (True) or allow (False)."""
        opened = self.open_order
        if opened is None:
            return False
        self.say(
            _("Order {number} is open: F10 pays it, Esc puts it back.").format(
                number=opened.number
            ),
            error=True,
        )
        return True

    def selected_line(self) -> int | None:
        line_id = self.cart_table.selected_line_id
        if line_id is None:
            self.say(_("The sale is empty."), error=True)
        return line_id

    def run_safely(self, action: object, *args: object) -> bool:
        try:
            action(*args)  # type: ignore[operator]
        except PosError as exc:
            self.say(exc.message, error=True)
            return False
        return True

    @property
    def device_status(self) -> DeviceStatus:
        """The printer/scanner part of the status bar (the app feeds it from device threads)."""
        return self.query_one(DeviceStatus)

    # -- scanning ----------------------------------------------------------------------
    @on(Input.Submitted, "#scan")
    def scan_submitted(self, event: Input.Submitted) -> None:
        event.input.value = ""
        self.handle_scan(event.value)

    def handle_scan(self, text: str) -> None:
        try:
            self._handle_scan(text)
        finally:
            hand_over_refreshes(self)

    def _handle_scan(self, text: str) -> None:
        if not text.strip():
            return
        if is_order_qr(text):  # the QR code on an order confirmation
            try:
                self.open_order_by_id(parse_order_qr(text).order_id)
            except PosError as exc:
                self.say(exc.message, error=True)
            return
        if self.order_blocks():
            return
        try:
            outcome = self.service.scan(text)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        if outcome.line is not None:
            self.refresh_cart(select=outcome.line.id)
            self.say(_("{name} added.").format(name=outcome.line.article.display_name))
        elif outcome.needs_weight is not None:
            self.ask_weight(outcome.needs_weight)
        elif outcome.needs_variant is not None:
            self.ask_variant(outcome.needs_variant, list(outcome.variants))

    def ask_weight(self, article: ArticleInfo) -> None:
        def add(value: str) -> None:
            self.service.add(article, value)  # errors stay in the prompt; nothing is added

        def done(value: str | None) -> None:
            if value is not None:
                self.refresh_cart()
                self.say(_("{name} added.").format(name=article.display_name))
            self.focus_scan()

        self.app.push_screen(
            PromptScreen(article.name, _("Weight in kg (e.g. 0,356)"), validate=add), done
        )

    def ask_variant(self, parent: ArticleInfo, variants: list[ArticleInfo]) -> None:
        rows = [
            (v.code, [v.colour or "", v.size or "", self.ctx.amount(v.list_price)])
            for v in variants
        ]

        def done(code: str | None) -> None:
            if code:
                self.handle_scan(code)
            self.focus_scan()

        self.app.push_screen(
            PickListScreen(
                _("{name}: choose colour and size").format(name=parent.name),
                [_("Colour"), _("Size"), _("Price")],
                rows=rows,
            ),
            done,
        )

    # -- actions -----------------------------------------------------------------------
    def action_menu(self) -> None:
        from tui_pos.screens.menu import MenuScreen

        self.app.push_screen(MenuScreen())

    def action_order_queue(self) -> None:
        from tui_pos.screens.order_queue import open_order_queue

        self.app.push_screen(open_order_queue(cast("PosApp", self.app)))

    def action_cursor(self, step: int) -> None:
        table = self.cart_table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    def action_search(self) -> None:
        if self.order_blocks():
            return

        def search(text: str) -> list[tuple[str, list[str]]]:
            return [
                (a.code, [a.code, a.display_name, self.ctx.amount(a.list_price)])
                for a in self.service.search(text)
            ]

        def done(code: str | None) -> None:
            if code:
                self.handle_scan(code)
            self.focus_scan()

        self.app.push_screen(
            PickListScreen(
                _("Find an article (name, code or barcode)"),
                [_("Code"), _("Name"), _("Price")],
                search=search,
            ),
            done,
        )

    def _edit_line(self, title: str, label: str, current: str, apply: object) -> None:
        line_id = self.selected_line()
        if line_id is None:
            return

        def validate(value: str) -> None:
            apply(line_id, value)  # type: ignore[operator]

        def done(value: str | None) -> None:
            if value is not None:
                self.refresh_cart(select=line_id)
                self.say(_("Line changed."))
            self.focus_scan()

        self.app.push_screen(PromptScreen(title, label, current, validate=validate), done)

    def action_quantity(self) -> None:
        if self.order_blocks():
            return
        line_id = self.cart_table.selected_line_id
        line = self.service.cart.line(line_id) if line_id else None
        self._edit_line(
            _("Quantity"),
            line.article.display_name if line else "",
            str(line.qty) if line else "",
            self.service.change_quantity,
        )

    def action_price(self) -> None:
        if self.order_blocks():
            return
        line_id = self.cart_table.selected_line_id
        line = self.service.cart.line(line_id) if line_id else None
        self._edit_line(
            _("Unit price"),
            line.article.display_name if line else "",
            str(line.priced.net_unit_price) if line else "",
            self.service.change_price,
        )

    def action_discount(self) -> None:
        if self.order_blocks():
            return
        self._edit_line(
            _("Discount"),
            _("10 = 10 %, 1,50- = 1,50 off each, empty = none"),
            "",
            self.service.change_discount,
        )

    def action_note(self) -> None:
        if self.order_blocks():
            return
        line_id = self.cart_table.selected_line_id
        line = self.service.cart.line(line_id) if line_id else None
        self._edit_line(
            _("Note on line"),
            _("Free text printed under the line"),
            line.note if line else "",
            self.service.change_note,
        )

    def action_customer(self) -> None:
        if self.order_blocks():
            return

        def search(text: str) -> list[tuple[str, list[str]]]:
            return [
                (c.code, [c.code, c.name, c.city, c.category or ""])
                for c in self.service.search_customers(text)
            ]

        def done(code: str | None) -> None:
            if code and self.run_safely(self.service.set_customer, code):
                self.refresh_cart()
                self.say(
                    _("Customer {name}.").format(
                        name=self.service.cart.customer.name if self.service.cart.customer else ""
                    )
                )
            self.focus_scan()

        self.app.push_screen(
            PickListScreen(
                _("Choose a customer"),
                [_("Code"), _("Name"), _("City"), _("Category")],
                search=search,
            ),
            done,
        )

    def action_void_line(self) -> None:
        if self.order_blocks():
            return
        line_id = self.selected_line()
        if line_id is not None and self.run_safely(self.service.void_line, line_id):
            self.refresh_cart()
            self.say(_("Line voided."))

    def action_void_sale(self) -> None:
        if self.open_order is not None:
            self.action_put_back_order()
            return
        if self.service.cart.is_empty:
            self.say(_("The sale is empty."), error=True)
            return

        def done(yes: bool | None) -> None:
            if yes and self.run_safely(self.service.void_sale):
                self.refresh_cart()
                self.say(_("Sale voided."))
            self.focus_scan()

        self.app.push_screen(ConfirmScreen(_("Void the whole sale?")), done)

    def action_park(self) -> None:
        if self.order_blocks():
            return
        if self.run_safely(self.service.park):
            self.refresh_cart()
            self.say(_("Sale parked. F9 resumes it."))

    def action_resume(self) -> None:
        if self.order_blocks():
            return
        if not self.service.cart.is_empty:
            self.say(_("Finish or park the current sale before resuming another."), error=True)
            return
        try:
            parked = self.service.parked_sales()
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        if not parked:
            self.say(_("No parked sales."), error=True)
            return
        rows = [
            (str(pid), [when, label or "-", self.ctx.amount(total), str(n)])
            for pid, when, label, total, n in parked
        ]

        def done(key: str | None) -> None:
            if key and self.run_safely(self.service.resume, int(key)):
                self.refresh_cart()
                self.say(_("Sale resumed."))
            self.focus_scan()

        self.app.push_screen(
            PickListScreen(
                _("Resume a parked sale"),
                [_("Parked"), _("Label"), _("Total"), _("Lines")],
                rows=rows,
            ),
            done,
        )

    def action_explain(self) -> None:
        """Show how the selected line was priced: every discount source and which won (PRC-7)."""
        line_id = self.selected_line()
        if line_id is None:
            return
        line = self.service.cart.line(line_id)
        details = line.priced.details or (line.priced.explanation,)
        self.app.push_screen(
            InfoScreen(line.article.display_name, details), lambda _result: self.focus_scan()
        )

    def action_toggle_vat(self) -> None:
        panel = self.query_one(TotalsPanel)
        panel.show_incl_vat = not panel.show_incl_vat
        self.refresh_cart()

    def action_reprint(self) -> None:
        try:
            record = self.service.reprint()
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        self.say(_("Copy of receipt {id} sent to the printer.").format(id=record.receipt_id))

    def action_pay(self) -> None:
        if self.open_order is not None:
            self.pay_order()
            return
        try:
            session = self.service.start_payment()
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        keys = {m.id: m.key for m in self.ctx.settings.payments.methods}
        methods = [(m, keys.get(m.id, "")) for m in self.ctx.till_methods()]

        def done(record: SaleRecord | None) -> None:
            self.refresh_cart()
            if record is not None:
                self.say(
                    _("Receipt {id}: {total}, change {change}.").format(
                        id=record.receipt_id,
                        total=self.ctx.money(record.total),
                        change=self.ctx.money(record.change),
                    )
                )
            self.focus_scan()

        self.app.push_screen(
            PaymentScreen(
                session,
                methods,
                parse_amount=self.service.parse_tender,
                complete=self.service.complete,
                money=self.ctx.money,
            ),
            done,
        )

    # -- orders (CHK-9, CHK-10) ---------------------------------------------------------
    def action_make_order(self) -> None:
        """The cart becomes an order: pickup/delivery, customer, date; pay later or now."""
        from tui_pos.screens.make_order import MakeOrderScreen, placed_text

        if self.order_blocks():
            return
        if self.service.cart.is_empty:
            self.say(_("The sale is empty: scan the articles of the order first."), error=True)
            return

        def done(placed: PlacedOrder | None) -> None:
            self.refresh_cart()
            if placed is not None:
                self.say(placed_text(placed, self.ctx.money))
            self.focus_scan()

        self.app.push_screen(MakeOrderScreen(self.till_orders), done)

    def action_choose_order(self) -> None:
        """The order list in choose mode (open orders); the chosen one loads into the till."""
        from tui_pos.core.orders import Channel
        from tui_pos.screens.order_list import OrderListScreen
        from tui_pos.services.orders import OrderService

        if self.order_blocks():
            return
        if not self.service.cart.is_empty:
            self.say(_("Finish or park the current sale before opening an order."), error=True)
            return

        def chosen(order_id: str | None) -> None:
            if order_id:
                self.open_order_by_id(order_id)
            self.focus_scan()

        service = OrderService(self.ctx, channel=Channel.TILL, autosave_drafts=False)
        self.app.push_screen(OrderListScreen(service, choose=True), chosen)

    def open_order_by_id(self, order_id: str) -> None:
        try:
            opened = self.till_orders.open(order_id)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        self.order_opened(opened)

    def order_opened(self, opened: OrderAtTill) -> None:
        from tui_pos.screens.till_orders import order_opened_text

        self.refresh_cart()
        self.say(order_opened_text(opened, self.ctx.money))
        self.focus_scan()

    def action_put_back_order(self) -> None:
        """Close the open order unchanged (its lease is released)."""
        try:
            order = self.till_orders.put_back()
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        self.refresh_cart()
        if order is not None:
            self.say(_("Order {number} put back unchanged.").format(number=order.number))
        self.focus_scan()

    def pay_order(self) -> None:
        """Settle the open order: pay the balance (or, when nothing is due, just complete it)."""
        opened = self.open_order
        assert opened is not None
        try:
            session = self.till_orders.start_settlement()
        except PosError as exc:
            self.refresh_cart()
            self.say(exc.message, error=True)
            return

        def done(record: SaleRecord | None) -> None:
            self.refresh_cart()
            if record is not None:
                self.say(
                    _("Order {number} settled, receipt {id}: change {change}.").format(
                        number=opened.number,
                        id=record.receipt_id,
                        change=self.ctx.money(record.change),
                    )
                )
            self.focus_scan()

        if session.settled:  # paid in full before: hand over and complete

            def complete(yes: bool | None) -> None:
                if not yes:
                    self.focus_scan()
                    return
                try:
                    record = self.till_orders.settle(session)
                except PosError as exc:
                    self.refresh_cart()
                    self.say(exc.message, error=True)
                    return
                except Exception as exc:  # the database refused: nothing was stored
                    self.say(
                        _("The order could not be saved ({error}). Nothing was stored.").format(
                            error=type(exc).__name__
                        ),
                        error=True,
                    )
                    return
                done(record)

            self.app.push_screen(
                ConfirmScreen(
                    _("Order {number} is paid: hand it over?").format(number=opened.number)
                ),
                complete,
            )
            return
        keys = {m.id: m.key for m in self.ctx.settings.payments.methods}
        methods = [(m, keys.get(m.id, "")) for m in self.ctx.till_methods()]
        self.app.push_screen(
            PaymentScreen(
                session,
                methods,
                parse_amount=self.service.parse_tender,
                complete=self.till_orders.settle,
                money=self.ctx.money,
                title=_("Order {number}: balance").format(number=opened.number),
            ),
            done,
        )
