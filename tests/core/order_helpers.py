"""Shared builders for the order tests: the default flow, a settable clock, orders and lines."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path
from typing import Any

from tui_pos.core.order_context import OrderContext
from tui_pos.core.order_editing import add_line, new_order
from tui_pos.core.order_lines import NewLine
from tui_pos.core.order_status import StatusFlow, load_status_flow
from tui_pos.core.orders import CustomerRef, Order, OrderHeader, OrderType

FLOW_FILE = Path(__file__).resolve().parents[2] / "config" / "order_status.toml"
TODAY = date(2026, 3, 2)


def flow_data() -> dict[str, Any]:
    with FLOW_FILE.open("rb") as fh:
        return tomllib.load(fh)


def default_flow() -> StatusFlow:
    return load_status_flow(flow_data())


@dataclass
class FakeClock:
    now: datetime = datetime(2026, 3, 2, 9, 30)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@dataclass
class Numbers:
    """A number source that records what it was asked for."""

    asked: list[OrderType] = field(default_factory=list)
    counter: count[int] = field(default_factory=lambda: count(1001))

    def __call__(self, order_type: OrderType) -> str:
        self.asked.append(order_type)
        return f"SO-{next(self.counter)}"


def make_ctx(**kwargs: Any) -> OrderContext:
    ids = count(1)
    kwargs.setdefault("flow", default_flow())
    kwargs.setdefault("clock", FakeClock())
    kwargs.setdefault("new_id", lambda: f"id{next(ids)}")
    return OrderContext(**kwargs)


def header(**kwargs: Any) -> OrderHeader:
    kwargs.setdefault("employee", "emp1")
    kwargs.setdefault("branch", "main")
    kwargs.setdefault("order_date", TODAY)
    kwargs.setdefault("customer", CustomerRef("C100", "Jansen Bakkerij"))
    return OrderHeader(**kwargs)


def line(
    description: str = "Bread", qty: str = "1", price: str = "10.00", vat: str = "9", **kw: Any
) -> NewLine:
    return NewLine(
        description=description,
        qty=Decimal(qty),
        unit_price=Decimal(price),
        vat_rate=Decimal(vat),
        **kw,
    )


def draft_order(
    ctx: OrderContext, *lines: NewLine, order_type: OrderType = OrderType.SALES, **hdr: Any
) -> Order:
    order = new_order(ctx, order_type, header(**hdr), who="emp1")
    for new in lines:
        add_line(ctx, order, new, who="emp1")
    return order
