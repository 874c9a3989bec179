"""The order form's frame: layout, showing the order, messages, running service calls safely.

The form is split over three modules: this frame, the line keys (`order_form_lines`) and the
order actions (`order_form_actions`); `order_form.OrderFormScreen` puts them together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Static, TabbedContent, TabPane, Tabs

from tui_pos.core.errors import ConflictError, PosError
from tui_pos.core.orders import DeliveryMethod, Order
from tui_pos.i18n import _
from tui_pos.screens.choice import ChoiceScreen
from tui_pos.services import order_input
from tui_pos.services.context import TillContext
from tui_pos.services.order_setup import size_text
from tui_pos.services.orders import OrderService
from tui_pos.widgets.field_form import FieldForm, FieldSpec
from tui_pos.widgets.order_lines_table import OrderLinesTable
from tui_pos.widgets.order_lists import AttachmentList, LogList, OrderListBase, PaymentList
from tui_pos.widgets.order_totals import OrderTotalsPanel

TABS = ("tab-lines", "tab-header", "tab-extra", "tab-payments", "tab-log", "tab-files")


def header_specs() -> list[FieldSpec]:
    """The header tab's fields (ORD-1), in the order Tab visits them."""
    delivery = (
        (_("Pickup"), DeliveryMethod.PICKUP.value),
        (_("Delivery"), DeliveryMethod.DELIVERY.value),
    )
    date_hint = _("e.g. 2026-12-31")
    return [
        FieldSpec("customer", _("Customer (F7)"), "button"),
        FieldSpec("order_date", _("Order date"), "date", placeholder=date_hint),
        FieldSpec("subject", _("Subject / title")),
        FieldSpec("our_reference", _("Our contact / ref.")),
        FieldSpec("customer_reference", _("Customer reference")),
        FieldSpec("employee", _("Employee")),
        FieldSpec("branch", _("Branch")),
        FieldSpec("delivery_method", _("Delivery method"), "choice", options=delivery),
        FieldSpec("pickup_date", _("Pickup date"), "date", placeholder=date_hint),
        FieldSpec("expected_delivery_date", _("Expected delivery"), "date", placeholder=date_hint),
        FieldSpec("payment_terms", _("Payment terms")),
        FieldSpec("fixed_text", _("Fixed text")),
        FieldSpec("note", _("Note")),
        FieldSpec("prices_include_vat", _("Prices incl. VAT"), "check"),
    ]


class OrderFormBase(Screen[None]):
    """Shows `order` and keeps it in step with every change made through `service`."""

    def __init__(self, service: OrderService, order: Order) -> None:
        super().__init__()
        self.service = service
        self.order = order

    @property
    def ctx(self) -> TillContext:
        return self.service.ctx

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="of-top"):
            with Horizontal():
                yield Label("", id="of-title", markup=False)
                yield Label(_("^N/^B: tabs"), id="of-tab-keys")
            yield Label("", id="of-sub", markup=False)
        with TabbedContent(initial="tab-lines", id="of-tabs"):
            with TabPane(_("Lines"), id="tab-lines"):
                with Horizontal(id="of-entry-row"):
                    yield Label(_("Add:"), id="of-entry-label", markup=False)
                    yield Input(
                        placeholder=_("scan or type a code (3*code = 3) · F2 search"),
                        id="of-entry",
                        compact=True,
                        max_length=60,
                    )
                yield OrderLinesTable(self.ctx.amount, id="of-lines")
                yield OrderTotalsPanel(self.ctx.money, id="of-totals")
                yield Label(
                    _("Q qty · P price · D disc. · T text · Del remove · G group · H heading"),
                    id="of-hint",
                )
            # the other tabs are filled when first shown: a lighter screen to lay out and style
            for tab_id, title in (
                ("tab-header", _("Header")),
                ("tab-extra", _("Extra")),
                ("tab-payments", _("Payments")),
                ("tab-log", _("Log")),
                ("tab-files", _("Files")),
            ):
                yield TabPane(title, id=tab_id)
        yield Static("", id="of-message", markup=False)
        yield Footer(compact=True)

    def tab_content(self, tab_id: str) -> list[Widget]:
        """What a tab shows, made when the tab is first opened."""
        money = self.ctx.money
        if tab_id == "tab-header":
            return [FieldForm(header_specs(), id="of-header")]
        if tab_id == "tab-extra":
            custom = self.service.settings.orders.custom_fields
            empty = _("No extra fields are configured (settings: [orders] custom_fields).")
            return [
                Label("", id="of-reminder", markup=False),
                FieldForm(
                    [FieldSpec(name, name) for name in custom], empty_text=empty, id="of-extra"
                ),
            ]
        if tab_id == "tab-payments":
            return [PaymentList(money, id="of-payments")]
        if tab_id == "tab-log":
            return [LogList(id="of-log")]
        if tab_id == "tab-files":
            hint = _("A attach a file · Del remove the highlighted file")
            return [AttachmentList(size_text, id="of-files"), Label(hint, classes="hint")]
        return []

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if not pane.children:
            await pane.mount_all(self.tab_content(pane.id or ""))
            self.refresh_order()
        if not isinstance(self.focused, Tabs):  # arrowing along the tab bar keeps its focus
            focusable = [w for w in pane.query("*") if w.focusable]
            if focusable:
                focusable[0].focus()

    def on_mount(self) -> None:
        self.refresh_order()
        self.query_one("#of-entry", Input).focus()

    # -- showing the order ---------------------------------------------------------------
    @property
    def lines_table(self) -> OrderLinesTable:
        return self.query_one(OrderLinesTable)

    def order_name(self) -> str:
        order = self.order
        if order.number:
            return f"{order.type.display()} {order.number}"
        return _("{type} (no number yet)").format(type=order.type.display())

    def refresh_order(self, select: tuple[str, str] | None = None) -> None:
        order, service = self.order, self.service
        title = f"{self.order_name()} · {service.status_label(order.status)}"
        if order.is_dirty and not order_input.is_untouched_new(order):
            title += "  ● " + _("unsaved")
        self.query_one("#of-title", Label).update(title)
        self.query_one("#of-sub", Label).update(self._subtitle())
        self.query_one("#of-sub", Label).set_class(order.is_overdue(service.today()), "overdue")
        self.lines_table.show(order, select=select)
        self.query_one(OrderTotalsPanel).show(order)
        editable = order.is_editable
        for header in self.query("#of-header").results(FieldForm):
            values = order_input.header_values(order)
            customer = order.header.customer
            values["customer"] = f"{customer.code} {customer.name}" if customer else _("— choose —")
            header.show(values, editable=editable)
        for extra in self.query("#of-extra").results(FieldForm):
            extra.show(dict(order.header.custom_fields), editable=editable)
        for reminder in self.query("#of-reminder").results(Label):
            reminder.update(self._reminder_text())
        for shown in self.query(".order-list").results(OrderListBase):
            shown.show(order)
        self._show_entry_group()
        self.refresh_bindings()

    def _subtitle(self) -> str:
        order = self.order
        customer = order.header.customer
        parts = [customer.name if customer else _("no customer")]
        parts.append(
            _("prices incl. VAT") if order.header.prices_include_vat else _("prices excl. VAT")
        )
        if order.reminder_date is not None:
            if order.is_overdue(self.service.today()):
                parts.append(
                    _("reminder {date} OVERDUE").format(date=order.reminder_date.isoformat())
                )
            else:
                parts.append(_("reminder {date}").format(date=order.reminder_date.isoformat()))
        return " · ".join(parts)

    def _reminder_text(self) -> str:
        order = self.order
        if order.reminder_date is None:
            return _("No reminder (F8 sets a follow-up date).")
        text = _("Reminder: {date}").format(date=order.reminder_date.isoformat())
        if order.reminder_note:
            text += f" — {order.reminder_note}"
        if order.is_overdue(self.service.today()):
            text += "  " + _("OVERDUE")
        return text

    def _show_entry_group(self) -> None:
        group_id = self.lines_table.selected_group_id
        label = _("Add:")
        if group_id is not None:
            heading = next((g.heading for g in self.order.groups if g.id == group_id), "")
            label = _("Add to {heading}:").format(heading=heading[:16])
        self.query_one("#of-entry-label", Label).update(label)

    # -- messages and safe calls -----------------------------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#of-message", Static)
        message.update(text)
        message.set_class(error, "error")
        if error:
            self.app.bell()

    def run(self, call: Callable[..., Any], *args: Any, done: str = "", **kwargs: Any) -> bool:
        """Call the service; show its PosError (nothing changed) or `done`; show the order."""
        try:
            call(*args, **kwargs)
        except ConflictError as exc:
            self.refresh_order()
            self.show_conflict(exc)
            return False
        except PosError as exc:
            self.refresh_order()
            self.say(exc.message, error=True)
            return False
        self.refresh_order()
        if done:
            self.say(done)
        return True

    def flush(self) -> bool:
        """Apply what was typed in header or extra fields but not yet applied (the field that
        still has focus). False (with the message shown) when a value was refused."""
        for form in self.query(FieldForm):
            for name, value in form.pending():
                if not self.apply_field(form, name, value):
                    return False
        return True

    @on(FieldForm.Edited)
    def _field_edited(self, event: FieldForm.Edited) -> None:
        event.stop()
        self.apply_field(event.form, event.name, event.value)

    def apply_field(self, form: FieldForm, name: str, value: str | bool) -> bool:
        try:
            if form.id == "of-extra":
                order_input.set_custom_field(self.service, self.order, name, str(value))
            else:
                order_input.set_header_field(self.service, self.order, name, value)
        except PosError as exc:
            self.say(exc.message, error=True)
            if isinstance(value, bool) or name == "delivery_method":
                self.refresh_order()  # put the choice back
            else:
                form.mark_invalid(name)
            return False
        self.refresh_order()
        return True

    # -- conflicts (another session saved the order) ------------------------------------
    def show_conflict(self, error: ConflictError) -> None:
        """Say clearly that nothing was saved and offer to reload; never overwrite."""
        self.say(error.message, error=True)

        def chosen(key: str | None) -> None:
            if key == "r":
                self.reload()

        self.app.push_screen(
            ChoiceScreen(
                _("Not saved: the order was changed elsewhere"),
                error.message,
                [
                    ("k", _("Keep my changes on screen (not saved)")),
                    ("r", _("Reload the order as it is now (drop my changes)")),
                ],
                escape_label=_("keep my changes on screen"),
            ),
            chosen,
        )

    def reload(self) -> None:
        try:
            order = self.service.load(self.order.id)
            self.service.discard_draft(self.order.id)
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        self.order = order
        self.refresh_order()
        self.say(_("Reloaded: this is the order as it is stored now."))
