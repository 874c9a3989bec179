"""Down payments on an order ("aanbetalen", ORD-5, CHK-9/10) and refunds of a cancelled one."""

from __future__ import annotations

from decimal import Decimal

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.money import parse_amount
from tui_pos.core.order_context import CARD, METHOD_LABELS, OrderContext, method_label, require_who
from tui_pos.core.order_log import N_, LogAction
from tui_pos.core.order_status import ACTIVE_KINDS, StatusKind
from tui_pos.core.orders import Channel, Order, Payment, PaymentKind
from tui_pos.i18n import _

_CHANNEL_LABELS = {Channel.BACK_OFFICE: N_("back office"), Channel.TILL: N_("till")}


def methods_for(ctx: OrderContext, channel: Channel) -> tuple[str, ...]:
    """The payment methods to offer on this channel (the UI lists these)."""
    methods = ctx.payment_methods
    return methods.till if channel is Channel.TILL else methods.back_office


def check_method(ctx: OrderContext, method: str, channel: Channel) -> None:
    if method in methods_for(ctx, channel):
        return
    if channel is Channel.BACK_OFFICE and (method == CARD or method in ctx.payment_methods.till):
        raise PosError(
            _("{method} payments can only be taken at the till.").format(
                method=method_label(method)
            )
        )
    raise InvalidInput(
        _("“{method}” is not a payment method here; choose one of: {methods}.").format(
            method=method,
            methods=", ".join(method_label(m) for m in methods_for(ctx, channel)),
        ),
        field="method",
    )


def _amount(amount: Decimal | str | None, limit: Decimal, too_much: str) -> Decimal:
    if amount is None:
        return limit
    value = parse_amount(amount, what=_("Amount"), allow_zero=False)
    if value > limit:
        raise InvalidInput(too_much.format(amount=value, limit=limit), field="amount")
    return value


def take_down_payment(
    ctx: OrderContext,
    order: Order,
    *,
    method: str,
    who: str,
    channel: Channel = Channel.BACK_OFFICE,
    amount: Decimal | str | None = None,
    reference: str = "",
) -> Payment:
    """Register a (down) payment on a placed order. `amount` defaults to the whole balance
    due and may be changed to anything more than zero up to the balance. Card is till-only.
    Settling the rest at the till is the same call with the default amount."""
    who = require_who(who)
    if order.is_quote:
        raise PosError(_("A quote cannot take payments; convert it to an order first."))
    if order.status_kind is StatusKind.DRAFT:
        raise PosError(_("Confirm the order before taking a down payment."))
    if order.status_kind not in ACTIVE_KINDS:
        raise PosError(
            _("An order that is {status} cannot take payments.").format(
                status=ctx.status_text(order)
            )
        )
    check_method(ctx, method, channel)
    balance = order.balance_due
    if balance <= 0:
        raise PosError(_("Nothing is left to pay on this order."))
    value = _amount(amount, balance, _("The amount {amount} is more than the balance due {limit}."))
    payment = Payment(
        id=ctx.new_id(),
        kind=PaymentKind.DOWN_PAYMENT,
        method=method,
        amount=value,
        channel=channel,
        at=ctx.clock(),
        who=who,
        reference=reference.strip(),
    )
    order.record(
        ctx.entry(
            who,
            LogAction.PAYMENT,
            N_("Payment of {amount} by {method} at the {channel}; balance due now {balance}."),
            ("method", "channel"),
            amount=value,
            method=METHOD_LABELS.get(method, method),
            channel=_CHANNEL_LABELS[channel],
            balance=balance - value,
            payment_id=payment.id,
        )
    )
    order.payments.append(payment)
    return payment


def record_refund(
    ctx: OrderContext,
    order: Order,
    *,
    method: str,
    who: str,
    channel: Channel = Channel.BACK_OFFICE,
    amount: Decimal | str | None = None,
    reference: str = "",
) -> Payment:
    """Register money paid back on a cancelled order (ORD-4); defaults to all still owed."""
    who = require_who(who)
    if order.status_kind is not StatusKind.CANCELLED:
        raise PosError(_("Only the payments of a cancelled order are refunded here."))
    outstanding = order.refund_outstanding
    if outstanding <= 0:
        raise PosError(_("Nothing is left to refund on this order."))
    check_method(ctx, method, channel)
    value = _amount(
        amount, outstanding, _("The amount {amount} is more than the {limit} still owed.")
    )
    refund = Payment(
        id=ctx.new_id(),
        kind=PaymentKind.REFUND,
        method=method,
        amount=value,
        channel=channel,
        at=ctx.clock(),
        who=who,
        reference=reference.strip(),
    )
    order.record(
        ctx.entry(
            who,
            LogAction.REFUND,
            N_("Refunded {amount} by {method} at the {channel}; still owed {left}."),
            ("method", "channel"),
            amount=value,
            method=METHOD_LABELS.get(method, method),
            channel=_CHANNEL_LABELS[channel],
            left=outstanding - value,
            payment_id=refund.id,
        )
    )
    order.payments.append(refund)
    return refund
