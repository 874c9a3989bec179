"""The order context from the configuration: status flow file, payment methods per channel,
shop time zone, pricer, extra header fields."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui_pos.config import Settings
from tui_pos.core.errors import PosError
from tui_pos.core.order_context import OrderContext, PaymentMethods
from tui_pos.core.order_lines import LinePricer
from tui_pos.core.order_status import StatusFlow, load_status_flow
from tui_pos.i18n import _


def load_flow(settings: Settings) -> StatusFlow:
    """The configured status flow (ORD-7); a missing or bad file is a PosError naming it."""
    path = settings.resolve_path(settings.orders.status_flow)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise PosError(_("Order status flow file {path} not found.").format(path=path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PosError(
            _("Order status flow file {path} is not valid TOML: {error}").format(
                path=path, error=exc
            )
        ) from None
    try:
        return load_status_flow(data)
    except PosError as exc:
        raise PosError(f"{path}: {exc.message}") from None


def payment_methods(settings: Settings) -> PaymentMethods:
    """Back-office and till payment methods from the configuration; card is till-only."""
    methods = settings.payments.methods
    return PaymentMethods(
        back_office=tuple(m.id for m in methods if m.back_office and m.kind != "card"),
        till=tuple(m.id for m in methods if m.till),
    )


def size_text(size: int) -> str:
    """A file size for people: 812 bytes, 12.5 kB, 10.0 MB."""
    if size < 1000:
        return _("{n} bytes").format(n=size)
    if size < 1000 * 1000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1000 / 1000:.1f} MB"


def shop_timezone(settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.shop.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PosError(
            _("Unknown time zone “{tz}” in the shop settings.").format(tz=settings.shop.timezone)
        ) from None


def order_context(
    settings: Settings, *, flow: StatusFlow, clock: Callable[[], datetime], pricer: LinePricer
) -> OrderContext:
    """What the core order operations need, from the configuration."""
    return OrderContext(
        flow=flow,
        clock=clock,
        pricer=pricer,
        payment_methods=payment_methods(settings),
        custom_field_names=frozenset(settings.orders.custom_fields),
    )
