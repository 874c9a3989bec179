"""Order summaries as a table whose columns fit the width: the most useful first, more when wider;
the sorted column always shows, and overdue follow-ups stand out (ORD-10, ORD-11)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rich.text import Text
from textual.widgets import DataTable

from tui_pos.core.order_browse import DELIVERY_LABELS
from tui_pos.core.order_filter import SortField, SortKey
from tui_pos.core.order_list import OrderSummary
from tui_pos.core.orders import OrderType
from tui_pos.i18n import N_, _, format_date

OVERDUE_STYLE = "bold red"
OVERDUE_MARK = "!"
TYPE_SHORT = {
    OrderType.SALES: N_("Sales"),
    OrderType.SERVICE: N_("Service"),
    OrderType.QUOTE: N_("Quote"),
}


@dataclass(frozen=True)
class CellFormat:
    """How values are written: status labels, amounts, today (for overdue)."""

    status_label: Callable[[str], str]
    amount: Callable[[Decimal], str]
    today: date


def _date(value: date | None) -> str:
    return format_date(value) if value else ""


@dataclass(frozen=True)
class OrderColumn:
    key: str
    label: str  # marked with N_
    width: int
    rank: int  # which columns go first when the table is narrow (lower first)
    cell: Callable[[OrderSummary, CellFormat], str]
    sort: SortField | None = None
    right: bool = False


#: In display order. With 80 columns the ranks 1…6 fit.
COLUMNS: tuple[OrderColumn, ...] = (
    OrderColumn(
        "number",
        N_("No."),
        8,
        1,
        lambda r, f: (OVERDUE_MARK if r.is_overdue(f.today) else "") + (r.number or "—"),
        SortField.NUMBER,
    ),
    OrderColumn("type", N_("Type"), 7, 8, lambda r, f: _(TYPE_SHORT[r.type])),
    OrderColumn(
        "status", N_("Status"), 11, 3, lambda r, f: f.status_label(r.status), SortField.STATUS
    ),
    OrderColumn(
        "customer", N_("Customer"), 14, 2, lambda r, f: r.customer_name, SortField.CUSTOMER
    ),
    OrderColumn("employee", N_("Employee"), 9, 12, lambda r, f: r.employee),
    OrderColumn("branch", N_("Branch"), 6, 13, lambda r, f: r.branch),
    OrderColumn(
        "delivery", N_("Pick/Del"), 8, 9, lambda r, f: _(DELIVERY_LABELS[r.delivery_method])
    ),
    OrderColumn("date", N_("Date"), 10, 4, lambda r, f: _date(r.order_date), SortField.ORDER_DATE),
    OrderColumn(
        "pickup", N_("Pickup"), 10, 11, lambda r, f: _date(r.pickup_date), SortField.PICKUP_DATE
    ),
    OrderColumn(
        "expected",
        N_("Expected"),
        10,
        10,
        lambda r, f: _date(r.expected_delivery_date),
        SortField.EXPECTED_DELIVERY_DATE,
    ),
    OrderColumn(
        "reminder",
        N_("Follow-up"),
        10,
        7,
        lambda r, f: _date(r.reminder_date),
        SortField.REMINDER_DATE,
    ),
    OrderColumn(
        "total", N_("Total"), 9, 5, lambda r, f: f.amount(r.total_incl_vat), SortField.TOTAL, True
    ),
    OrderColumn(
        "due", N_("Due"), 9, 6, lambda r, f: f.amount(r.balance_due), SortField.BALANCE_DUE, True
    ),
)
_CELL_PADDING = 2  # DataTable pads each cell with one space on either side
_SCROLLBAR = 2
#: What columns may grow by when there is room left, in this order.
_FLEX = {"customer": 16, "status": 9}


def choose_columns(
    width: int, *, first: Sequence[str] = (), columns: Sequence[OrderColumn] = COLUMNS
) -> list[OrderColumn]:
    """The columns that fit in `width` cells, by rank after the keys in `first`; display order."""
    order = sorted(columns, key=lambda c: (c.key not in first, c.rank))
    chosen: set[str] = set()
    used = 0
    for column in order:
        need = column.width + _CELL_PADDING
        if used + need <= width or not chosen:
            chosen.add(column.key)
            used += need
    return [c for c in columns if c.key in chosen]


class OrderTable(DataTable[str | Text]):
    """Rows keyed by order id. `show(rows, ...)` redraws; the cursor stays on `select` (an order id,
    "first" or "last") or else on the order it was on."""

    DEFAULT_CSS = """
    OrderTable { height: 1fr; }
    """

    def __init__(self, fmt: Callable[[], CellFormat], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._fmt = fmt
        self._rows: tuple[OrderSummary, ...] = ()
        self._sort: SortKey | None = None
        self._first: tuple[str, ...] = ()
        self._shown: list[str] = []

    @property
    def summaries(self) -> tuple[OrderSummary, ...]:
        return self._rows

    @property
    def shown_columns(self) -> list[str]:
        return list(self._shown)

    @property
    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        return self._rows[self.cursor_row].id if self.cursor_row < len(self._rows) else None

    def on_resize(self) -> None:
        self.show(self._rows, sort=self._sort, first=self._first)

    def show(
        self,
        rows: Sequence[OrderSummary],
        *,
        sort: SortKey | None = None,
        first: Sequence[str] = (),
        select: str | None = None,
    ) -> None:
        keep = select or self.selected_id
        self._rows, self._sort = tuple(rows), sort
        sorted_key = next((c.key for c in COLUMNS if sort and c.sort is sort.field), None)
        self._first = tuple(first) + ((sorted_key,) if sorted_key else ())
        width = max(20, self.size.width - _SCROLLBAR) if self.size.width else 78
        columns = choose_columns(width, first=self._first)
        self._shown = [c.key for c in columns]
        spare = width - sum(c.width + _CELL_PADDING for c in columns)
        self.clear(columns=True)
        extras = {}
        for key, most in _FLEX.items():
            if key in self._shown:
                extras[key] = max(0, min(spare, most))
                spare -= extras[key]
        for column in columns:
            extra = extras.get(column.key, 0)
            label = _(column.label)
            if column.key == sorted_key and sort is not None:
                label = f"{label}{'▼' if sort.descending else '▲'}"
            self.add_column(
                Text(label, justify="right" if column.right else "left"),
                width=column.width + extra,
                key=column.key,
            )
        fmt = self._fmt()
        for row in self._rows:
            overdue = row.is_overdue(fmt.today)
            cells = [
                Text(
                    c.cell(row, fmt),
                    style=OVERDUE_STYLE if overdue else "",
                    justify="right" if c.right else "left",
                    no_wrap=True,
                    overflow="ellipsis",
                )
                for c in columns
            ]
            self.add_row(*cells, key=row.id)
        self._place_cursor(keep)

    def _place_cursor(self, select: str | None) -> None:
        if not self._rows:
            return
        index = 0
        if select == "last":
            index = len(self._rows) - 1
        elif select not in (None, "first"):
            ids = [row.id for row in self._rows]
            index = ids.index(select) if select in ids else 0
        self.move_cursor(row=index, animate=False)
