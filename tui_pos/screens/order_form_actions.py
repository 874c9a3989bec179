"""The order form's actions (ORD-4…7, 11, 12): save, confirm, modify, pay, cancel, convert,
status, comment, reminder, customer and files. Each one saves the order through the service."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from textual.binding import Binding

from tui_pos.core.dates import parse_date
from tui_pos.core.errors import ConflictError, PosError
from tui_pos.core.money import parse_amount
from tui_pos.core.order_context import method_label
from tui_pos.core.orders import MethodAmount
from tui_pos.i18n import _
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.order_form_base import OrderFormBase
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.services import order_input
from tui_pos.widgets.order_lists import AttachmentList


class OrderActionsMixin(OrderFormBase):
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="order.save"),
        Binding("f3", "confirm", _("Confirm"), id="order.confirm"),
        Binding("f4", "modify", _("Modify"), id="order.modify"),
        Binding("f5", "payment", _("Pay"), id="order.payment"),
        Binding("f6", "status", _("Status"), id="order.status"),
        Binding("f7", "customer", _("Customer"), show=False, id="order.customer"),
        Binding("f8", "reminder", _("Remind"), show=False, id="order.reminder"),
        Binding("f9", "comment", _("Comment"), show=False, id="order.comment"),
        Binding("f11", "convert", _("To order"), id="order.convert"),
        Binding("f12", "cancel_order", _("Cancel"), id="order.cancel"),
        Binding("ctrl+t", "toggle_vat", _("Incl/excl VAT"), show=False, id="order.toggle_vat"),
        Binding("a", "attach", _("Attach"), show=False, id="order.attach"),
    ]

    # -- saving --------------------------------------------------------------------------
    def save(self) -> bool:
        """Save pending edits; a conflict is shown (with reload) and nothing is written."""
        if not self.flush():
            return False
        try:
            saved = self.service.save(self.order)
        except ConflictError as exc:
            self.show_conflict(exc)
            return False
        except PosError as exc:
            self.say(exc.message, error=True)
            return False
        self.refresh_order()
        self.say(_("Saved.") if saved else _("Nothing to save: no changes."))
        return True

    def action_save(self) -> None:
        self.save()

    def act(self, call: Callable[..., Any], *args: Any, done: str = "", **kwargs: Any) -> bool:
        """An order action: apply typed fields first, then run it (it saves the order)."""
        return self.flush() and self.run(call, *args, done=done, **kwargs)

    # -- confirm, modify, status, convert -------------------------------------------------
    def action_confirm(self) -> None:
        if self.act(self.service.confirm, self.order):
            self.say(_("Confirmed: {name}. F4 modifies it again.").format(name=self.order_name()))

    def action_modify(self) -> None:
        self.act(
            self.service.modify,
            self.order,
            done=_("The order can be changed again; F3 confirms it again (same number)."),
        )

    def action_status(self) -> None:
        targets = self.service.targets(self.order)
        if not targets:
            self.say(
                _("From {status} the order cannot move to another status here.").format(
                    status=self.service.status_label(self.order.status)
                ),
                error=True,
            )
            return

        def chosen(key: str | None) -> None:
            if key:
                self.act(
                    self.service.move_status,
                    self.order,
                    key,
                    done=_("Status: {status}.").format(status=self.service.status_label(key)),
                )

        self.app.push_screen(
            PickListScreen(
                _(
                    "Move {name} to",
                ).format(name=self.order_name()),
                [_("Status")],
                rows=[(s.key, [s.display()]) for s in targets],
            ),
            chosen,
        )

    def action_convert(self) -> None:
        def done(yes: bool | None) -> None:
            if not yes or not self.flush():
                return
            quote = self.order
            try:
                order = self.service.convert_quote(quote)
            except ConflictError as exc:
                self.show_conflict(exc)
                return
            except PosError as exc:
                self.say(exc.message, error=True)
                return
            self.order = order
            self.refresh_order()
            self.say(
                _("{quote} converted: this is the new order (draft). F3 confirms it.").format(
                    quote=quote.number or _("The quote")
                )
            )

        self.app.push_screen(
            ConfirmScreen(
                _("Convert {name} to a sales order? Customer, lines and prices are copied.").format(
                    name=self.order_name()
                )
            ),
            done,
        )

    # -- money ---------------------------------------------------------------------------
    def action_payment(self) -> None:
        """A down payment (ORD-5), or on a cancelled order the refund still owed (ORD-4)."""
        refund = self.order.refund_outstanding > 0
        methods = self.service.methods()
        if not methods:
            self.say(_("No payment methods are configured for the back office."), error=True)
            return
        title = (
            _("Refund on {name}: how is it paid back?")
            if refund
            else _("Down payment on {name}: how is it paid?")
        ).format(name=self.order_name())

        def chosen(method: str | None) -> None:
            if method:
                self.ask_amount(method, refund=refund)

        self.app.push_screen(
            PickListScreen(title, [_("Method")], rows=[(m, [label]) for m, label in methods]),
            chosen,
        )

    def ask_amount(self, method: str, *, refund: bool, typed: str = "", error: str = "") -> None:
        """Amount (default: all that is due), then "are you sure"; a refused amount asks again
        with the reason (the service decides what is allowed)."""
        order = self.order
        limit = order.refund_outstanding if refund else order.balance_due
        label = method_label(method)

        def check(text: str) -> Decimal:
            return parse_amount(text, what=_("Amount"), allow_zero=False)

        def entered(text: str | None) -> None:
            if text is None:
                return
            amount = self.ctx.money(check(text))
            question = (
                _("Refund {amount} by {method}?")
                if refund
                else _("Register a down payment of {amount} by {method}?")
            ).format(amount=amount, method=label)
            self.app.push_screen(ConfirmScreen(question), lambda yes: take(text) if yes else None)

        def take(text: str) -> None:
            call = self.service.record_refund if refund else self.service.take_down_payment
            try:
                call(self.order, method=method, amount=text)
            except ConflictError as exc:
                self.refresh_order()
                self.show_conflict(exc)
                return
            except PosError as exc:
                self.refresh_order()
                self.say(exc.message, error=True)
                self.ask_amount(method, refund=refund, typed=text, error=exc.message)
                return
            self.refresh_order()
            amount = self.ctx.money(check(text))
            if refund:
                done = _("Refund of {amount} by {method} registered; still to refund {left}.")
            else:
                done = _("Down payment of {amount} by {method} registered; balance due {left}.")
            left = self.order.refund_outstanding if refund else self.order.balance_due
            self.say(done.format(amount=amount, method=label, left=self.ctx.money(left)))

        self.app.push_screen(
            PromptScreen(
                title=_("Refund") if refund else _("Down payment"),
                label=_("{method}: amount (at most {limit})").format(
                    method=label, limit=self.ctx.money(limit)
                ),
                value=typed or str(limit),
                validate=check,
                error=error,
            ),
            entered,
        )

    def action_cancel_order(self) -> None:
        order = self.order
        question = _("Cancel {name}? Its status becomes “{status}”.").format(
            name=self.order_name(), status=self.service.status_label(self.service.flow.cancel)
        )
        if order.paid_total > 0:
            question += "\n" + _("{amount} was paid on it and must be refunded.").format(
                amount=self.ctx.money(order.paid_total)
            )

        def done(yes: bool | None) -> None:
            if not yes or not self.flush():
                return
            owed: list[tuple[MethodAmount, ...]] = []
            if self.run(lambda: owed.append(self.service.cancel(self.order, confirmed=True))):
                self.say(self._cancelled_text(owed[0]))

        self.app.push_screen(ConfirmScreen(question), done)

    def _cancelled_text(self, owed: tuple[MethodAmount, ...]) -> str:
        if not owed:
            return _("Order cancelled.")
        refunds = ", ".join(
            f"{self.ctx.money(item.amount)} ({method_label(item.method)})" for item in owed
        )
        return _("Order cancelled. Refund owed: {refunds}. F5 records the refund.").format(
            refunds=refunds
        )

    # -- customer, comment, reminder, VAT basis -------------------------------------------
    def action_customer(self) -> None:
        def search(text: str) -> list[tuple[str, list[str]]]:
            return [
                (c.code, [c.code, c.name, c.city, c.category or ""])
                for c in self.service.search_customers(text)
            ]

        def chosen(code: str | None) -> None:
            if code and self.flush():
                self.run(self.service.set_customer, self.order, code)

        self.app.push_screen(
            PickListScreen(
                _("Customer of the order"),
                [_("Code"), _("Name"), _("City"), _("Category")],
                search=search,
            ),
            chosen,
        )

    def action_comment(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self.act(self.service.add_comment, self.order, text, done=_("Comment added."))

        self.app.push_screen(
            PromptScreen(_("Comment"), _("Goes into the activity log with your name")), done
        )

    def action_reminder(self) -> None:
        current = self.order.reminder_date.isoformat() if self.order.reminder_date else ""

        def check(text: str) -> None:
            parse_date(text, what=_("Reminder date"))

        def dated(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.act(
                    order_input.set_reminder,
                    self.service,
                    self.order,
                    "",
                    done=_("Reminder cleared."),
                )
                return

            def noted(note: str | None) -> None:
                if note is not None:
                    self.act(
                        order_input.set_reminder,
                        self.service,
                        self.order,
                        text,
                        note,
                        done=_("Reminder set."),
                    )

            self.app.push_screen(
                PromptScreen(_("Reminder"), _("Note (optional)"), self.order.reminder_note),
                noted,
            )

        self.app.push_screen(
            PromptScreen(
                _("Reminder"),
                _("Follow-up date, e.g. 2026-12-31 (empty: no reminder)"),
                current,
                validate=check,
            ),
            dated,
        )

    def action_toggle_vat(self) -> None:
        if not self.flush():
            return
        include: list[bool] = []
        if self.run(
            lambda: include.append(order_input.toggle_prices_include_vat(self.service, self.order))
        ):
            self.say(_("Prices now include VAT.") if include[0] else _("Prices now exclude VAT."))

    # -- files (ORD-12) --------------------------------------------------------------------
    def action_attach(self) -> None:
        def done(path: str | None) -> None:
            if path and path.strip():
                self.act(
                    self.service.add_attachment_file,
                    self.order,
                    path.strip(),
                    done=_("File attached."),
                )

        self.app.push_screen(
            PromptScreen(_("Attach a file"), _("Path of the file on this computer")), done
        )

    def remove_selected_file(self) -> None:
        files = self.focused
        attachment_id = files.selected_id if isinstance(files, AttachmentList) else None
        if attachment_id is None:
            return
        name = next(a.file_name for a in self.order.attachments if a.id == attachment_id)

        def done(yes: bool | None) -> None:
            if yes:
                self.act(
                    self.service.remove_attachment,
                    self.order,
                    attachment_id,
                    done=_("File removed."),
                )

        self.app.push_screen(
            ConfirmScreen(_("Remove the file “{name}” from the order?").format(name=name)), done
        )
