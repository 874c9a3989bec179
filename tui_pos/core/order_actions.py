"""Order status operations (confirm, modify, move, cancel: ORD-4, ORD-7), comments, reminders
(ORD-11) and attachment metadata (ORD-12)."""

from __future__ import annotations

import re
from datetime import date

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.money import ZERO
from tui_pos.core.order_context import (
    METHOD_LABELS,
    NumberSource,
    OrderContext,
    require_who,
    short,
)
from tui_pos.core.order_log import N_, LogAction, LogEntry
from tui_pos.core.orders import Attachment, MethodAmount, Order
from tui_pos.i18n import _

MAX_COMMENT = 4000
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _set_status(ctx: OrderContext, order: Order, target: str) -> None:
    order.status = target
    order.status_kind = ctx.flow.state(target).kind


def confirm(ctx: OrderContext, order: Order, *, who: str, number_source: NumberSource) -> str:
    """Confirm ("bevestigen") an editable order: it gets its number the first time (asked from
    `number_source` only after every check passed) and keeps it when confirmed again after
    Modify. Returns the number."""
    who = require_who(who)
    flow = ctx.flow
    if order.status == flow.confirm:
        raise PosError(_("This order is already confirmed."))
    flow.check_move(order.status, flow.confirm)
    if not order.lines:
        raise PosError(_("An empty order cannot be confirmed: add at least one line."))
    if order.header.customer is None:
        raise PosError(_("Choose a customer before confirming the order."))
    first = order.number is None
    number = order.number
    if number is None:
        number = number_source(order.type).strip()
        if not number:
            raise PosError(_("No order number could be assigned; nothing was confirmed."))
    if first:
        entry = ctx.entry(
            who, LogAction.CONFIRMED, N_("Confirmed as number {number}."), number=number
        )
    else:
        entry = ctx.entry(
            who, LogAction.CONFIRMED, N_("Confirmed again (number {number} kept)."), number=number
        )
    order.number = number
    _set_status(ctx, order, flow.confirm)
    order.record(entry)
    return number


def _reopen(ctx: OrderContext, order: Order, target: str, who: str) -> None:
    ctx.flow.check_move(order.status, target)
    entry = ctx.entry(
        who,
        LogAction.MODIFIED,
        N_("Opened for changes (was {old})."),
        ("old",),
        old=ctx.flow.state(order.status).label,
    )
    _set_status(ctx, order, target)
    order.record(entry)


def modify(ctx: OrderContext, order: Order, *, who: str) -> None:
    """Modify ("wijzigen"): a confirmed order becomes editable again; its number stays."""
    who = require_who(who)
    if order.is_editable:
        raise PosError(_("This order can already be changed."))
    _reopen(ctx, order, ctx.flow.modify, who)


def move_status(ctx: OrderContext, order: Order, target: str, *, who: str) -> None:
    """Move along the flow (QUE-2, ORD-7). Confirming, cancelling and converting have their
    own operations (numbering, the confirmation question, the new order) and are refused here;
    moving into an editable state is a Modify."""
    who = require_who(who)
    flow = ctx.flow
    status = flow.state(target)
    if target == flow.cancel:
        raise PosError(_("Use “Cancel order” to cancel: it asks first and records refunds."))
    if target == flow.convert:
        raise PosError(_("Use “Convert to order” to turn a quote into an order."))
    if target == flow.confirm and order.is_editable:
        raise PosError(_("Use “Confirm” to confirm the order: that assigns its number."))
    if status.editable:
        _reopen(ctx, order, target, who)
        return
    flow.check_move(order.status, target)
    entry = ctx.entry(
        who,
        LogAction.STATUS_CHANGED,
        N_("Status changed from {old} to {new}."),
        ("old", "new"),
        old=flow.state(order.status).label,
        new=status.label,
    )
    _set_status(ctx, order, target)
    order.record(entry)


def refund_owed_by_method(order: Order) -> tuple[MethodAmount, ...]:
    """Net paid per method (payments minus refunds), for the methods still owed something."""
    sums = {payment.method: ZERO for payment in order.payments}
    for payment in order.payments:
        sums[payment.method] += payment.signed_amount
    return tuple(MethodAmount(method, amount) for method, amount in sums.items() if amount > 0)


def cancel(
    ctx: OrderContext, order: Order, *, who: str, confirmed: bool, reason: str = ""
) -> tuple[MethodAmount, ...]:
    """Cancel ("Order annuleren") → the flow's cancel state ("Fully cancelled"). The UI asks
    first and passes `confirmed=True`. Down payments must be refunded: what is owed per method
    is kept in `order.refund_owed`, logged, and returned."""
    who = require_who(who)
    if not confirmed:
        raise PosError(_("Please confirm that the order should be cancelled."))
    ctx.flow.check_move(order.status, ctx.flow.cancel)
    reason = short(reason, 200)
    if reason:
        entries = [
            ctx.entry(who, LogAction.CANCELLED, N_("Order cancelled: {reason}"), reason=reason)
        ]
    else:
        entries = [ctx.entry(who, LogAction.CANCELLED, N_("Order cancelled."))]
    owed = refund_owed_by_method(order)
    entries.extend(
        ctx.entry(
            who,
            LogAction.REFUND_OWED,
            N_("Refund owed: {amount} paid by {method}."),
            ("method",),
            amount=item.amount,
            method=METHOD_LABELS.get(item.method, item.method),
        )
        for item in owed
    )
    order.refund_owed = owed
    _set_status(ctx, order, ctx.flow.cancel)
    order.record(*entries)
    return owed


def add_comment(ctx: OrderContext, order: Order, text: str, *, who: str) -> LogEntry:
    """A free comment in the activity log (allowed in every state)."""
    who = require_who(who)
    text = text.strip()
    if not text:
        raise InvalidInput(_("The comment is empty."), field="comment")
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            _("The comment is too long (at most {max} characters).").format(max=MAX_COMMENT),
            field="comment",
        )
    entry = ctx.entry(who, LogAction.COMMENT, N_("Comment: {text}"), text=text)
    order.record(entry)
    return entry


def set_reminder(ctx: OrderContext, order: Order, when: date, *, who: str, note: str = "") -> None:
    """Set or move the follow-up date (ORD-11); it cannot lie in the past."""
    who = require_who(who)
    note = note.strip()
    if when < ctx.clock().date():
        raise InvalidInput(_("A reminder date cannot be in the past."), field="reminder_date")
    if when == order.reminder_date and note == order.reminder_note:
        return
    if note:
        entry = ctx.entry(
            who,
            LogAction.REMINDER_SET,
            N_("Reminder set for {date}: {note}"),
            date=when.isoformat(),
            note=short(note, 200),
        )
    else:
        entry = ctx.entry(
            who, LogAction.REMINDER_SET, N_("Reminder set for {date}."), date=when.isoformat()
        )
    order.reminder_date, order.reminder_note = when, note
    order.record(entry)


def clear_reminder(ctx: OrderContext, order: Order, *, who: str) -> None:
    who = require_who(who)
    if order.reminder_date is None:
        return
    entry = ctx.entry(
        who,
        LogAction.REMINDER_CLEARED,
        N_("Reminder for {date} cleared."),
        date=order.reminder_date.isoformat(),
    )
    order.reminder_date, order.reminder_note = None, ""
    order.record(entry)


def add_attachment(
    ctx: OrderContext,
    order: Order,
    *,
    file_name: str,
    size: int,
    sha256: str,
    stored_path: str,
    who: str,
) -> Attachment:
    """Record a stored file on the order (ORD-12); the caller has stored the bytes already."""
    who = require_who(who)
    name = file_name.strip()
    if not name or len(name) > 255 or any(c in name for c in "/\\\0") or name in (".", ".."):
        raise InvalidInput(
            _("“{name}” is not a usable file name.").format(name=file_name), field="file_name"
        )
    if size < 0:
        raise InvalidInput(_("A file size cannot be negative."), field="size")
    digest = sha256.strip().lower()
    if not _SHA256.fullmatch(digest):
        raise InvalidInput(_("The file checksum (SHA-256) is malformed."), field="sha256")
    if not stored_path.strip():
        raise InvalidInput(_("The attachment has no storage path."), field="stored_path")
    for existing in order.attachments:
        if existing.sha256 == digest:
            raise PosError(
                _("This file is already attached as “{name}”.").format(name=existing.file_name)
            )
    attachment = Attachment(
        id=ctx.new_id(),
        file_name=name,
        size=size,
        sha256=digest,
        stored_path=stored_path.strip(),
        added_at=ctx.clock(),
        added_by=who,
    )
    order.record(
        ctx.entry(
            who,
            LogAction.ATTACHMENT_ADDED,
            N_("Attached file “{name}” ({size} bytes)."),
            name=name,
            size=size,
            attachment_id=attachment.id,
        )
    )
    order.attachments.append(attachment)
    return attachment


def remove_attachment(
    ctx: OrderContext, order: Order, attachment_id: str, *, who: str
) -> Attachment:
    """Take a file off the order; returns its metadata so the caller can delete the bytes."""
    who = require_who(who)
    found = [a for a in order.attachments if a.id == attachment_id]
    if not found:
        raise NotFound(_("This order has no such attachment (it may have been removed)."))
    attachment = found[0]
    order.record(
        ctx.entry(
            who,
            LogAction.ATTACHMENT_REMOVED,
            N_("Removed file “{name}”."),
            name=attachment.file_name,
            attachment_id=attachment.id,
        )
    )
    order.attachments = [a for a in order.attachments if a.id != attachment_id]
    return attachment
