"""Payment: split over methods, cash tendered and change, cash rounding; commits the sale."""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from typing import Generic, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.core.payments import PaymentMethod, PaymentSession
from tui_pos.i18n import _
from tui_pos.widgets.cells import PlainCell

Saved = TypeVar("Saved")


def receipt_saved(record: object) -> str:
    """The default message after the commit: the sale's receipt id."""
    receipt_id = getattr(record, "receipt_id", "")
    return _("Sale saved as receipt {id}. Enter = next customer.").format(id=receipt_id)


class AmountInput(Input):
    """An amount field: digits and separators only; letters stay free for method keys."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and (character.isdigit() or character in ".,")


class PaymentScreen(ModalScreen[Saved | None], Generic[Saved]):
    """Choose a method (its key), type or accept the amount, Enter. Esc goes back to the sale.

    When the payments settle the session, `complete(session)` commits (in a worker thread):
    a sale by default, or e.g. an order with its payment; `saved(result)` says what was saved
    and `title` names what is being paid."""

    CSS_PATH = "payment.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Back to sale"), id="pay.back"),
        Binding("ctrl+z", "undo", _("Remove last payment"), id="pay.undo"),
        # Method keys come from the config; amounts never contain letters, so any letter may be one.
        *(
            Binding(ch, f"method_key('{ch}')", show=False, priority=True, id=f"pay.key_{ch}")
            for ch in string.ascii_lowercase
        ),
    ]

    def __init__(
        self,
        session: PaymentSession,
        methods: list[tuple[PaymentMethod, str]],
        *,
        parse_amount: Callable[[str], Decimal],
        complete: Callable[[PaymentSession], Saved],
        money: Callable[[Decimal], str],
        saved: Callable[[Saved], str] = receipt_saved,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.methods = methods
        self.parse_amount = parse_amount
        self.complete = complete
        self.money = money
        self.saved = saved
        self.title_text = title or _("Payment")
        self.method = methods[0][0]
        self.record: Saved | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="pay-box"):
            yield Label(self.title_text, id="pay-title", markup=False)
            yield Static(id="pay-summary", markup=False)
            with Horizontal(id="pay-methods"):
                for method, key in self.methods:
                    yield Label(
                        f"{key.upper()} {method.label}",
                        id=f"m-{method.id}",
                        classes="method",
                        markup=False,
                    )
            yield Label(id="pay-method-label", markup=False)
            yield AmountInput(id="pay-amount", restrict=r"[0-9.,]*", max_length=12)
            yield DataTable(id="pay-list", cursor_type="none")
            yield Static("", id="pay-message", markup=False)
            yield Label(_("Enter = pay   Ctrl+Z = undo last   Esc = back"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#pay-list", DataTable)
        table.add_columns(*map(PlainCell, (_("Method"), _("Amount"), _("Tendered"))))
        self.refresh_view()

    def action_method_key(self, key: str) -> None:
        for method, method_key in self.methods:
            if method_key == key:
                self.choose(method)
                return

    def choose(self, method: PaymentMethod) -> None:
        if self.record is not None or self.busy:
            return
        self.method = method
        self.refresh_view()

    def refresh_view(self) -> None:
        s = self.session
        lines = [_("Total {amount}").format(amount=self.money(s.total))]
        if s.paid:
            lines.append(_("Paid {amount}").format(amount=self.money(s.paid)))
        if s.rounding:
            lines.append(_("Cash rounding {amount}").format(amount=self.money(s.rounding)))
        if self.record is not None:
            lines.append(_("CHANGE {amount}").format(amount=self.money(s.change)))
        else:
            lines.append(_("To pay {amount}").format(amount=self.money(s.remaining)))
            if s.cash_step and s.cash_due() != s.remaining:
                lines.append(_("(in cash {amount})").format(amount=self.money(s.cash_due())))
        self.query_one("#pay-summary", Static).update("\n".join(lines))
        for method, _key in self.methods:
            self.query_one(f"#m-{method.id}", Label).set_class(method is self.method, "chosen")
        field = self.query_one("#pay-amount", Input)
        label = self.query_one("#pay-method-label", Label)
        if self.record is None:
            label.update(_("{method}: amount").format(method=self.method.label))
            field.value = str(self.session.suggested_amount(self.method))
            field.focus()
            field.action_select_all()
        table = self.query_one("#pay-list", DataTable)
        table.clear()
        for p in s.payments:
            table.add_row(
                *map(PlainCell, (p.method.label, self.money(p.amount), self.money(p.tendered)))
            )

    def show_message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#pay-message", Static)
        message.update(text)
        message.set_class(error, "error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.record is not None:
            self.dismiss(self.record)
            return
        if self.busy:
            return
        try:
            amount = self.parse_amount(event.value)
            self.session.add(self.method, amount)
        except PosError as exc:
            self.show_message(exc.message, error=True)
            return
        self.show_message("")
        if self.session.settled:
            self.busy = True
            self.show_message(_("Saving…"))
            self.commit()
        else:
            self.refresh_view()

    @work(thread=True, exclusive=True, group="pay-commit")
    def commit(self) -> None:
        try:
            record = self.complete(self.session)
        except PosError as exc:
            self.app.call_from_thread(self._commit_failed, exc.message)
        except Exception as exc:  # the database refused: nothing was stored
            self.app.call_from_thread(
                self._commit_failed,
                _("The sale could not be saved ({error}). Nothing was stored; try again.").format(
                    error=type(exc).__name__
                ),
            )
        else:
            self.app.call_from_thread(self._committed, record)

    def _commit_failed(self, message: str) -> None:
        self.busy = False
        self.session.remove_last()
        self.refresh_view()
        self.show_message(message, error=True)

    def _committed(self, record: Saved) -> None:
        self.busy = False
        self.record = record
        self.refresh_view()
        self.show_message(self.saved(record))
        field = self.query_one("#pay-amount", Input)
        field.value = ""
        field.focus()

    def action_undo(self) -> None:
        if self.record is None and not self.busy and self.session.remove_last():
            self.refresh_view()

    def action_back(self) -> None:
        if self.busy:
            return
        self.dismiss(self.record)
