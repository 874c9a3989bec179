"""An order's totals in a few lines: excl. VAT, VAT per rate, incl. VAT, paid, balance due."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui_pos.core.orders import Order
from tui_pos.i18n import _

_PER_ROW = 3


class OrderTotalsPanel(Static):
    DEFAULT_CSS = """
    OrderTotalsPanel { height: auto; border-top: solid $primary-darken-2; padding: 0 1; }
    """

    def __init__(self, money: Callable[[Decimal], str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._money = money

    def show(self, order: Order) -> None:
        totals = order.totals()
        items: list[tuple[str, str, str]] = [
            (_("Excl. VAT"), self._money(totals.total_excl_vat), "")
        ]
        items += [
            (_("VAT {rate} %").format(rate=v.rate.normalize()), self._money(v.vat), "")
            for v in totals.vat_lines
        ]
        while len(items) % _PER_ROW:
            items.append(("", "", ""))
        items.append((_("Total incl. VAT"), self._money(totals.total_incl_vat), "bold"))
        items.append((_("Paid"), self._money(order.paid_total), ""))
        if order.refund_outstanding:
            items.append((_("Refund owed"), self._money(order.refund_outstanding), "bold red"))
        else:
            items.append((_("Balance due"), self._money(order.balance_due), "bold reverse"))
        grid = Table.grid(expand=True, padding=(0, 1))
        for _column in range(_PER_ROW):
            grid.add_column(no_wrap=True)
            grid.add_column(justify="right", no_wrap=True)
        for start in range(0, len(items), _PER_ROW):
            cells: list[Text] = []
            for label, value, style in items[start : start + _PER_ROW]:
                cells += [Text(label, style="dim" if not style else ""), Text(value, style=style)]
            grid.add_row(*cells)
        self.update(grid)
