"""A dozen demo orders (sales, service, quotes) in various states, so the order screens show
something on a new demo database. Made through OrderService, dated relative to today."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tui_pos.core.order_filter import OrderFilter
from tui_pos.core.order_status import StatusFlow
from tui_pos.core.orders import DeliveryMethod, OrderType
from tui_pos.services.context import TillContext
from tui_pos.services.order_setup import load_flow
from tui_pos.services.orders import OrderService


@dataclass(frozen=True)
class DemoOrder:
    """One demo order: entered `days_ago` by `employee` ("" = the till's cashier)."""

    days_ago: int
    customer: str | None
    items: tuple[tuple[str, str], ...]
    order_type: OrderType = OrderType.SALES
    employee: str = ""
    subject: str = ""
    delivery: DeliveryMethod = DeliveryMethod.PICKUP
    due_in: int | None = None  # pickup / expected delivery date: days from today
    confirm: bool = True
    moves: tuple[str, ...] = ()  # status moves after confirming
    paid: str | None = None  # a down payment in cash; "all" pays the balance
    follow_up_after: int | None = None  # reminder, days after ordering (in the past: overdue)
    cancel: bool = False


DEMO_ORDERS: tuple[DemoOrder, ...] = (
    DemoOrder(30, "C102", (("1014", "12"), ("1004", "2")), moves=("ready_for_invoicing", "paid"),
              paid="all", subject="Brunch"),
    DemoOrder(20, "C100", (("1003", "40"), ("1014", "60")), subject="Wedding buffet",
              delivery=DeliveryMethod.DELIVERY, due_in=3, moves=("in_progress",), paid="50",
              follow_up_after=5),
    DemoOrder(14, "C102", (("1295", "1.5"), ("1101", "6")), moves=("ready_for_pickup",),
              due_in=1, paid="10"),
    DemoOrder(10, "C103", (("1007", "1"),), order_type=OrderType.SERVICE, employee="Pieter",
              subject="Bread slicer repair", moves=("in_progress",), follow_up_after=3),
    DemoOrder(9, "C105", (("1014", "200"), ("1108", "48")), order_type=OrderType.QUOTE,
              subject="Catering quote", confirm=False, follow_up_after=13),
    DemoOrder(7, "C101", (("1001", "5"),), moves=("completed",), paid="all"),
    DemoOrder(6, "C104", (("1010", "3"),), cancel=True, subject="Birthday"),
    DemoOrder(5, "C106", (("1296", "2"), ("1104", "4")), employee="Ingrid",
              delivery=DeliveryMethod.DELIVERY, due_in=2),
    DemoOrder(3, "C107", (("1009", "2"),), confirm=False, subject="Weekly bread"),
    DemoOrder(2, "C108", (("1294", "0.75"),), moves=("ready_for_invoicing", "reminded"),
              employee="Ingrid"),
    DemoOrder(1, "C109", (("1006", "1"),), order_type=OrderType.SERVICE, employee="Pieter",
              subject="Oven check", follow_up_after=2),
    DemoOrder(0, "C110", (("1013", "10"), ("1102", "12")), due_in=3, subject="Party"),
)  # fmt: skip


def load_demo_orders(ctx: TillContext, orders: tuple[DemoOrder, ...] = DEMO_ORDERS) -> int:
    """Make the demo orders when the database has no orders yet; returns how many were made."""
    flow = load_flow(ctx.settings)
    if OrderService(ctx, flow=flow).count(OrderFilter()):
        return 0
    now = ctx.clock()
    for demo in orders:
        _make(ctx, demo, now - timedelta(days=demo.days_ago, hours=demo.days_ago % 5), flow)
    return len(orders)


def _make(ctx: TillContext, demo: DemoOrder, at: datetime, flow: StatusFlow) -> None:
    def clock() -> datetime:
        return at

    service = OrderService(
        replace(ctx, clock=clock),
        user=demo.employee or None,
        autosave_drafts=False,
        flow=flow,
    )
    due = service.today() + timedelta(days=demo.days_ago + (demo.due_in or 0))
    dates: dict[str, object] = {}
    if demo.due_in is not None:
        pickup = demo.delivery is DeliveryMethod.PICKUP
        dates["pickup_date" if pickup else "expected_delivery_date"] = due
    order = service.new_order(
        demo.order_type,
        customer_code=demo.customer,
        subject=demo.subject,
        delivery_method=demo.delivery,
        **dates,
    )
    service.add_articles(order, list(demo.items))
    service.save(order)
    if demo.confirm:
        service.confirm(order)
    if demo.paid is not None:
        service.take_down_payment(
            order, method="cash", amount=None if demo.paid == "all" else demo.paid
        )
    for target in demo.moves:
        service.move_status(order, target)
    if demo.follow_up_after is not None:
        when = service.today() + timedelta(days=demo.follow_up_after)
        service.set_reminder(order, when, "Call the customer")
    if demo.cancel:
        service.cancel(order, confirmed=True, reason="Customer changed plans")
