"""Choices for the order filters (ORD-10): the employees and branches that appear on orders."""

from __future__ import annotations

from tui_pos.services.context import TillContext
from tui_pos.store.order_facets import distinct_values


def employees(ctx: TillContext, *, limit: int = 200) -> list[str]:
    """Employees on orders and the till's configured cashier, sorted (case-insensitively)."""
    with ctx.uow() as uow:
        names = set(distinct_values(uow.session, "employee", limit=limit))
    cashier = ctx.settings.till.cashier.strip()
    if cashier:
        names.add(cashier)
    return sorted(names, key=str.casefold)


def branches(ctx: TillContext, *, limit: int = 200) -> list[str]:
    """Branches on orders and the configured one, sorted."""
    with ctx.uow() as uow:
        names = set(distinct_values(uow.session, "branch", limit=limit))
    configured = (ctx.settings.orders.branch or ctx.settings.till.branch).strip()
    if configured:
        names.add(configured)
    return sorted(names, key=str.casefold)
