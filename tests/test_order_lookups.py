"""Filter choices from the orders (employees, branches) and the demo orders, on each backend."""

from __future__ import annotations

from tui_pos.core.order_filter import OrderFilter
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import OrderType
from tui_pos.services import order_lookups
from tui_pos.services.context import TillContext
from tui_pos.services.demo_orders import load_demo_orders
from tui_pos.services.orders import OrderService


def test_employees_and_branches_on_orders_plus_the_configured_ones(ctx: TillContext) -> None:
    assert order_lookups.employees(ctx) == ["Sanne"]  # no orders yet: the cashier
    assert order_lookups.branches(ctx) == ["AMS"]
    for user, branch in (("piet", "UTR"), ("Anna", "AMS"), ("piet", "UTR"), ("Zoë", "DH")):
        service = OrderService(ctx, user=user, autosave_drafts=False)
        order = service.new_order(branch=branch)
        service.add_article(order, "1001")
        service.save(order)
    assert order_lookups.employees(ctx) == ["Anna", "piet", "Sanne", "Zoë"]
    assert order_lookups.branches(ctx) == ["AMS", "DH", "UTR"]
    assert order_lookups.employees(ctx, limit=1) == ["Anna", "Sanne"]


def test_demo_orders_are_made_once_in_various_states(ctx: TillContext) -> None:
    assert load_demo_orders(ctx) == 12
    service = OrderService(ctx)
    page = service.page(OrderFilter(), limit=50)
    assert len(page.rows) == 12
    kinds = {row.status_kind for row in page.rows}
    assert kinds == set(StatusKind)
    assert {row.type for row in page.rows} == set(OrderType)
    assert len({row.customer_code for row in page.rows}) >= 10
    assert service.count(OrderFilter(overdue_on=service.today())) == 2
    assert len(order_lookups.employees(ctx)) == 3
    assert load_demo_orders(ctx) == 0  # there are orders now: nothing added
    assert service.count(OrderFilter()) == 12
