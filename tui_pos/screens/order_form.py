"""The order form (ORD-1…7, 9, 11, 12): tabs for lines, header, extra fields, payments, log and
files; F-keys for the order's actions; leaving with unsaved changes asks (save/discard/stay).

Open it with `OrderFormScreen(service, order)` (service: an OrderService) or, from code that
has only the app, `open_order_form(app, order_id)`. The menu's openers offer drafts left from
before (the program stopped) first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TabbedContent

from tui_pos.core.errors import PosError
from tui_pos.core.orders import OrderType
from tui_pos.i18n import N_, _, format_datetime
from tui_pos.screens.choice import ChoiceScreen
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.order_drafts import offer_drafts
from tui_pos.screens.order_form_actions import OrderActionsMixin
from tui_pos.screens.order_form_base import TABS
from tui_pos.screens.order_form_lines import LINE_KEYS, OrderLinesMixin
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services import order_input
from tui_pos.services.orders import OrderService
from tui_pos.widgets.field_form import FieldForm
from tui_pos.widgets.order_lists import AttachmentList

if TYPE_CHECKING:
    from tui_pos.app import PosApp

#: The F10 list: (action, key shown, label). Every action of the form is reachable from it.
MORE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("save", "Ctrl+S", N_("Save")),
    ("search", "F2", N_("Add many articles (search)")),
    ("confirm", "F3", N_("Confirm (assigns the number)")),
    ("modify", "F4", N_("Modify a confirmed order")),
    ("payment", "F5", N_("Down payment / refund")),
    ("status", "F6", N_("Move to another status")),
    ("customer", "F7", N_("Choose the customer")),
    ("clear_customer", "", N_("Remove the customer")),
    ("reminder", "F8", N_("Reminder (follow-up date)")),
    ("comment", "F9", N_("Comment in the activity log")),
    ("convert", "F11", N_("Convert the quote to an order")),
    ("cancel_order", "F12", N_("Cancel the order")),
    ("toggle_vat", "Ctrl+T", N_("Prices incl. ↔ excl. VAT")),
    ("add_heading", "H", N_("New group heading")),
    ("attach", "A", N_("Attach a file")),
    ("reload", "", N_("Reload the order (drop unsaved changes)")),
    ("next_tab", "Ctrl+N", N_("Next tab (Ctrl+B: previous)")),
    ("close", "Esc", N_("Close the order")),
)


class OrderFormScreen(OrderActionsMixin, OrderLinesMixin):
    CSS_PATH = "order_form.tcss"
    BINDINGS = [
        Binding("escape", "close", _("Close"), id="order.close"),
        Binding("f10", "more", _("More"), id="order.more"),
        Binding("ctrl+q", "quit", _("Quit"), show=False, id="order.quit"),
        Binding("ctrl+n,ctrl+pagedown", "tab(1)", _("Next tab"), show=False, id="order.next_tab"),
        Binding(
            "ctrl+b,ctrl+pageup", "tab(-1)", _("Previous tab"), show=False, id="order.previous_tab"
        ),
    ]

    def on_mount(self) -> None:
        # (OrderFormBase.on_mount runs too: Textual calls each class's handler)
        if not self.order.is_dirty:
            self.call_after_refresh(self.offer_own_draft)

    # -- which keys apply now (the footer shows only those) ------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        order, flow = self.order, self.service.flow
        if action in LINE_KEYS:
            return self.lines_have_focus()
        if action == "remove":
            return self.lines_have_focus() or isinstance(self.focused, AttachmentList)
        if action == "attach":
            return isinstance(self.focused, AttachmentList)
        if action == "cursor":
            return self.entry_has_focus()
        if action in ("confirm", "customer", "search", "toggle_vat"):
            return order.is_editable
        if action == "clear_customer":
            return order.is_editable and order.header.customer is not None
        if action == "modify":
            return not order.is_editable and flow.can_move(order.status, flow.modify)
        if action == "payment":
            return order.refund_outstanding > 0 or (
                not order.is_quote and not order.is_editable and order.balance_due > 0
            )
        if action == "status":
            return bool(self.service.targets(order))
        if action == "convert":
            return order.is_quote and flow.can_move(order.status, flow.convert)
        if action == "cancel_order":
            return flow.can_move(order.status, flow.cancel)
        if action == "reload":
            return order.stored_version > 0
        return True

    def action_tab(self, step: int) -> None:
        """Next/previous tab; focus moves into it (see `_tab_activated`)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + step) % len(TABS)]

    def action_next_tab(self) -> None:
        self.action_tab(1)

    @on(FieldForm.Pressed)
    def _field_pressed(self, event: FieldForm.Pressed) -> None:
        event.stop()
        if event.name == "customer":
            self.action_customer()

    def action_remove(self) -> None:
        if isinstance(self.focused, AttachmentList):
            self.remove_selected_file()
        else:
            self.remove_selected_line()

    def action_more(self) -> None:
        rows = [
            (action, [key, _(label)])
            for action, key, label in MORE_ACTIONS
            if action in ("attach", "add_heading") or self.check_action(action, ()) is not False
        ]

        def chosen(action: str | None) -> None:
            if action:
                method: Callable[[], None] = getattr(self, f"action_{action}")
                method()

        self.app.push_screen(
            PickListScreen(_("All actions of this order"), [_("Key"), _("Action")], rows=rows),
            chosen,
        )

    def action_clear_customer(self) -> None:
        self.act(self.service.set_customer, self.order, None, done=_("Customer removed."))

    def action_reload(self) -> None:
        if not self.order.is_dirty:
            self.reload()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.reload()

        self.app.push_screen(
            ConfirmScreen(_("Reload the order and drop your unsaved changes?")), done
        )

    # -- leaving (ORD-9) -------------------------------------------------------------------
    def action_close(self) -> None:
        self.leave(lambda: self.dismiss(None))

    def action_quit(self) -> None:
        self.leave(self.app.exit)

    def leave(self, then: Callable[[], object]) -> None:
        """Go, asking first when there are unsaved changes: save, discard, or stay."""
        self.flush()
        order = self.order
        if not order.is_dirty or order_input.is_untouched_new(order):
            then()
            return

        def chosen(key: str | None) -> None:
            if key == "s" and self.save():
                then()
            elif key == "d":
                try:
                    self.service.discard_draft(order.id)
                except PosError as exc:
                    self.say(exc.message, error=True)
                    return
                then()

        self.app.push_screen(
            ChoiceScreen(
                _("Unsaved changes"),
                _("{name} has changes that are not saved.").format(name=self.order_name()),
                [("s", _("Save them and close")), ("d", _("Discard them and close"))],
                escape_label=_("stay on the order"),
            ),
            chosen,
        )

    # -- a draft of this order kept from before (ORD-9) ----------------------------------
    def offer_own_draft(self) -> None:
        try:
            draft = next(
                (d for d in self.service.load_drafts() if d.order_id == self.order.id), None
            )
        except PosError as exc:
            self.say(exc.message, error=True)
            return
        if draft is None:
            return
        message = _("Changes to this order from {when} were never saved.").format(
            when=format_datetime(draft.saved_at)
        )
        if draft.stale:
            message += "\n" + _(
                "Someone saved the order since then: you can look at your changes, but saving "
                "them will be refused."
            )

        def chosen(key: str | None) -> None:
            try:
                if key == "r":
                    self.order = self.service.restore_draft(self.order.id)
                    self.refresh_order()
                    self.say(_("Your unsaved changes are back; Ctrl+S saves them."))
                elif key == "d":
                    self.app.push_screen(
                        ConfirmScreen(_("Throw the unsaved changes away?")), discard
                    )
            except PosError as exc:
                self.say(exc.message, error=True)

        def discard(yes: bool | None) -> None:
            if not yes:
                self.call_after_refresh(self.offer_own_draft)
                return
            try:
                self.service.discard_draft(self.order.id)
            except PosError as exc:
                self.say(exc.message, error=True)
                return
            self.say(_("The unsaved changes were discarded."))

        self.app.push_screen(
            ChoiceScreen(
                _("Unsaved changes found"),
                message,
                [("r", _("Reopen my unsaved changes")), ("d", _("Discard them"))],
                escape_label=_("decide later"),
            ),
            chosen,
        )


# -- opening the form ------------------------------------------------------------------
def order_service(app: PosApp) -> OrderService:
    """The service the form works with; every change is made as the till's cashier (there is
    no login yet: settings [till] cashier)."""
    return OrderService(app.ctx)


def open_order_form(
    app: PosApp, order_id: str | None, order_type: OrderType = OrderType.SALES
) -> None:
    """Open an existing order (by id), or a new one of `order_type` when `order_id` is None.
    A PosError (e.g. the order is gone) is raised for the caller to show."""
    service = order_service(app)
    order = service.load(order_id) if order_id else service.new_order(order_type)
    app.push_screen(OrderFormScreen(service, order))


def open_new_order(app: PosApp) -> Screen[None] | None:
    """Menu: a new sales order (drafts left from before are offered first)."""
    return _new(app, OrderType.SALES)


def open_new_quote(app: PosApp) -> Screen[None] | None:
    return _new(app, OrderType.QUOTE)


def open_new_service_order(app: PosApp) -> Screen[None] | None:
    return _new(app, OrderType.SERVICE)


def _new(app: PosApp, order_type: OrderType) -> Screen[None] | None:
    service = order_service(app)
    drafts = service.load_drafts()
    if not drafts:
        return OrderFormScreen(service, service.new_order(order_type))
    offer_drafts(
        app,
        service,
        drafts,
        order_type,
        open_form=lambda order: app.push_screen(OrderFormScreen(service, order)),
    )
    return None
