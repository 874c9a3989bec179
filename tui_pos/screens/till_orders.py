"""Opening an order in the till (CHK-10, QUE-2, QUE-3): `open_order_in_till` for the order
queue and the pickup kiosk, and the texts the checkout shows for orders."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from tui_pos.core.errors import PosError
from tui_pos.i18n import _
from tui_pos.services.till_orders import OrderAtTill

if TYPE_CHECKING:
    from tui_pos.app import PosApp
    from tui_pos.screens.checkout import CheckoutScreen


def order_opened_text(opened: OrderAtTill, money: Callable[[Decimal], str]) -> str:
    """What the cashier is told when an order is loaded into the till."""
    customer = opened.order.header.customer
    return _("Order {number} ({customer}): to pay {balance}. F10 pays, Esc puts it back.").format(
        number=opened.number,
        customer=customer.name if customer else "-",
        balance=money(opened.balance),
    )


def show_checkout(app: PosApp) -> CheckoutScreen:
    """The till's checkout screen on top: the one already open (screens above it close) or a
    new one."""
    from tui_pos.screens.checkout import CheckoutScreen

    found = [s for s in app.screen_stack if isinstance(s, CheckoutScreen)]
    if found:
        while app.screen not in found:
            app.pop_screen()
        return found[-1]
    screen = CheckoutScreen(app.checkout_service)
    app.push_screen(screen)
    return screen


def open_order_in_till(app: PosApp, order_id: str) -> None:
    """Load the order into the till's checkout to be settled (the order queue and the kiosk
    call this). Takes the order's lease for this till; when that or anything else is refused
    (open at another till, not settleable, a sale in progress) it says so in a notification
    and changes nothing."""
    try:
        opened = app.till_orders.open(order_id)
    except PosError as exc:
        app.bell()
        app.notify(exc.message, title=_("Order"), severity="error", markup=False)
        return
    screen = show_checkout(app)
    if screen.is_mounted:
        screen.order_opened(opened)
    # a new screen shows the open order when it mounts
