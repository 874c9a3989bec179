"""Decimal money: parsing user input, half-up rounding to the minor unit, cash rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
#: Largest amount or quantity the till accepts from a person; guards against a scan typed into a
#: price field (a 13-digit barcode is not a price).
MAX_INPUT = Decimal("1000000")


def round_money(amount: Decimal, minor: Decimal = CENT) -> Decimal:
    """Round half-up to the currency's minor unit (PRC-8)."""
    return amount.quantize(minor, ROUND_HALF_UP)  # positional: a keyword costs ~3 times more


def cash_round(amount: Decimal, step: Decimal) -> Decimal:
    """Round a cash amount half-up to the smallest coin step (NL 0.05, NO 1.00)."""
    if step <= 0:
        return amount
    units = (amount / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return round_money(units * step)


def parse_decimal(text: str | Decimal | int, *, what: str) -> Decimal:
    """Parse a number typed by a person ("12,50" or "12.50"); raise a clear error otherwise."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
        if "," in cleaned and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput(
                _("{what}: “{text}” is not a number.").format(what=what, text=text)
            ) from None
    if not value.is_finite():
        raise InvalidInput(_("{what}: “{text}” is not a number.").format(what=what, text=text))
    return value


def parse_amount(text: str | Decimal | int, *, what: str, allow_zero: bool = True) -> Decimal:
    """Parse a non-negative money amount with at most two decimals and a sane size."""
    value = parse_decimal(text, what=what)
    if value < 0:
        raise InvalidInput(_("{what} cannot be negative.").format(what=what))
    if value == 0 and not allow_zero:
        raise InvalidInput(_("{what} must be more than zero.").format(what=what))
    if value > MAX_INPUT:
        raise InvalidInput(_("{what}: {value} is too large.").format(what=what, value=value))
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidInput(
            _("{what}: {value} has more than two decimals.").format(what=what, value=value)
        )
    return value.quantize(CENT)


def parse_quantity(
    text: str | Decimal | int, *, weighed: bool = False, max_qty: Decimal = Decimal("9999")
) -> Decimal:
    """Parse a line quantity: positive, whole for pieces, up to three decimals when weighed."""
    what = _("Quantity")
    value = parse_decimal(text, what=what)
    if value <= 0:
        raise InvalidInput(_("Quantity must be more than zero."))
    if value > max_qty:
        raise InvalidInput(
            _("Quantity {value} is too large (at most {max}).").format(value=value, max=max_qty)
        )
    if not weighed and value != value.to_integral_value():
        raise InvalidInput(_("This article is sold per piece: use a whole quantity."))
    if weighed and value != value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP):
        raise InvalidInput(_("Quantity: at most three decimals (grams)."))
    return value


def parse_percentage(text: str | Decimal | int, *, what: str) -> Decimal:
    """Parse a percentage 0–100 with at most two decimals (what the registers store)."""
    value = parse_decimal(text, what=what)
    if value < 0 or value > HUNDRED:
        raise InvalidInput(_("{what} must be between 0 and 100 %.").format(what=what))
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidInput(
            _("{what}: {value} has more than two decimals.").format(what=what, value=value)
        )
    return value
