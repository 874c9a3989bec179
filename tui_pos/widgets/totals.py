"""The totals panel: lines, discount, VAT per rate and the total, incl. or excl. VAT (CHK-4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from rich.table import Table
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Static

from tui_pos.core.cart import CartTotals
from tui_pos.core.money import ZERO
from tui_pos.i18n import _
from tui_pos.widgets.strips import join_alike


class TotalsPanel(Static):
    DEFAULT_CSS = """
    TotalsPanel { width: 26; height: 1fr; border: round $primary-darken-2; padding: 0 1; }
    """

    def __init__(
        self, amount: Callable[[Decimal], str], money: Callable[[Decimal], str], **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._amount = amount
        self._money = money
        self.show_incl_vat = True

    def render_line(self, y: int) -> Strip:
        return join_alike(super().render_line(y))

    def show(
        self,
        totals: CartTotals | None,
        lines: int,
        customer: str | None,
        *,
        extra: Sequence[tuple[str, str, bool]] = (),
    ) -> None:
        """`extra`: (label, value, bold) rows under the total, e.g. an order's paid and due."""
        table = Table.grid(expand=True)
        table.add_column()
        table.add_column(justify="right")
        table.add_row(_("Lines"), str(lines))
        if totals is not None and totals.discount:
            table.add_row(_("Discount"), self._amount(totals.discount))
        vat_lines = totals.vat if totals else ()
        net = sum((v.net for v in vat_lines), ZERO)
        vat_total = sum((v.vat for v in vat_lines), ZERO)
        total = totals.total if totals else ZERO
        table.add_row("", "")
        for v in vat_lines:
            table.add_row(_("VAT {rate} %").format(rate=v.rate.normalize()), self._amount(v.vat))
        if self.show_incl_vat:
            table.add_row(_("Excl. VAT"), self._amount(net))
        else:
            table.add_row(_("VAT"), self._amount(vat_total))
        table.add_row("", "")
        label = _("TOTAL") if self.show_incl_vat else _("Total excl. VAT")
        shown = total if self.show_incl_vat else net
        table.add_row(Text(label, style="bold"), Text(self._money(shown), style="bold reverse"))
        for extra_label, value, bold in extra:
            style = "bold" if bold else ""
            table.add_row(Text(extra_label, style=style), Text(value, style=style))
        if customer:
            table.add_row("", "")
            table.add_row(Text(_("Customer"), style="dim"), "")
            table.add_row(Text(customer[:24]), "")
        self.update(table, layout=False)  # a fixed size (CSS): no layout needed
