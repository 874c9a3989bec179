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
_FINISHED = (StatusKind.DONE.value, StatusKind.CANCELLED.value)


def conditions(spec: OrderFilter) -> list[ColumnElement[bool]]:
    """The filter as SQL conditions: the same rules as `OrderFilter.matches`."""
    c = ORDERS.c
    conds: list[ColumnElement[bool]] = []
    if spec.statuses:
        conds.append(c.status.in_(sorted(spec.statuses)))
    if spec.kinds:
        conds.append(c.status_kind.in_(sorted(k.value for k in spec.kinds)))
    if spec.types:
        conds.append(c.type.in_(sorted(t.value for t in spec.types)))
    for column, value in (
        (c.customer_code, spec.customer_code),
        (c.employee, spec.employee),
        (c.branch, spec.branch),
        (c.delivery_method, spec.delivery_method.value if spec.delivery_method else None),
    ):
        if value is not None:
            conds.append(column == value)
    if spec.overdue_on is not None:
        conds.append(c.reminder_date < spec.overdue_on)
        conds.append(c.status_kind.not_in(_FINISHED))
    column = _DATE_COLUMNS[spec.date_field]
    if spec.date_from is not None:
        conds.append(column >= spec.date_from)
    if spec.date_to is not None:
        conds.append(column <= spec.date_to)
    if spec.contact:
        conds.append(c.contact_text.contains(spec.contact.casefold(), autoescape=True))
    # search_text is casefolded when saved, and so are the words: LIKE then means the same
    # on SQLite (ASCII-insensitive) and PostgreSQL (case-sensitive).
    conds.extend(c.search_text.contains(word, autoescape=True) for word in spec.words())
    return conds


def _terms(key: SortKey, status_order: Sequence[str]) -> list[Any]:
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


def count(session: Session, spec: OrderFilter) -> int:
    query = select(func.count()).select_from(ORDERS).where(*conditions(spec))
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
    conds = conditions(spec)
    base = select(*SUMMARY_COLUMNS).where(*conds)
    keys = tuple(spec.sort)
    tail = [term for key in keys[1:] for term in _terms(key, status_order)]
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
        head_terms = _terms(keys[0], status_order) if keys else []
        query = base.order_by(*head_terms, *tail).limit(limit + 1).offset(offset)
        rows = list(session.execute(query).all())
    return OrderPage(
        rows=tuple(summary_from_row(r) for r in rows[:limit]),
        offset=offset,
        limit=limit,
        has_more=len(rows) > limit,
    )
