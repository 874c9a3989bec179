"""Order lists in SQL give exactly what the core's in-memory filter and sort give (ORD-10/11)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import FixedClock
from order_store_helpers import (  # noqa: F401 (database fixtures)
    database,
    order_settings,
    placed,
    service,
    shared_pg_database,
    tick,
)

from tui_pos.config import Settings
from tui_pos.core.order_filter import DateField, OrderFilter, SortField, SortKey, find_orders
from tui_pos.core.order_queue import queue_filter
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import DeliveryMethod, Order, OrderType
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.store import order_search

DAY = date(2026, 11, 22)  # the FixedClock's date


@pytest.fixture
def settings() -> Settings:
    return order_settings()


@pytest.fixture
def svc(ctx: TillContext) -> OrderService:
    return service(ctx)


def build_orders(svc: OrderService, clock: FixedClock) -> list[Order]:
    """A small set of orders that differ in every filtered and sorted column."""
    made: list[Order] = []

    def new(order_type: OrderType = OrderType.SALES, **kwargs: object) -> Order:
        tick(clock, 7)
        order = placed(svc, order_type, **kwargs)  # type: ignore[arg-type]
        made.append(order)
        return order

    cake = new(subject="Wedding cake, 50% deposit", our_reference="Anna", article="1152")
    svc.confirm(cake)
    svc.set_reminder(cake, date(2026, 11, 25), note="call")
    bread = new(
        customer_code="C100",
        employee="piet",
        branch="north",
        delivery_method=DeliveryMethod.DELIVERY,
        expected_delivery_date=date(2026, 12, 3),
        customer_reference="REF_9 Mrs Vos",
    )
    svc.confirm(bread)
    svc.move_status(bread, "ready_for_pickup")
    svc.set_reminder(bread, date(2026, 12, 10))
    pie = new(pickup_date=date(2026, 11, 28), our_reference="Johanna", article="1293")
    svc.confirm(pie)
    svc.cancel(pie, confirmed=True)
    new(OrderType.QUOTE, customer_code="C102", order_date=date(2026, 11, 24))
    quote = new(OrderType.QUOTE, customer_code="C103", pickup_date=date(2026, 11, 23))
    svc.confirm(quote)
    done = new(customer_code="C100", pickup_date=date(2026, 11, 26), order_date=date(2026, 11, 21))
    svc.confirm(done)
    svc.move_status(done, "completed")
    svc.set_reminder(done, date(2026, 11, 23))
    tick(clock, 7)
    anonymous = svc.new_order(OrderType.SERVICE, subject="Repair grinder")
    svc.add_article(anonymous, "1002", "5")
    svc.save(anonymous)
    made.append(anonymous)
    new(OrderType.SERVICE, customer_code="C104", employee="piet", branch="north")
    return [svc.load(order.id) for order in made]


SPECS = [
    OrderFilter(),
    OrderFilter.open_orders(),
    OrderFilter(text="wedding"),
    OrderFilter(text="wedd cake"),
    OrderFilter(text="edding"),
    OrderFilter(text="50%"),
    OrderFilter(text="ref_9"),
    OrderFilter(text="_"),
    OrderFilter(text="coffee BEANS"),  # a line's description
    OrderFilter(text="so-1"),
    OrderFilter(text="bakkerij so-2"),
    OrderFilter(customer_code="C100"),
    OrderFilter(employee="piet"),
    OrderFilter(branch="north", types=frozenset({OrderType.SERVICE})),
    OrderFilter(delivery_method=DeliveryMethod.DELIVERY),
    OrderFilter(delivery_method=DeliveryMethod.PICKUP, kinds=frozenset({StatusKind.DRAFT})),
    OrderFilter(contact="ANNA"),
    OrderFilter(contact="vos"),
    OrderFilter(statuses=frozenset({"cancelled", "completed"})),
    OrderFilter(types=frozenset({OrderType.QUOTE})),
    OrderFilter(date_from=date(2026, 11, 22), date_to=date(2026, 11, 23)),
    OrderFilter(date_field=DateField.PICKUP_DATE, date_from=date(2026, 11, 24)),
    OrderFilter(date_field=DateField.EXPECTED_DELIVERY_DATE, date_to=date(2026, 12, 31)),
    OrderFilter(date_field=DateField.REMINDER_DATE, date_from=date(2026, 11, 24)),
    OrderFilter(overdue_on=date(2026, 11, 26)),
    OrderFilter(overdue_on=date(2026, 12, 31), text="vos"),
    OrderFilter(branch="north", sort=(SortKey(SortField.NUMBER, descending=True),)),
    OrderFilter(
        types=frozenset({OrderType.SALES}),
        delivery_method=DeliveryMethod.PICKUP,
        sort=(SortKey(SortField.CUSTOMER),),
    ),
    OrderFilter(text="de so", sort=(SortKey(SortField.PICKUP_DATE),)),
    OrderFilter(text="bakkerij", sort=(SortKey(SortField.PICKUP_DATE, descending=True),)),
    OrderFilter(customer_code="C100", sort=(SortKey(SortField.REMINDER_DATE),)),
    OrderFilter(
        kinds=frozenset({StatusKind.OPEN, StatusKind.READY}), sort=(SortKey(SortField.NUMBER),)
    ),
    queue_filter(),  # open kinds by entry time: one index walk per kind, merged
    OrderFilter(
        kinds=frozenset({StatusKind.DRAFT, StatusKind.OPEN, StatusKind.CANCELLED}),
        sort=(SortKey(SortField.CREATED_AT, descending=True),),
    ),
    replace(OrderFilter.open_orders(), text="de", employee="piet"),
]
SORTS = [
    *((SortKey(field, descending),) for field in SortField for descending in (False, True)),
    (SortKey(SortField.STATUS), SortKey(SortField.CUSTOMER, descending=True)),
    (SortKey(SortField.PICKUP_DATE), SortKey(SortField.NUMBER, descending=True)),
    (SortKey(SortField.CUSTOMER), SortKey(SortField.TOTAL)),
    (SortKey(SortField.REMINDER_DATE, descending=True), SortKey(SortField.PICKUP_DATE)),
]


def test_sql_filters_sorts_and_pages_agree_with_the_core(
    svc: OrderService, clock: FixedClock, ctx: TillContext
) -> None:
    orders = sorted(build_orders(svc, clock), key=lambda o: o.id)  # core ties then go by id
    flow_order = tuple(svc.flow.states)

    def expected(spec: OrderFilter) -> list[str]:
        return [o.id for o in find_orders(orders, spec, status_order=flow_order)]

    for spec in SPECS:
        page = svc.page(spec, limit=100)
        assert [r.id for r in page.rows] == expected(spec), spec
        assert svc.count(spec) == len(page.rows) and not page.has_more
    with ctx.uow() as uow:  # SQLite narrows searches through its word index
        keys = order_search.candidate_keys(uow.session, OrderFilter(text="wedd 50%").words())
    assert keys is None if ctx.db.is_postgres else len(keys or ()) == 1
    assert len(expected(OrderFilter(text="_"))) == len(orders), "no words: no filter"
    assert len(expected(OrderFilter(text="50%"))) == 1
    assert expected(OrderFilter(text="edding")) == [], "the beginnings of words only"
    for keys in SORTS:
        spec = OrderFilter(sort=keys)
        assert [r.id for r in svc.page(spec, limit=100).rows] == expected(spec), keys
    for keys, limit in [
        ((SortKey(SortField.PICKUP_DATE),), 1),
        ((SortKey(SortField.NUMBER, descending=True),), 2),
        ((SortKey(SortField.CUSTOMER),), 3),
        ((SortKey(SortField.ORDER_DATE), SortKey(SortField.CREATED_AT)), 3),
        ((SortKey(SortField.CREATED_AT, descending=True),), 2),
    ]:
        spec = OrderFilter(sort=keys, kinds=frozenset(StatusKind) if limit == 2 else frozenset())
        seen: list[str] = []
        offset = 0
        while True:
            page = svc.page(spec, limit=limit, offset=offset)
            seen += [r.id for r in page.rows]
            offset += limit
            if not page.has_more:
                break
        assert seen == expected(spec), keys
        assert svc.page(spec, limit=limit, offset=len(orders)).rows == ()


def test_summaries_carry_the_list_columns_and_overdue_stands_out(
    svc: OrderService, clock: FixedClock
) -> None:
    orders = {o.id: o for o in build_orders(svc, clock)}
    rows = svc.page(OrderFilter(sort=(SortKey(SortField.CREATED_AT),)), limit=100).rows
    assert len(rows) == len(orders)
    for row in rows:
        order = orders[row.id]
        assert (row.number, row.status, row.status_kind, row.type) == (
            order.number,
            order.status,
            order.status_kind,
            order.type,
        )
        assert row.customer_name == (order.header.customer.name if order.header.customer else "")
        assert (row.total_incl_vat, row.balance_due) == (
            order.totals().total_incl_vat,
            order.balance_due,
        )
        assert row.is_overdue(date(2026, 11, 26)) == order.is_overdue(date(2026, 11, 26))
    assert sum(row.is_overdue(date(2026, 11, 26)) for row in rows) == 1
    cancelled = next(r for r in rows if r.status == "cancelled")
    assert cancelled.balance_due == 0
