"""Who has an order open at a till (its lease), so the same order is never settled twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui_pos.core.errors import PosError
from tui_pos.i18n import _


@dataclass(frozen=True)
class LeaseHolder:
    """The till (and cashier) that has an order open, since when, and until when at most."""

    order_id: str
    till_id: str
    cashier: str
    taken_at: datetime
    expires_at: datetime

    def is_active(self, now: datetime) -> bool:
        return now < self.expires_at


class OrderInUse(PosError):
    """The order is open at another till; `holder` says where."""

    def __init__(self, message: str, holder: LeaseHolder) -> None:
        super().__init__(message)
        self.holder = holder


def order_in_use(number: str, holder: LeaseHolder, since: str) -> OrderInUse:
    """'Order SO-42 is open at till T2 (Anna) since 14:03.' (`since` is the local time.)"""
    return OrderInUse(
        _("Order {number} is open at till {till} ({cashier}) since {since}.").format(
            number=number, till=holder.till_id, cashier=holder.cashier, since=since
        ),
        holder,
    )
