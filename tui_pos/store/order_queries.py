"""Order lists in SQL (ORD-10, ORD-11, CHK-10, QUE-1): `OrderFilter` as conditions, `SortKey`s as
indexed ORDER BY, LIMIT/OFFSET pages of summary rows; whole orders are never loaded."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, case, func, select, union_all
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op
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
FEW_VALUES = frozenset({"branch", "delivery_method", "type"})
_FEW_VALUES_INDEXED_WITH = SortField.ORDER_DATE
#: ...and when open or overdue orders are asked for, their (kind, …) index is the narrowest.
BROADER_THAN_OPEN = FEW_VALUES | {"employee"}


def _hidden(column: Any, hide: frozenset[str]) -> Any:
    """The column, or (when hidden) `column || ''`: equal values, but SQLite's planner cannot
    use the column's index for it."""
    return column.concat("") if column.name in hide else column


def conditions(
    spec: OrderFilter, *, hide: frozenset[str] = frozenset(), word_index: bool = False
) -> list[ColumnElement[bool]]:
    """The filter as SQL conditions: the same rules as `OrderFilter.matches`. `hide`: columns
    whose index SQLite's planner should not use (see `page`); `word_index`: add PostgreSQL's
    word index condition for the search words (`order_search.words_condition`)."""
    c = ORDERS.c
    conds: list[ColumnElement[bool]] = []
    if spec.statuses:
        conds.append(c.status.in_(sorted(spec.statuses)))
    if spec.kinds:
        conds.append(c.status_kind.in_(sorted(k.value for k in spec.kinds)))
    if spec.types:
        conds.append(_hidden(c.type, hide).in_(sorted(t.value for t in spec.types)))
    for column, value in (
        (c.customer_code, spec.customer_code),
        (_hidden(c.employee, hide), spec.employee),
        (_hidden(c.branch, hide), spec.branch),
        (
            _hidden(c.delivery_method, hide),
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
    # search_text is " word word ..." of casefolded words, and the query's words are made the
    # same way: `LIKE '% word%'` (a word's beginning) then means the same on SQLite
    # (ASCII-insensitive) and PostgreSQL (case-sensitive) as `OrderFilter.matches`.
    words = spec.words()
    if not word_index:
        conds.extend(_contains(c.search_text, " " + word) for word in words)
        return conds
    # PostgreSQL: the same test as `strpos(...) > 0`, whose selectivity the planner does not
    # claim to know: with LIKE's estimate multiplied by the word index's (the same words) it
    # expected a common surname 50 times rarer than it is and chose a parallel walk (17 ms).
    conds.extend(func.strpos(c.search_text, " " + word) > 0 for word in words)
    indexed = order_search.words_condition(c.search_text, words)
    if indexed is not None:
        conds.append(indexed)
    return conds


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    """`column LIKE '%text%'` with the pattern made here (a constant the trigram index can
    use), LIKE's wildcards in `text` escaped."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    result: ColumnElement[bool] = column.like(f"%{escaped}%", escape="/")
    return result


def _unindexed(expr: Any) -> Any:
    """`+expr`: the same value, but SQLite will not walk an index to order by it."""
    return UnaryExpression(expr, operator=custom_op("+"), type_=expr.type)


def sort_terms(key: SortKey, status_order: Sequence[str], *, indexed: bool = True) -> list[Any]:
    """ORDER BY terms for one key (missing values last). `indexed=False`: terms SQLite sorts
    itself instead of walking an index (for a small candidate set)."""
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
    column = _SORT_COLUMNS[key.field] if indexed else _unindexed(_SORT_COLUMNS[key.field])
    term = column.desc() if key.descending else column.asc()
    return [term.nulls_last() if key.field in NULLABLE_SORTS else term]


def _merges_kinds(spec: OrderFilter, candidates: order_search.Candidates | None) -> bool:
    """Open orders by entry time (the order queue, the order list's default): each kind's
    orders come in that order from the (status_kind, created_at) index, so a page is merged
    from one short walk per kind instead of sorting every open order of a long history."""
    return (
        len(spec.kinds) > 1
        and candidates is None
        and spec.customer_code is None
        and len(spec.sort) == 1
        and spec.sort[0].field is SortField.CREATED_AT
    )


@functools.lru_cache(maxsize=32)
def _merged_kinds(
    spec: OrderFilter, hide: frozenset[str], limit: int, offset: int, word_index: bool
) -> Select[Any]:
    """The page as one `ORDER BY created_at, id LIMIT n` per kind, merged (UNION ALL). Kept
    per filter: the queue asks the same every time, and building the subqueries' columns
    costs more than running the statement."""
    conds = conditions(replace(spec, kinds=frozenset()), hide=hide, word_index=word_index)
    head = sort_terms(spec.sort[0], ())
    arms = [
        select(*SUMMARY_COLUMNS)
        .where(*conds, ORDERS.c.status_kind == kind.value)
        .order_by(*head, ORDERS.c.id.asc())
        .limit(offset + limit + 1)
        .subquery()
        for kind in sorted(spec.kinds)
    ]
    merged = union_all(*(select(*arm.c) for arm in arms)).subquery()
    column = merged.c.created_at
    order = column.desc() if spec.sort[0].descending else column.asc()
    return select(*merged.c).order_by(order, merged.c.id.asc()).limit(limit + 1).offset(offset)


def _few_matches(spec: OrderFilter) -> bool:
    """Filters that leave few orders out of a long history, whatever the data."""
    unfinished = bool(spec.kinds) and not spec.kinds & {StatusKind.DONE, StatusKind.CANCELLED}
    return unfinished or spec.overdue_on is not None or spec.customer_code is not None


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def count(session: Session, spec: OrderFilter) -> int:
    conds = conditions(spec, word_index=_is_postgres(session))
    candidates = order_search.candidate_keys(session, spec.words())
    if candidates is not None:
        conds.append(candidates.condition(ORDERS.c.search_key))
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
    direction), then by id so pages never overlap. Four plans:

    - a search whose words the word index narrows to a few thousand orders (SQLite): fetch
      those by key and sort them (`+column` keeps SQLite from walking a sort index instead);
    - the first sort field may be missing (number, customer, dates): the rows with a value and
      those without are read as two range scans (`IS NOT NULL ORDER BY col`, then `IS NULL`),
      each an index walk that stops at LIMIT, which `ORDER BY col NULLS LAST` is not on SQLite;
    - open orders by entry time: one index walk per status kind, merged (`_merges_kinds`);
    - otherwise one indexed ORDER BY … LIMIT."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be positive and offset not negative")
    keys = tuple(spec.sort)
    sqlite = session.get_bind().dialect.name == "sqlite"
    candidates = order_search.candidate_keys(session, spec.words())
    # SQLite often has no statistics (no ANALYZE), so its planner is told what is known: a
    # search's candidates, open orders, overdue ones and one customer's are few (sort them);
    # a branch, a delivery method or an order type is a large share (walk the sort index).
    few = candidates is not None or (sqlite and _few_matches(spec))
    hide: frozenset[str] = frozenset()
    if sqlite and few and spec.customer_code is None and candidates is None:
        hide = BROADER_THAN_OPEN
    elif sqlite and not few and keys and keys[0].field is not _FEW_VALUES_INDEXED_WITH:
        hide = FEW_VALUES
    conds = conditions(spec, hide=hide, word_index=not sqlite)
    if candidates is not None:
        conds.append(candidates.condition(ORDERS.c.search_key))
    indexed = not few
    base = select(*SUMMARY_COLUMNS).where(*conds)
    tail = [term for key in keys[1:] for term in sort_terms(key, status_order, indexed=indexed)]
    tail.append(ORDERS.c.id.asc())
    rows: list[Row[Any]]
    if _merges_kinds(spec, candidates):
        merged = _merged_kinds(spec, hide, limit, offset, not sqlite)
        rows = list(session.execute(merged).all())
    elif indexed and keys and keys[0].field in NULLABLE_SORTS:
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
        head_terms = sort_terms(keys[0], status_order, indexed=indexed) if keys else []
        query = base.order_by(*head_terms, *tail).limit(limit + 1).offset(offset)
        rows = list(session.execute(query).all())
    return OrderPage(
        rows=tuple(summary_from_row(r) for r in rows[:limit]),
        offset=offset,
        limit=limit,
        has_more=len(rows) > limit,
    )
