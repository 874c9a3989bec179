"""Quote → order conversion (ORD-6): customer, lines, prices and totals carry over unchanged."""

from __future__ import annotations

from dataclasses import replace

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.order_context import OrderContext, require_who
from tui_pos.core.order_editing import checked_header
from tui_pos.core.order_lines import LineGroup
from tui_pos.core.order_log import N_, LogAction
from tui_pos.core.orders import ORDER_TYPE_LABELS, Order, OrderType
from tui_pos.i18n import _


def convert_quote(
    ctx: OrderContext,
    quote: Order,
    *,
    who: str,
    order_type: OrderType = OrderType.SALES,
    order_id: str | None = None,
) -> Order:
    """Make a new draft order from a quote and close the quote (the flow's convert state).

    The new order gets the quote's header (dated today; pickup/delivery dates already past are
    dropped), its groups and lines with their prices as quoted (not repriced), and
    `source_quote_id`; the quote gets `converted_to_id`. Attachments stay on the quote.
    Both must be saved together. A quote converts once."""
    who = require_who(who)
    flow = ctx.flow
    if not quote.is_quote:
        raise PosError(_("Only a quote can be converted to an order."))
    if order_type is OrderType.QUOTE:
        raise InvalidInput(_("A quote converts to a sales order or a service order."))
    if quote.converted_to_id is not None:
        raise PosError(_("This quote was already converted to an order."))
    flow.check_move(quote.status, flow.convert)

    now = ctx.clock()
    today = now.date()
    header = quote.header
    header = checked_header(
        ctx,
        replace(
            header,
            order_date=today,
            pickup_date=header.pickup_date
            if header.pickup_date and header.pickup_date >= today
            else None,
            expected_delivery_date=header.expected_delivery_date
            if header.expected_delivery_date and header.expected_delivery_date >= today
            else None,
        ),
    )
    group_ids = {group.id: ctx.new_id() for group in quote.groups}
    order = Order(
        id=order_id or ctx.new_id(),
        type=order_type,
        header=header,
        status=flow.initial,
        status_kind=flow.state(flow.initial).kind,
        created_at=now,
        created_by=who,
        updated_at=now,
        groups=[LineGroup(group_ids[g.id], g.heading) for g in quote.groups],
        lines=[
            replace(
                line,
                id=ctx.new_id(),
                group_id=group_ids[line.group_id] if line.group_id else None,
            )
            for line in quote.lines
        ],
        source_quote_id=quote.id,
    )
    order.record(
        ctx.entry(
            who,
            LogAction.CREATED_FROM_QUOTE,
            N_("Created ({type}) from quote {number}."),
            ("type",),
            type=ORDER_TYPE_LABELS[order_type],
            number=quote.number or "—",
            quote_id=quote.id,
        )
    )
    quote_entry = ctx.entry(
        who,
        LogAction.CONVERTED,
        N_("Converted to a new order ({type})."),
        ("type",),
        type=ORDER_TYPE_LABELS[order_type],
        order_id=order.id,
    )
    quote.converted_to_id = order.id
    quote.status = flow.convert
    quote.status_kind = flow.state(flow.convert).kind
    quote.record(quote_entry)
    return order
