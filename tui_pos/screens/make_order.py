"""Make order from the till's cart (CHK-9): pickup or delivery, an existing or new customer,
the date, extra data; Cancel, Place order & pay later, or Pay & place order."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static, TabbedContent, TabPane

from tui_pos.core.catalog import CustomerInfo
from tui_pos.core.customer_entry import CustomerForm
from tui_pos.core.date_input import date_text
from tui_pos.core.errors import PosError
from tui_pos.core.orders import DeliveryMethod
from tui_pos.i18n import _
from tui_pos.screens.payment import PaymentScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.services.till_orders import OrderForm, PlacedOrder, PreparedOrder, TillOrderService

_FIELD: dict[str, Any] = {"compact": True}
#: The input that shows a problem with each field the service names.
FIELD_INPUTS = {
    "customer": "#mo-name",
    "name": "#mo-name",
    "email": "#mo-email",
    "phone": "#mo-phone",
    "postcode": "#mo-postcode",
    "address": "#mo-address",
    "city": "#mo-city",
    "date": "#mo-date",
    "pickup_date": "#mo-date",
    "expected_delivery_date": "#mo-date",
    "note": "#mo-note",
    "customer_reference": "#mo-reference",
}


def placed_text(placed: PlacedOrder, money: Any) -> str:
    """What the cashier is told after placing."""
    if placed.paid:
        return _("Order {number} placed: paid {paid}, balance {balance}.").format(
            number=placed.number, paid=money(placed.paid), balance=money(placed.balance)
        )
    return _("Order {number} placed, to pay later: {balance}.").format(
        number=placed.number, balance=money(placed.balance)
    )


class MakeOrderScreen(Screen[PlacedOrder | None]):
    """The cart becomes an order. Tab moves between fields; the keys in the footer act."""

    CSS_PATH = "make_order.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="make_order.cancel"),
        Binding("f5", "toggle_delivery", _("Pickup/Deliv."), id="make_order.delivery"),
        Binding("f6", "next_tab", _("Extra data"), id="make_order.tab"),
        Binding("f7", "choose_customer", _("Cust."), id="make_order.customer"),
        Binding("f8", "new_customer", _("New cust."), id="make_order.new_customer"),
        Binding("f9", "place_later", _("Place, pay later"), id="make_order.place_later"),
        Binding("f10", "pay_and_place", _("Pay & place"), id="make_order.pay", priority=True),
    ]

    def __init__(self, service: TillOrderService) -> None:
        super().__init__()
        self.service = service
        self.ctx = service.ctx
        self.customer: CustomerInfo | None = service.checkout.cart.customer
        self.busy = False

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="mo-header"):
            yield Label(_("Make order"), id="mo-title")
            yield Label("", id="mo-total")
        with TabbedContent(id="mo-tabs"):
            with TabPane(_("Order"), id="mo-main"):
                with Grid(id="mo-grid"):
                    yield Label(_("Delivery"))
                    yield Select(
                        [
                            (_("Pickup"), DeliveryMethod.PICKUP),
                            (_("Delivery"), DeliveryMethod.DELIVERY),
                        ],
                        value=DeliveryMethod.PICKUP,
                        allow_blank=False,
                        id="mo-delivery",
                        **_FIELD,
                    )
                    yield Label(_("Pickup date"), id="mo-date-label")
                    yield Input(
                        value=date_text(self.service.orders.today()),
                        placeholder=_("dd-mm-yyyy or +2"),
                        max_length=12,
                        id="mo-date",
                        **_FIELD,
                    )
                yield Static("", id="mo-customer", markup=False)
                with Grid(id="mo-new"):
                    yield Label(_("Name"))
                    yield Input(max_length=120, id="mo-name", **_FIELD)
                    yield Label(_("E-mail"))
                    yield Input(max_length=200, id="mo-email", **_FIELD)
                    yield Label(_("Phone"))
                    yield Input(max_length=40, id="mo-phone", **_FIELD)
                    yield Label(_("Postcode"))
                    yield Input(max_length=16, id="mo-postcode", **_FIELD)
                    yield Label(_("Address"))
                    yield Input(max_length=200, id="mo-address", **_FIELD)
                    yield Label(_("City"))
                    yield Input(max_length=80, id="mo-city", **_FIELD)
            with TabPane(_("Extra data"), id="mo-extra"), VerticalScroll(id="mo-extra-fields"):
                with Grid(classes="mo-extra-row"):
                    yield Label(_("Note"))
                    yield Input(max_length=500, id="mo-note", **_FIELD)
                with Grid(classes="mo-extra-row"):
                    yield Label(_("Reference"))
                    yield Input(max_length=120, id="mo-reference", **_FIELD)
                for i, name in enumerate(self.service.custom_field_names()):
                    with Grid(classes="mo-extra-row"):
                        yield Label(name, markup=False)
                        yield Input(max_length=200, id=f"mo-custom-{i}", **_FIELD)
        yield Static("", id="mo-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_customer()
        self.query_one("#mo-name" if self.customer is None else "#mo-date", Input).focus()

    # -- helpers -------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#mo-message", Static)
        message.update(text)
        message.set_class(error, "error")
        if error:
            self.app.bell()

    @property
    def delivery(self) -> DeliveryMethod:
        value = self.query_one("#mo-delivery", Select).value
        return value if isinstance(value, DeliveryMethod) else DeliveryMethod.PICKUP

    def show_customer(self) -> None:
        customer = self.customer
        line = self.query_one("#mo-customer", Static)
        if customer is None:
            line.update(_("New customer (or F7: choose an existing one)"))
        else:
            place = f", {customer.city}" if customer.city else ""
            line.update(
                _("Customer {code} {name}{place}   (F8: a new customer instead)").format(
                    code=customer.code, name=customer.name, place=place
                )
            )
        self.query_one("#mo-new").display = customer is None
        self.show_total()

    def show_total(self) -> None:
        try:
            total = self.service.preview_total(self.customer.code if self.customer else None)
        except PosError:
            return
        self.query_one("#mo-total", Label).update(
            _("Total {amount}").format(amount=self.ctx.money(total))
        )

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def form(self) -> OrderForm:
        names = self.service.custom_field_names()
        return OrderForm(
            delivery_method=self.delivery,
            customer_code=self.customer.code if self.customer else None,
            new_customer=CustomerForm(
                name=self.value("#mo-name"),
                email=self.value("#mo-email"),
                phone=self.value("#mo-phone"),
                postcode=self.value("#mo-postcode"),
                address=self.value("#mo-address"),
                city=self.value("#mo-city"),
            )
            if self.customer is None
            else CustomerForm(),
            date_text=self.value("#mo-date"),
            note=self.value("#mo-note"),
            reference=self.value("#mo-reference"),
            custom_fields={name: self.value(f"#mo-custom-{i}") for i, name in enumerate(names)},
        )

    def show_error(self, exc: PosError) -> None:
        self.say(exc.message, error=True)
        selector = FIELD_INPUTS.get(exc.field or "")
        if exc.field == "custom_fields" and self.service.custom_field_names():
            selector = "#mo-custom-0"
        if selector is None:
            return
        extra = selector in ("#mo-note", "#mo-reference") or selector.startswith("#mo-custom")
        self.show_tab("mo-extra" if extra else "mo-main", selector)

    def show_tab(self, tab: str, focus: str) -> None:
        """Switch to a tab and focus one of its fields (once the tab is shown: a hidden field
        cannot take focus)."""
        self.query_one(TabbedContent).active = tab
        self.call_after_refresh(self.query_one(focus, Input).focus)

    def prepare(self) -> PreparedOrder | None:
        try:
            return self.service.prepare(self.form())
        except PosError as exc:
            self.show_error(exc)
            return None

    # -- events and actions ----------------------------------------------------------------
    @on(Select.Changed, "#mo-delivery")
    def _delivery_changed(self) -> None:
        pickup = self.delivery is DeliveryMethod.PICKUP
        label = _("Pickup date") if pickup else _("Deliver on")
        self.query_one("#mo-date-label", Label).update(label)

    def action_toggle_delivery(self) -> None:
        select = self.query_one("#mo-delivery", Select)
        pickup = self.delivery is DeliveryMethod.PICKUP
        select.value = DeliveryMethod.DELIVERY if pickup else DeliveryMethod.PICKUP

    def action_next_tab(self) -> None:
        if self.query_one(TabbedContent).active == "mo-main":
            self.show_tab("mo-extra", "#mo-note")
        else:
            self.show_tab("mo-main", "#mo-date")

    def action_choose_customer(self) -> None:
        found: dict[str, CustomerInfo] = {}

        def search(text: str) -> list[tuple[str, list[str]]]:
            customers = self.service.search_customers(text)
            found.update((c.code, c) for c in customers)
            return [(c.code, [c.code, c.name, c.city, c.phone or c.email]) for c in customers]

        def done(code: str | None) -> None:
            if code and code in found:
                self.customer = found[code]
                self.show_customer()
                self.say(_("Customer {name}.").format(name=self.customer.name))
                self.show_tab("mo-main", "#mo-date")

        self.app.push_screen(
            PickListScreen(
                _("Choose a customer"),
                [_("Code"), _("Name"), _("City"), _("Phone / e-mail")],
                search=search,
            ),
            done,
        )

    def action_new_customer(self) -> None:
        self.customer = None
        self.show_customer()
        self.show_tab("mo-main", "#mo-name")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    def action_place_later(self) -> None:
        if self.busy:
            return
        prepared = self.prepare()
        if prepared is None:
            return
        self.busy = True
        self.say(_("Placing the order…"))
        self.place(prepared)

    @work(thread=True, exclusive=True, group="make-order")
    def place(self, prepared: PreparedOrder) -> None:
        try:
            placed = self.service.place(prepared)
        except PosError as exc:
            self.app.call_from_thread(self._place_failed, exc.message)
        except Exception as exc:  # the database refused: nothing was stored
            self.app.call_from_thread(
                self._place_failed,
                _("The order could not be saved ({error}). Nothing was stored; try again.").format(
                    error=type(exc).__name__
                ),
            )
        else:
            self.app.call_from_thread(self.dismiss, placed)

    def _place_failed(self, message: str) -> None:
        self.busy = False
        self.say(message, error=True)

    def action_pay_and_place(self) -> None:
        if self.busy:
            return
        prepared = self.prepare()
        if prepared is None:
            return
        money = self.ctx.money

        def amount_chosen(text: str | None) -> None:
            if text is None:
                self.say(_("Not paid: the order was not placed."))
                return
            try:
                session = self.service.payment_session(prepared, text)
            except PosError as exc:
                self.say(exc.message, error=True)
                return
            self.pay(prepared, session)

        self.say("")
        self.app.push_screen(
            PromptScreen(
                _("Pay & place order"),
                _("{total}, or less as a down payment").format(total=money(prepared.total)),
                str(prepared.total),
                validate=lambda text: self.service.payment_session(prepared, text),
            ),
            amount_chosen,
        )

    def pay(self, prepared: PreparedOrder, session: Any) -> None:
        settings = self.ctx.settings
        keys = {m.id: m.key for m in settings.payments.methods}
        methods = [(m, keys.get(m.id, "")) for m in self.ctx.till_methods()]
        customer = prepared.order.header.customer
        title = _("Pay & place order · {customer} · order total {total}").format(
            customer=customer.name if customer else "", total=self.ctx.money(prepared.total)
        )

        def paid(placed: PlacedOrder | None) -> None:
            if placed is None:
                self.say(_("Not paid: the order was not placed."))
                return
            self.dismiss(placed)

        self.app.push_screen(
            PaymentScreen(
                session,
                methods,
                parse_amount=self.service.checkout.parse_tender,
                complete=lambda s: self.service.place(prepared, s),
                money=self.ctx.money,
                saved=lambda placed: (
                    placed_text(placed, self.ctx.money) + " " + _("Enter = next customer.")
                ),
                title=title,
            ),
            paid,
        )
