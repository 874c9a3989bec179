"""Order lines, line groups, and the pricing seam (`LinePricer`) the order prices lines through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.money import HUNDRED, ZERO, parse_amount, parse_percentage, parse_quantity
from tui_pos.core.money import round_money as _round
from tui_pos.i18n import _


class DiscountKind(StrEnum):
    PERCENTAGE = "percentage"
    AMOUNT_OFF = "amount_off"  # off the unit price
    PRICE_OVERRIDE = "price_override"  # the net unit price


@dataclass(frozen=True)
class ManualDiscount:
    """A discount typed on the line (PRC-1 source 1)."""

    kind: DiscountKind
    value: Decimal


@dataclass(frozen=True)
class LineGroup:
    """A heading that lines can be grouped under (ORD-2); shown with a subtotal."""

    id: str
    heading: str


@dataclass(frozen=True)
class OrderLine:
    """One order line. `unit_price` is the list price (in the order's VAT basis);
    `net_unit_price`, `line_total` and `price_explanation` come from the pricer.
    `article_code` is None for a free line (text and price typed by hand)."""

    id: str
    article_code: str | None
    description: str
    qty: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    net_unit_price: Decimal
    line_total: Decimal
    weighed: bool = False
    discount: ManualDiscount | None = None
    price_explanation: str = ""
    note: str = ""
    group_id: str | None = None

    @property
    def discount_amount(self) -> Decimal:
        """How much less than list price this line costs (never negative)."""
        return max(_round(self.qty * self.unit_price) - self.line_total, ZERO)


@dataclass(frozen=True)
class NewLine:
    """What a person (or the variant matrix, or a scan) adds to an order."""

    description: str
    qty: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    article_code: str | None = None
    weighed: bool = False
    discount: ManualDiscount | None = None
    note: str = ""
    group_id: str | None = None


@dataclass(frozen=True)
class PriceRequest:
    """Everything the pricer may need to price one line of an order."""

    article_code: str | None
    qty: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    discount: ManualDiscount | None
    customer_code: str | None
    order_date: date
    prices_include_vat: bool


@dataclass(frozen=True)
class PriceResult:
    net_unit_price: Decimal
    line_total: Decimal
    explanation: str = ""


#: The pricing seam: the real pricing engine (PRC) is wrapped into one of these by the caller.
LinePricer = Callable[[PriceRequest], PriceResult]


def list_price_pricer(request: PriceRequest) -> PriceResult:
    """A minimal pricer: the list price with the line's manual discount, if any (PRC-1, PRC-6)."""
    price = request.unit_price
    explanation = _("List price.")
    discount = request.discount
    if discount is not None:
        if discount.kind is DiscountKind.PERCENTAGE:
            candidate = price * (1 - discount.value / HUNDRED)
        elif discount.kind is DiscountKind.AMOUNT_OFF:
            candidate = price - discount.value
        else:
            candidate = discount.value
        if candidate < 0:
            explanation = _("Manual discount not applied: it is larger than the price.")
        else:
            price = candidate
            explanation = _("Manual discount.")
    net = _round(price)
    return PriceResult(net, _round(request.qty * net), explanation)


def checked_discount(discount: ManualDiscount | None) -> ManualDiscount | None:
    """The discount with its value validated for its kind (bad input raises InvalidInput)."""
    if discount is None:
        return None
    if discount.kind is DiscountKind.PERCENTAGE:
        value = parse_percentage(discount.value, what=_("Discount"))
    else:
        value = parse_amount(discount.value, what=_("Discount"))
    return ManualDiscount(discount.kind, value)


def checked_inputs(
    *,
    description: str,
    qty: Decimal,
    unit_price: Decimal,
    vat_rate: Decimal,
    weighed: bool,
    discount: ManualDiscount | None,
) -> tuple[str, Decimal, Decimal, Decimal, ManualDiscount | None]:
    """Validate a line's inputs; return them normalised (description stripped, prices in cents)."""
    text = description.strip()
    if not text:
        raise InvalidInput(_("A line needs a description."), field="description")
    return (
        text,
        parse_quantity(qty, weighed=weighed),
        parse_amount(unit_price, what=_("Unit price")),
        parse_percentage(vat_rate, what=_("VAT rate")),
        checked_discount(discount),
    )


def checked_price(result: PriceResult, description: str) -> PriceResult:
    """Refuse a pricer answer that cannot be right (a negative price)."""
    if result.net_unit_price < 0 or result.line_total < 0:
        raise PosError(_("Pricing gave a negative price for “{line}”.").format(line=description))
    return result
