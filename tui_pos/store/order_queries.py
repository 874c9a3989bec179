"""Order lists in SQL (ORD-10, ORD-11, CHK-10, QUE-1): `OrderFilter` as conditions, `SortKey`s as
indexed ORDER BY, LIMIT/OFFSET pages of summary rows; whole orders are never loaded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, case, func, select
from sqlmodel import Session

from tui_pos.core.order_filter import DateField, OrderFilter, SortField, SortKey
from tui_pos.core.order_list import OrderPage
from tui_pos.core.order_status import StatusKind
from tui_pos.store import order_search
from tui_pos.store.order_rows import ORDERS, SUMMARY_COLUMNS, summary_from_row

_DATE_COLUMNS = {
    DateField.ORDER_DATE: ORDERS.c.order_date,
    DateField.PICKUP_DATE: ORDERS.c.pickup_date,
    DateField.EXPECTED_DELIVERY_DATE: ORDERS.c.expected_delivery_date,
    DateField.REMINDER_DATE: ORDERS.c.reminder_date,
}
_SORT_COLUMNS = {
    SortField.NUMBER: ORDERS.c.number_sort,
    SortField.ORDER_DATE: ORDERS.c.order_date,
    SortField.CREATED_AT: ORDERS.c.created_at,
    SortField.UPDATED_AT: ORDERS.c.updated_at,
    SortField.CUSTOMER: ORDERS.c.customer_sort,
    SortField.PICKUP_DATE: ORDERS.c.pickup_date,
    SortField.EXPECTED_DELIVERY_DATE: ORDERS.c.expected_delivery_date,
    SortField.REMINDER_DATE: ORDERS.c.reminder_date,
    SortField.TOTAL: ORDERS.c.total_incl_vat,
    SortField.BALANCE_DUE: ORDERS.c.balance_due,
}
#: Sort fields an order may lack (no number yet, no customer, no date): always sorted last.
NULLABLE_SORTS = frozenset(
    {
        SortField.NUMBER,
        SortField.CUSTOMER,
        SortField.PICKUP_DATE,
        SortField.EXPECTED_DELIVERY_DATE,
        SortField.REMINDER_DATE,
    }
)
#: The kinds an overdue order can have (IN, not NOT IN: the (kind, reminder) index serves it).
_UNFINISHED = tuple(k.value for k in StatusKind if k not in (StatusKind.DONE, StatusKind.CANCELLED))
#: Equality filters with few distinct values: on SQLite they are kept from choosing the index
#: when the list is sorted on something else, so it walks the sort's index instead of sorting
#: a fifth (a branch) or half (pickup/delivery) of all orders.
_FEW_VALUES = {"branch", "delivery_method", "type"}
_FEW_VALUES_INDEXED_WITH = SortField.ORDER_DATE


def _few(column: Any, hint: bool) -> Any:
    """The column, or an expression of it that SQLite cannot use an index for (`col || ''`)."""
    return column.concat("") if hint and column.name in _FEW_VALUES else column


def conditions(spec: OrderFilter, *, walk_sort_index: bool = False) -> list[ColumnElement[bool]]:
    """The filter as SQL conditions: the same rules as `OrderFilter.matches`.
    `walk_sort_index`: hide the few-valued columns' indexes from SQLite's planner."""
    c = ORDERS.c
    hint = walk_sort_index
    conds: list[ColumnElement[bool]] = []
    if spec.statuses:
        conds.append(c.status.in_(sorted(spec.statuses)))
    if spec.kinds:
        conds.append(c.status_kind.in_(sorted(k.value for k in spec.kinds)))
    if spec.types:
        conds.append(_few(c.type, hint).in_(sorted(t.value for t in spec.types)))
    for column, value in (
        (c.customer_code, spec.customer_code),
        (c.employee, spec.employee),
        (_few(c.branch, hint), spec.branch),
        (
            _few(c.delivery_method, hint),
            spec.delivery_method.value if spec.delivery_method else None,
        ),
    ):
        if value is not None:
            conds.append(column == value)
    if spec.overdue_on is not None:
        conds.append(c.reminder_date < spec.overdue_on)
        conds.append(c.status_kind.in_(_UNFINISHED))
    column = _DATE_COLUMNS[spec.date_field]
    if spec.date_from is not None:
        conds.append(column >= spec.date_from)
    if spec.date_to is not None:
        conds.append(column <= spec.date_to)
    if spec.contact:
        conds.append(_contains(c.contact_text, spec.contact.casefold()))
    # search_text is casefolded when saved, and so are the words: LIKE then means the same
    # on SQLite (ASCII-insensitive) and PostgreSQL (case-sensitive).
    conds.extend(_contains(c.search_text, word) for word in spec.words())
    return conds


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    """`column LIKE '%text%'` with the pattern made here (a constant the trigram index can
    use), LIKE's wildcards in `text` escaped."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    result: ColumnElement[bool] = column.like(f"%{escaped}%", escape="/")
    return result


def sort_terms(key: SortKey, status_order: Sequence[str]) -> list[Any]:
    if key.field is SortField.STATUS:
        exprs: list[Any] = [ORDERS.c.status]
        if status_order:
            rank = case(
                {status: i for i, status in enumerate(status_order)},
                value=ORDERS.c.status,
                else_=len(status_order),
            )
            exprs.insert(0, rank)
        return [e.desc() if key.descending else e.asc() for e in exprs]
    column = _SORT_COLUMNS[key.field]
    term = column.desc() if key.descending else column.asc()
    return [term.nulls_last() if key.field in NULLABLE_SORTS else term]


def _narrowed(session: Session, spec: OrderFilter, *, walk_sort_index: bool) -> list[Any]:
    """The conditions, plus the trigram index's candidates for the search words if it has
    few enough (SQLite; PostgreSQL's index serves the LIKE conditions directly)."""
    conds = conditions(spec, walk_sort_index=walk_sort_index)
    keys = order_search.candidate_keys(session, spec.words())
    if keys is not None:
        conds.append(ORDERS.c.search_key.in_(keys))
    return conds


def count(session: Session, spec: OrderFilter) -> int:
    conds = _narrowed(session, spec, walk_sort_index=False)
    query = select(func.count()).select_from(ORDERS).where(*conds)
    return int(session.execute(query).scalar_one())


def page(
    session: Session,
    spec: OrderFilter,
    *,
    limit: int = 50,
    offset: int = 0,
    status_order: Sequence[str] = (),
) -> OrderPage:
    """One page of summaries, sorted like `sort_orders` (missing values last in either
    direction), then by id so pages never overlap.

    When the first sort field may be missing, the rows that have it and the rows that don't are
    read as two range scans (`IS NOT NULL ORDER BY col`, then `IS NULL`): each can walk an index
    and stop at LIMIT, which `ORDER BY col NULLS LAST` cannot on SQLite."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be positive and offset not negative")
    keys = tuple(spec.sort)
    walk = (
        session.get_bind().dialect.name == "sqlite"
        and bool(keys)
        and keys[0].field is not _FEW_VALUES_INDEXED_WITH
    )
    conds = _narrowed(session, spec, walk_sort_index=walk)
    base = select(*SUMMARY_COLUMNS).where(*conds)
    tail = [term for key in keys[1:] for term in sort_terms(key, status_order)]
    tail.append(ORDERS.c.id.asc())
    rows: list[Row[Any]]
    if keys and keys[0].field in NULLABLE_SORTS:
        column = _SORT_COLUMNS[keys[0].field]
        head = column.desc() if keys[0].descending else column.asc()
        present = base.where(column.is_not(None)).order_by(head, *tail)
        rows = list(session.execute(present.limit(limit + 1).offset(offset)).all())
        if len(rows) <= limit:
            if rows or offset == 0:
                with_value = offset + len(rows)
            else:  # the page starts among the rows without a value: how many have one?
                query = select(func.count()).select_from(ORDERS).where(*conds, column.is_not(None))
                with_value = int(session.execute(query).scalar_one())
            missing = base.where(column.is_(None)).order_by(*tail)
            rows += session.execute(
                missing.limit(limit + 1 - len(rows)).offset(max(0, offset - with_value))
            ).all()
    else:
        head_terms = sort_terms(keys[0], status_order) if keys else []
        query = base.order_by(*head_terms, *tail).limit(limit + 1).offset(offset)
        rows = list(session.execute(query).all())
    return OrderPage(
        rows=tuple(summary_from_row(r) for r in rows[:limit]),
        offset=offset,
        limit=limit,
        has_more=len(rows) > limit,
    )
