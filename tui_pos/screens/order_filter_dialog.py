"""Every order filter in one dialog (ORD-10, CHK-10): status, type, customer, contact, employee,
branch, delivery method, a date range on a chosen date, overdue follow-ups only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui_pos.core.date_input import date_text, parse_date
from tui_pos.core.errors import PosError
from tui_pos.core.order_browse import (
    CUSTOM,
    DATE_FIELD_LABELS,
    DELIVERY_LABELS,
    STATUS_CHOICES,
    STATUS_PREFIX,
    status_choice,
    with_status_choice,
)
from tui_pos.core.order_filter import DateField, OrderFilter
from tui_pos.core.orders import DeliveryMethod, OrderType
from tui_pos.i18n import _
from tui_pos.screens.picklist import PickListScreen
from tui_pos.services import order_lookups
from tui_pos.services.orders import OrderService

ANY = ""
_CHOICE: dict[str, Any] = {"allow_blank": False, "compact": True}
_DATE: dict[str, Any] = {"compact": True, "max_length": 12}


def customer_picker(
    service: OrderService, names: dict[str, str], *, any_row: bool = False
) -> PickListScreen:
    """A customer search; remembers the names it showed in `names` (code → name)."""

    def search(text: str) -> list[tuple[str, list[str]]]:
        found = service.search_customers(text)
        names.update((c.code, c.name) for c in found)
        rows = [(c.code, [c.code, c.name, c.city]) for c in found]
        if any_row and not text.strip():
            rows.insert(0, (ANY, ["", _("— any customer —"), ""]))
        return rows

    return PickListScreen(_("Choose a customer"), [_("Code"), _("Name"), _("City")], search=search)


class OrderFilterScreen(ModalScreen[OrderFilter | None]):
    """Tab moves between the fields; F10 or Enter in a text field applies, F9 clears back to
    `default`, Esc cancels. The search text and sort of `spec` are kept."""

    CSS_PATH = "order_filter_dialog.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="order_filter.cancel"),
        Binding("f10", "apply", _("Apply"), id="order_filter.apply", priority=True),
        Binding("f9", "clear", _("Clear"), id="order_filter.clear", priority=True),
    ]

    def __init__(
        self,
        service: OrderService,
        spec: OrderFilter,
        *,
        default: OrderFilter | None = None,
        customer_names: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.spec = spec
        self.default = default or OrderFilter.open_orders()
        self.customer_names = customer_names if customer_names is not None else {}

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box"):
            yield Label(_("Filter orders"), id="filter-title")
            with Grid(id="filter-grid"):
                yield Label(_("Status"))
                yield Select(self._status_options(), allow_blank=False, compact=True, id="f-status")
                yield Label(_("Type"))
                yield Select(
                    [(_("Any type"), ANY)] + [(t.display(), t.value) for t in OrderType],
                    allow_blank=False,
                    compact=True,
                    id="f-type",
                )
                yield Label(_("Customer (code)"))
                with Horizontal(classes="field-row"):
                    yield Input(compact=True, max_length=40, id="f-customer")
                    yield Button(_("Choose…"), compact=True, id="f-customer-pick")
                yield Label(_("Contact"))
                yield Input(
                    compact=True,
                    max_length=80,
                    placeholder=_("our or the customer's reference"),
                    id="f-contact",
                )
                yield Label(_("Employee"))
                yield Select([(_("Anyone"), ANY)], **_CHOICE, id="f-employee")
                yield Label(_("Branch"))
                yield Select([(_("Any branch"), ANY)], **_CHOICE, id="f-branch")
                yield Label(_("Pickup/delivery"))
                yield Select(
                    [(_("Either"), ANY)]
                    + [(_(label), method.value) for method, label in DELIVERY_LABELS.items()],
                    allow_blank=False,
                    compact=True,
                    id="f-delivery",
                )
                yield Label(_("Dates on"))
                yield Select(
                    [(_(label), field.value) for field, label in DATE_FIELD_LABELS.items()],
                    allow_blank=False,
                    compact=True,
                    id="f-date-field",
                )
                yield Label(_("From … to"))
                with Horizontal(classes="field-row"):
                    yield Input(placeholder=_("dd-mm-yyyy"), **_DATE, id="f-from")
                    yield Label("…", classes="dots")
                    yield Input(placeholder=_("dd-mm-yyyy"), **_DATE, id="f-to")
                yield Label(_("Follow-up"))
                yield Checkbox(_("only overdue"), compact=True, id="f-overdue")
            yield Static("", id="filter-error", markup=False)
            with Horizontal(id="filter-buttons"):
                yield Button(_("F10 Apply"), variant="primary", compact=True, id="f-apply")
                yield Button(_("F9 Clear"), compact=True, id="f-clear")
                yield Button(_("Esc Cancel"), compact=True, id="f-cancel")
            yield Label(
                _("Tab next field · Enter opens a list / applies in a text field"), classes="hint"
            )

    def _status_options(self) -> list[tuple[Text, str]]:
        """Labels as `Text`: a str would be read as markup (labels come from the config)."""
        options = [(Text(_(choice.label)), choice.id) for choice in STATUS_CHOICES]
        options += [(Text(s.display()), STATUS_PREFIX + s.key) for s in self.service.statuses()]
        if status_choice(self.spec) == CUSTOM:
            options.insert(0, (Text(_("As chosen before")), CUSTOM))
        return options

    def on_mount(self) -> None:
        self.fill(self.spec)
        self.query_one("#f-status", Select).focus()
        self.load_choices()

    def fill(self, spec: OrderFilter) -> None:
        """Show a filter in the fields."""
        self._select("#f-status", status_choice(spec))
        self._select("#f-type", next(iter(spec.types)).value if len(spec.types) == 1 else ANY)
        self.query_one("#f-customer", Input).value = spec.customer_code or ""
        self.query_one("#f-contact", Input).value = spec.contact or ""
        self._select("#f-employee", spec.employee or ANY, add=True)
        self._select("#f-branch", spec.branch or ANY, add=True)
        self._select("#f-delivery", spec.delivery_method.value if spec.delivery_method else ANY)
        self._select("#f-date-field", spec.date_field.value)
        self.query_one("#f-from", Input).value = date_text(spec.date_from)
        self.query_one("#f-to", Input).value = date_text(spec.date_to)
        self.query_one("#f-overdue", Checkbox).value = spec.overdue_on is not None
        self.query_one("#filter-error", Static).update("")

    def _select(self, selector: str, value: str, *, add: bool = False) -> None:
        select: Select[str] = self.query_one(selector, Select)
        options = list(select._options)  # Select has no public getter
        if add and value and all(v != value for _label, v in options):
            select.set_options([(lbl, str(v)) for lbl, v in options] + [(Text(value), value)])
        select.value = value

    @work(thread=True, exclusive=True, group="order-filter-choices")
    def load_choices(self) -> None:
        try:
            employees = order_lookups.employees(self.service.ctx)
            branches = order_lookups.branches(self.service.ctx)
        except PosError:
            return
        self.app.call_from_thread(self._set_choices, employees, branches)

    def _set_choices(self, employees: list[str], branches: list[str]) -> None:
        if not self.is_attached:
            return
        for selector, anything, names in (
            ("#f-employee", _("Anyone"), employees),
            ("#f-branch", _("Any branch"), branches),
        ):
            select: Select[str] = self.query_one(selector, Select)
            current = select.value if isinstance(select.value, str) else ANY
            select.set_options([(Text(anything), ANY)] + [(Text(name), name) for name in names])
            self._select(selector, current, add=True)

    # -- reading the fields ----------------------------------------------------------------
    def _value(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ANY

    def read(self) -> OrderFilter:
        """The filter the fields say; PosError when a field is wrong."""
        today = self.service.today()
        customer = self.query_one("#f-customer", Input).value.strip()
        if customer and customer not in self.customer_names:
            self.customer_names[customer] = self.service.customer(customer).name
        type_value = self._value("#f-type")
        delivery = self._value("#f-delivery")
        from_text = self.query_one("#f-from", Input).value
        to_text = self.query_one("#f-to", Input).value
        spec = with_status_choice(self.spec, self._value("#f-status"))
        return replace(
            spec,
            types=frozenset({OrderType(type_value)}) if type_value else frozenset(),
            customer_code=customer or None,
            contact=self.query_one("#f-contact", Input).value.strip() or None,
            employee=self._value("#f-employee") or None,
            branch=self._value("#f-branch") or None,
            delivery_method=DeliveryMethod(delivery) if delivery else None,
            date_field=DateField(self._value("#f-date-field")),
            date_from=_date_or_none(from_text, today, "date_from"),
            date_to=_date_or_none(to_text, today, "date_to"),
            overdue_on=today if self.query_one("#f-overdue", Checkbox).value else None,
        )

    # -- actions ---------------------------------------------------------------------------
    def action_apply(self) -> None:
        try:
            spec = self.read()
        except PosError as exc:
            self.query_one("#filter-error", Static).update(exc.message)
            self.app.bell()
            return
        self.dismiss(spec)

    def action_clear(self) -> None:
        self.fill(replace(self.default, text=self.spec.text, sort=self.spec.sort))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    @on(Button.Pressed, "#f-apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#f-clear")
    def _clear_pressed(self) -> None:
        self.action_clear()

    @on(Button.Pressed, "#f-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#f-customer-pick")
    def _pick_customer(self) -> None:
        def done(code: str | None) -> None:
            field = self.query_one("#f-customer", Input)
            if code is not None:
                field.value = code
            field.focus()

        self.app.push_screen(customer_picker(self.service, self.customer_names, any_row=True), done)


def _date_or_none(text: str, today: date, field: str) -> date | None:
    return parse_date(text, today, field=field) if text.strip() else None
