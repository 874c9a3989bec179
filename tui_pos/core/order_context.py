"""What order operations depend on (flow, clock, pricer, payment methods) and shared checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import uuid4

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.order_lines import LinePricer, list_price_pricer
from tui_pos.core.order_log import N_, LogAction, LogEntry
from tui_pos.core.order_status import StatusFlow
from tui_pos.core.orders import Order, OrderType
from tui_pos.i18n import _

Clock = Callable[[], datetime]
#: Hands out the next order number for a type; the store makes it gapless (ORD-4).
NumberSource = Callable[[OrderType], str]

CARD = "card"

#: Display names of the usual payment method ids (others are shown as configured).
METHOD_LABELS: dict[str, str] = {
    "cash": N_("Cash"),
    CARD: N_("Card"),
    "voucher": N_("Voucher"),
    "bank_transfer": N_("Bank transfer"),
    "on_account": N_("On account"),
}


def method_label(method: str) -> str:
    return _(METHOD_LABELS[method]) if method in METHOD_LABELS else method


@dataclass(frozen=True)
class PaymentMethods:
    """Payment methods per channel (ORD-5). Card ("pin") is till-only."""

    back_office: tuple[str, ...] = ("cash", "bank_transfer")
    till: tuple[str, ...] = ("cash", CARD, "voucher")

    def __post_init__(self) -> None:
        if CARD in self.back_office:
            raise InvalidInput(
                _(
                    "Card payments are taken at the till only: remove “card” from the back-office "
                    "payment methods."
                )
            )


def _new_id() -> str:
    return uuid4().hex


@dataclass(frozen=True)
class OrderContext:
    """Everything the order operations need from outside; build one per app from config."""

    flow: StatusFlow
    clock: Clock
    pricer: LinePricer = list_price_pricer
    payment_methods: PaymentMethods = field(default_factory=PaymentMethods)
    #: Names of the extra ("custom") header fields the shop configured (ORD-1, CHK-9).
    custom_field_names: frozenset[str] = frozenset()
    new_id: Callable[[], str] = _new_id

    def entry(
        self,
        who: str,
        action: LogAction,
        message: str,
        translate: tuple[str, ...] = (),
        **params: object,
    ) -> LogEntry:
        """A log entry stamped now; params are stored as text."""
        return LogEntry(
            at=self.clock(),
            who=who,
            action=action,
            message=message,
            params={key: str(value) for key, value in params.items()},
            translate=translate,
        )

    def status_text(self, order: Order) -> str:
        return self.flow.label(order.status)


def require_who(who: str) -> str:
    who = who.strip()
    if not who:
        raise InvalidInput(_("Every change needs the employee who makes it."), field="who")
    return who


def require_editable(ctx: OrderContext, order: Order) -> None:
    """Refuse unless the order is in an editable (draft) state."""
    if order.is_editable:
        return
    status = ctx.status_text(order)
    if ctx.flow.can_move(order.status, ctx.flow.modify):
        raise PosError(
            _("An order that is {status} cannot be changed; choose Modify first.").format(
                status=status
            )
        )
    raise PosError(_("An order that is {status} cannot be changed.").format(status=status))


def short(text: str, limit: int = 60) -> str:
    """Text shortened for a log line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
