"""Read-only lists of an order: its activity log, payments and attached files (ORD-5, 7, 12)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_pos.core.order_context import method_label
from tui_pos.core.orders import Order, PaymentKind
from tui_pos.i18n import _, format_datetime


class OrderListBase(OptionList):
    """An order's list; `show(order)` fills it."""

    DEFAULT_CSS = """
    OrderListBase { height: 1fr; border: round $primary-darken-2; }
    OrderListBase:focus { border: round $accent; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.add_class("order-list")

    def show(self, order: Order) -> None:
        raise NotImplementedError

    def _fill(self, options: list[Option], empty: str) -> None:
        highlighted = self.highlighted
        self.clear_options()
        if not options:
            self.add_option(Option(Text(empty, style="dim"), disabled=True))
            return
        self.add_options(options)
        if highlighted is not None:
            self.highlighted = min(highlighted, len(options) - 1)

    @property
    def selected_id(self) -> str | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled else option.id


class LogList(OrderListBase):
    """Every entry of the activity log, newest last: when, who, what (translated now)."""

    def show(self, order: Order) -> None:
        options = [
            Option(
                Text.assemble(
                    (format_datetime(entry.at), "dim"),
                    "  ",
                    (entry.who, "bold"),
                    "\n",
                    entry.text(),
                ),
                id=str(i),
            )
            for i, entry in enumerate(order.log)
        ]
        self._fill(options, _("Nothing happened yet."))
        if options:
            self.highlighted = len(options) - 1


class PaymentList(OrderListBase):
    """Down payments and refunds, with who took them where."""

    def __init__(self, money: Callable[[Decimal], str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._money = money

    def show(self, order: Order) -> None:
        options = []
        for payment in order.payments:
            kind = _("Refund") if payment.kind is PaymentKind.REFUND else _("Down payment")
            text = Text.assemble(
                (format_datetime(payment.at), "dim"),
                "  ",
                (f"{kind}  {self._money(payment.signed_amount)}", "bold"),
                f"  {method_label(payment.method)} · {payment.who}",
            )
            if payment.reference:
                text.append(f" · {payment.reference}")
            options.append(Option(text, id=payment.id))
        for owed in order.refund_owed:
            if order.refund_outstanding:
                options.append(
                    Option(
                        Text(
                            _("Refund owed: {amount} paid by {method}").format(
                                amount=self._money(owed.amount), method=method_label(owed.method)
                            ),
                            style="bold red",
                        ),
                        disabled=True,
                    )
                )
        self._fill(options, _("No payments yet (F5 takes a down payment)."))


class AttachmentList(OrderListBase):
    """Files stored on the order."""

    def __init__(self, size_text: Callable[[int], str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._size_text = size_text

    def show(self, order: Order) -> None:
        options = [
            Option(
                Text.assemble(
                    (a.file_name, "bold"),
                    f"  {self._size_text(a.size)}  ",
                    (f"{format_datetime(a.added_at)} · {a.added_by}", "dim"),
                ),
                id=a.id,
            )
            for a in order.attachments
        ]
        self._fill(options, _("No files attached (A attaches one)."))
