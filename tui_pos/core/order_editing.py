"""Creating orders and editing their header, lines and groups (ORD-1..3); only while editable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.money import HUNDRED, round_money
from tui_pos.core.order_context import OrderContext, require_editable, require_who, short
from tui_pos.core.order_lines import (
    DiscountKind,
    LineGroup,
    ManualDiscount,
    NewLine,
    OrderLine,
    PriceRequest,
    checked_inputs,
    checked_price,
)
from tui_pos.core.order_log import N_, LogAction, LogEntry
from tui_pos.core.order_totals import compute_totals
from tui_pos.core.orders import (
    HEADER_FIELD_LABELS,
    ORDER_TYPE_LABELS,
    CustomerRef,
    DeliveryMethod,
    Order,
    OrderHeader,
    OrderType,
)
from tui_pos.i18n import _

#: Header fields whose change can change prices, so lines are repriced.
_PRICING_FIELDS = ("customer", "order_date", "prices_include_vat")
_LINE_FIELD_LABELS = {
    "description": N_("Description"),
    "qty": N_("Quantity"),
    "unit_price": N_("Unit price"),
    "vat_rate": N_("VAT rate"),
    "discount": N_("Discount"),
    "note": N_("Text"),
    "group_id": N_("Group"),
}
_DELIVERY_LABELS = {DeliveryMethod.PICKUP: N_("Pickup"), DeliveryMethod.DELIVERY: N_("Delivery")}


def qty_text(qty: Decimal) -> str:
    return format(qty.normalize(), "f")


def discount_text(discount: ManualDiscount | None) -> str:
    if discount is None:
        return "—"
    if discount.kind is DiscountKind.PERCENTAGE:
        return f"{qty_text(discount.value)} %"
    if discount.kind is DiscountKind.AMOUNT_OFF:
        return f"−{discount.value}"
    return f"= {discount.value}"


def new_order(
    ctx: OrderContext,
    order_type: OrderType,
    header: OrderHeader,
    *,
    who: str,
    order_id: str | None = None,
) -> Order:
    """A new, empty order in the flow's initial (draft) state."""
    who = require_who(who)
    header = checked_header(ctx, header)
    now = ctx.clock()
    order = Order(
        id=order_id or ctx.new_id(),
        type=order_type,
        header=header,
        status=ctx.flow.initial,
        status_kind=ctx.flow.state(ctx.flow.initial).kind,
        created_at=now,
        created_by=who,
        updated_at=now,
    )
    order.record(
        ctx.entry(
            who,
            LogAction.CREATED,
            N_("Created ({type})."),
            ("type",),
            type=ORDER_TYPE_LABELS[order_type],
        )
    )
    return order


def checked_header(ctx: OrderContext, header: OrderHeader) -> OrderHeader:
    """The header validated and tidied (text stripped, empty extra fields dropped)."""
    employee, branch = header.employee.strip(), header.branch.strip()
    if not employee:
        raise InvalidInput(_("An order needs an employee."), field="employee")
    if not branch:
        raise InvalidInput(_("An order needs a branch."), field="branch")
    customer = header.customer
    if customer is not None:
        customer = CustomerRef(customer.code.strip(), customer.name.strip())
        if not customer.name:
            raise InvalidInput(_("The customer needs a name."), field="customer")
    for name, value in (
        ("pickup_date", header.pickup_date),
        ("expected_delivery_date", header.expected_delivery_date),
    ):
        if value is not None and value < header.order_date:
            raise InvalidInput(
                _("{field} {date} is before the order date {order_date}.").format(
                    field=_(HEADER_FIELD_LABELS[name]),
                    date=value.isoformat(),
                    order_date=header.order_date.isoformat(),
                ),
                field=name,
            )
    unknown = sorted(set(header.custom_fields) - ctx.custom_field_names)
    if unknown:
        raise InvalidInput(
            _("Unknown extra field(s): {names}. Configured: {known}.").format(
                names=", ".join(unknown), known=", ".join(sorted(ctx.custom_field_names)) or "—"
            ),
            field="custom_fields",
        )
    custom = {k: v.strip() for k, v in header.custom_fields.items() if v.strip()}
    return replace(
        header,
        employee=employee,
        branch=branch,
        customer=customer,
        subject=header.subject.strip(),
        our_reference=header.our_reference.strip(),
        customer_reference=header.customer_reference.strip(),
        note=header.note.strip(),
        payment_terms=header.payment_terms.strip(),
        fixed_text=header.fixed_text.strip(),
        custom_fields=dict(sorted(custom.items())),
    )


def _value_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, CustomerRef):
        return f"{value.code} {value.name}".strip()
    if isinstance(value, DeliveryMethod):
        return _DELIVERY_LABELS[value]
    if isinstance(value, bool):
        return N_("yes") if value else N_("no")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or "—"
    return short(str(value)) or "—"


def _header_entry(ctx: OrderContext, who: str, name: str, old: object, new: object) -> LogEntry:
    translatable = isinstance(old, bool | DeliveryMethod)
    return ctx.entry(
        who,
        LogAction.HEADER_CHANGED,
        N_("{field} changed from “{old}” to “{new}”."),
        ("field", "old", "new") if translatable else ("field",),
        field=HEADER_FIELD_LABELS[name],
        old=_value_text(old),
        new=_value_text(new),
    )


def update_header(ctx: OrderContext, order: Order, header: OrderHeader, *, who: str) -> None:
    """Replace the header (made with dataclasses.replace); log each changed field. Changing the
    customer, the date or incl./excl. VAT reprices the lines; switching incl./excl. VAT first
    converts the lines' list prices (and amount discounts) to the new basis."""
    who = require_who(who)
    require_editable(ctx, order)
    header = checked_header(ctx, header)
    old = order.header
    changed = [
        f.name for f in fields(OrderHeader) if getattr(old, f.name) != getattr(header, f.name)
    ]
    if not changed:
        return
    lines = order.lines
    if old.prices_include_vat != header.prices_include_vat:
        lines = [_convert_basis(line, header.prices_include_vat) for line in lines]
    if any(name in _PRICING_FIELDS for name in changed):
        lines = [_reprice(ctx, header, line) for line in lines]
    _check_covers_payments(order, lines, header)
    entries = [
        _header_entry(ctx, who, name, getattr(old, name), getattr(header, name)) for name in changed
    ]
    if lines != order.lines:
        entries.append(ctx.entry(who, LogAction.LINES_REPRICED, N_("Prices recalculated.")))
    order.header = header
    order.lines = list(lines)
    order.record(*entries)


def _convert(amount: Decimal, rate: Decimal, to_incl: bool) -> Decimal:
    factor = (HUNDRED + rate) / HUNDRED
    return round_money(amount * factor if to_incl else amount / factor)


def _convert_basis(line: OrderLine, to_incl: bool) -> OrderLine:
    discount = line.discount
    if discount is not None and discount.kind is not DiscountKind.PERCENTAGE:
        discount = ManualDiscount(discount.kind, _convert(discount.value, line.vat_rate, to_incl))
    return replace(
        line, unit_price=_convert(line.unit_price, line.vat_rate, to_incl), discount=discount
    )


def _reprice(ctx: OrderContext, header: OrderHeader, line: OrderLine) -> OrderLine:
    result = checked_price(
        ctx.pricer(
            PriceRequest(
                article_code=line.article_code,
                qty=line.qty,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                discount=line.discount,
                customer_code=header.customer.code if header.customer else None,
                order_date=header.order_date,
                prices_include_vat=header.prices_include_vat,
            )
        ),
        line.description,
    )
    return replace(
        line,
        net_unit_price=result.net_unit_price,
        line_total=result.line_total,
        price_explanation=result.explanation,
    )


def _check_covers_payments(order: Order, lines: Sequence[OrderLine], header: OrderHeader) -> None:
    """A change may not bring the total below what the customer already paid."""
    paid = order.paid_total
    if paid <= 0:
        return
    total = compute_totals(lines, order.groups, prices_include_vat=header.prices_include_vat)
    if total.total_incl_vat < paid:
        raise PosError(
            _("The order total would become {total}, less than the {paid} already paid.").format(
                total=total.total_incl_vat, paid=paid
            )
        )


def _check_group(order: Order, group_id: str | None) -> None:
    if group_id is not None:
        order.group(group_id)


def _line_from(ctx: OrderContext, order: Order, new: NewLine, line_id: str) -> OrderLine:
    description, qty, unit_price, vat_rate, discount = checked_inputs(
        description=new.description,
        qty=new.qty,
        unit_price=new.unit_price,
        vat_rate=new.vat_rate,
        weighed=new.weighed,
        discount=new.discount,
    )
    _check_group(order, new.group_id)
    code = new.article_code.strip() if new.article_code else None
    unpriced = OrderLine(
        id=line_id,
        article_code=code or None,
        description=description,
        qty=qty,
        unit_price=unit_price,
        vat_rate=vat_rate,
        net_unit_price=unit_price,
        line_total=round_money(qty * unit_price),
        weighed=new.weighed,
        discount=discount,
        note=new.note.strip(),
        group_id=new.group_id,
    )
    return _reprice(ctx, order.header, unpriced)


def add_lines(
    ctx: OrderContext, order: Order, new_lines: Sequence[NewLine], *, who: str
) -> list[OrderLine]:
    """Add several lines at once (ORD-2: "add many", the variant matrix); all or nothing."""
    who = require_who(who)
    require_editable(ctx, order)
    added = [_line_from(ctx, order, new, ctx.new_id()) for new in new_lines]
    if not added:
        return []
    order.record(
        *(
            ctx.entry(
                who,
                LogAction.LINE_ADDED,
                N_("Added {qty} × {description} at {price}."),
                qty=qty_text(line.qty),
                description=short(line.description),
                price=line.net_unit_price,
                line_id=line.id,
            )
            for line in added
        )
    )
    order.lines.extend(added)
    return added


def add_line(ctx: OrderContext, order: Order, new: NewLine, *, who: str) -> OrderLine:
    return add_lines(ctx, order, [new], who=who)[0]


def update_line(ctx: OrderContext, order: Order, changed: OrderLine, *, who: str) -> OrderLine:
    """Apply an edited copy of a line (dataclasses.replace of `order.line(id)`): quantity, unit
    price, VAT rate, discount, description, text or group. The line is repriced; the price
    fields of `changed` are ignored. Returns the stored line."""
    who = require_who(who)
    require_editable(ctx, order)
    old = order.line(changed.id)
    if changed.article_code != old.article_code or changed.weighed != old.weighed:
        raise InvalidInput(
            _("A line's article cannot be changed: remove the line and add the other article.")
        )
    line = _line_from(
        ctx,
        order,
        NewLine(
            description=changed.description,
            qty=changed.qty,
            unit_price=changed.unit_price,
            vat_rate=changed.vat_rate,
            article_code=old.article_code,
            weighed=old.weighed,
            discount=changed.discount,
            note=changed.note,
            group_id=changed.group_id,
        ),
        old.id,
    )
    diffs = [name for name in _LINE_FIELD_LABELS if getattr(old, name) != getattr(line, name)]
    if not diffs:
        return old
    lines = [line if ln.id == old.id else ln for ln in order.lines]
    _check_covers_payments(order, lines, order.header)
    order.record(
        *(
            _line_entry(ctx, order, who, old, name, getattr(old, name), getattr(line, name))
            for name in diffs
        )
    )
    order.lines = lines
    return line


def _line_entry(
    ctx: OrderContext, order: Order, who: str, line: OrderLine, name: str, old: object, new: object
) -> LogEntry:
    def text(value: object) -> str:
        if name == "discount":
            return discount_text(value if isinstance(value, ManualDiscount) else None)
        if name == "group_id":
            return order.group(str(value)).heading if value is not None else "—"
        if isinstance(value, Decimal) and name == "qty":
            return qty_text(value)
        return short(str(value)) or "—"

    return ctx.entry(
        who,
        LogAction.LINE_CHANGED,
        N_("Line “{line}”: {field} changed from “{old}” to “{new}”."),
        ("field",),
        line=short(line.description),
        field=_LINE_FIELD_LABELS[name],
        old=text(old),
        new=text(new),
        line_id=line.id,
    )


def remove_line(ctx: OrderContext, order: Order, line_id: str, *, who: str) -> None:
    who = require_who(who)
    require_editable(ctx, order)
    line = order.line(line_id)
    lines = [ln for ln in order.lines if ln.id != line_id]
    _check_covers_payments(order, lines, order.header)
    order.record(
        ctx.entry(
            who,
            LogAction.LINE_REMOVED,
            N_("Removed {qty} × {description}."),
            qty=qty_text(line.qty),
            description=short(line.description),
            line_id=line.id,
        )
    )
    order.lines = lines


def reprice(ctx: OrderContext, order: Order, *, who: str) -> int:
    """Price every line again (e.g. after the price list changed); returns how many changed."""
    who = require_who(who)
    require_editable(ctx, order)
    lines = [_reprice(ctx, order.header, line) for line in order.lines]
    changed = sum(1 for old, new in zip(order.lines, lines, strict=True) if old != new)
    if changed:
        _check_covers_payments(order, lines, order.header)
        order.record(ctx.entry(who, LogAction.LINES_REPRICED, N_("Prices recalculated.")))
        order.lines = lines
    return changed


def _heading(heading: str) -> str:
    heading = heading.strip()
    if not heading:
        raise InvalidInput(_("A group needs a heading."), field="heading")
    return heading


def add_group(ctx: OrderContext, order: Order, heading: str, *, who: str) -> LineGroup:
    """A new, empty group heading at the end (ORD-2); put lines in it with `update_line`."""
    who = require_who(who)
    require_editable(ctx, order)
    group = LineGroup(ctx.new_id(), _heading(heading))
    order.record(
        ctx.entry(who, LogAction.GROUP_ADDED, N_("Added group “{heading}”."), heading=group.heading)
    )
    order.groups.append(group)
    return group


def rename_group(ctx: OrderContext, order: Order, group_id: str, heading: str, *, who: str) -> None:
    who = require_who(who)
    require_editable(ctx, order)
    old = order.group(group_id)
    new = LineGroup(group_id, _heading(heading))
    if new == old:
        return
    order.record(
        ctx.entry(
            who,
            LogAction.GROUP_CHANGED,
            N_("Group “{old}” renamed to “{new}”."),
            old=old.heading,
            new=new.heading,
        )
    )
    order.groups = [new if g.id == group_id else g for g in order.groups]


def remove_group(ctx: OrderContext, order: Order, group_id: str, *, who: str) -> None:
    """Remove a heading; its lines stay on the order, ungrouped."""
    who = require_who(who)
    require_editable(ctx, order)
    group = order.group(group_id)
    order.record(
        ctx.entry(
            who,
            LogAction.GROUP_REMOVED,
            N_("Removed group “{heading}” (its lines stay on the order)."),
            heading=group.heading,
        )
    )
    order.groups = [g for g in order.groups if g.id != group_id]
    order.lines = [
        replace(ln, group_id=None) if ln.group_id == group_id else ln for ln in order.lines
    ]
