"""What people type on the order form, turned into OrderService calls (ORD-1…3, 5, 11).

Each function parses text the way the till does (`3*1002`, `12,50`, `10` = 10 %, `1,50-` off
each, `=9,95` a net price) and changes the order only through the service; bad input raises
InvalidInput with a message for the user and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from tui_pos.core.catalog import ArticleInfo
from tui_pos.core.dates import parse_date
from tui_pos.core.errors import InvalidInput
from tui_pos.core.money import parse_amount, parse_percentage, parse_quantity
from tui_pos.core.order_lines import DiscountKind, ManualDiscount, OrderLine
from tui_pos.core.orders import HEADER_FIELD_LABELS, DeliveryMethod, Order
from tui_pos.i18n import _
from tui_pos.services.orders import OrderService

#: Header fields typed as plain text.
TEXT_FIELDS = (
    "subject",
    "our_reference",
    "customer_reference",
    "employee",
    "branch",
    "payment_terms",
    "fixed_text",
    "note",
)
#: Header fields typed as dates (the order date is required, the others may be empty).
DATE_FIELDS = ("order_date", "pickup_date", "expected_delivery_date")


@dataclass(frozen=True)
class EntryOutcome:
    """What a typed or scanned code did: added `lines`, or needs a colour/size choice first."""

    lines: tuple[OrderLine, ...] = ()
    needs_variant: ArticleInfo | None = None


def split_quantity(text: str) -> tuple[str, str]:
    """`3*1002` → ("3", "1002"); a plain code has quantity 1."""
    qty, sep, code = text.strip().partition("*")
    if not sep:
        return "1", qty.strip()
    return qty.strip() or "1", code.strip()


def enter_code(
    service: OrderService, order: Order, text: str, *, group_id: str | None = None
) -> EntryOutcome:
    """Add the article whose code or barcode was typed or scanned (`3*code` adds three)."""
    qty, code = split_quantity(text)
    article = service.find_article(code)
    if article.is_variant_parent:
        return EntryOutcome(needs_variant=article)
    line = service.add_article(order, article, qty, group_id=group_id)
    return EntryOutcome(lines=(line,))


def add_quantities(
    service: OrderService,
    order: Order,
    quantities: list[tuple[str, str]],
    *,
    group_id: str | None = None,
) -> list[OrderLine]:
    """The variant matrix's cells as (code, typed quantity); empty cells are skipped; all or
    none are added."""
    items: list[tuple[ArticleInfo | str, Decimal | str]] = [
        (code, qty.strip()) for code, qty in quantities if qty.strip()
    ]
    if not items:
        raise InvalidInput(_("Type a quantity in at least one colour and size."))
    return service.add_articles(order, items, group_id=group_id)


# -- editing a line --------------------------------------------------------------------------
def set_quantity(service: OrderService, order: Order, line_id: str, text: str) -> OrderLine:
    line = order.line(line_id)
    qty = parse_quantity(
        text, weighed=line.weighed, max_qty=service.settings.till.max_line_quantity
    )
    return service.update_line(order, replace(line, qty=qty))


def set_unit_price(service: OrderService, order: Order, line_id: str, text: str) -> OrderLine:
    price = parse_amount(text, what=_("Unit price"))
    return service.update_line(order, replace(order.line(line_id), unit_price=price))


def parse_discount(text: str) -> ManualDiscount | None:
    """`10` or `10%` = 10 %; `1,50-` (or `-1,50`) = 1,50 off each; `=9,95` = net price 9,95;
    empty or 0 = no manual discount."""
    raw = text.strip().replace(" ", "")
    if not raw:
        return None
    if raw.startswith("="):
        return ManualDiscount(DiscountKind.PRICE_OVERRIDE, parse_amount(raw[1:], what=_("Price")))
    if raw.endswith("-") or raw.startswith("-"):
        amount = parse_amount(raw.strip("-"), what=_("Discount"), allow_zero=False)
        return ManualDiscount(DiscountKind.AMOUNT_OFF, amount)
    pct = parse_percentage(raw.rstrip("%"), what=_("Discount"))
    return ManualDiscount(DiscountKind.PERCENTAGE, pct) if pct else None


def set_discount(service: OrderService, order: Order, line_id: str, text: str) -> OrderLine:
    discount = parse_discount(text)
    return service.update_line(order, replace(order.line(line_id), discount=discount))


def set_note(service: OrderService, order: Order, line_id: str, text: str) -> OrderLine:
    return service.update_line(order, replace(order.line(line_id), note=text))


def set_description(service: OrderService, order: Order, line_id: str, text: str) -> OrderLine:
    return service.update_line(order, replace(order.line(line_id), description=text))


def set_group(service: OrderService, order: Order, line_id: str, group_id: str | None) -> OrderLine:
    return service.update_line(order, replace(order.line(line_id), group_id=group_id))


# -- the header ----------------------------------------------------------------------------
def _date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


def header_values(order: Order) -> dict[str, str | bool]:
    """The header as the form's fields show it (dates as 2026-12-31)."""
    header = order.header
    values: dict[str, str | bool] = {name: str(getattr(header, name)) for name in TEXT_FIELDS}
    for name in DATE_FIELDS:
        values[name] = _date_text(getattr(header, name))
    values["delivery_method"] = header.delivery_method.value
    values["prices_include_vat"] = header.prices_include_vat
    return values


def set_header_field(service: OrderService, order: Order, name: str, value: str | bool) -> None:
    """One header field from the form: text, a typed date, the delivery method or the VAT basis."""
    header = order.header
    changes: dict[str, Any]
    if name in TEXT_FIELDS:
        changes = {name: str(value)}
        header = replace(header, **changes)
    elif name in DATE_FIELDS:
        day = parse_date(str(value), what=_(HEADER_FIELD_LABELS[name]))
        if day is None and name == "order_date":
            raise InvalidInput(_("An order needs an order date."), field=name)
        changes = {name: day}
        header = replace(header, **changes)
    elif name == "delivery_method":
        try:
            method = DeliveryMethod(str(value))
        except ValueError:
            raise InvalidInput(_("Choose pickup or delivery."), field=name) from None
        header = replace(header, delivery_method=method)
    elif name == "prices_include_vat":
        header = replace(header, prices_include_vat=bool(value))
    else:
        raise InvalidInput(_("The order has no field “{name}”.").format(name=name), field=name)
    service.update_header(order, header)


def set_custom_field(service: OrderService, order: Order, name: str, text: str) -> None:
    """One of the shop's extra fields (settings [orders] custom_fields); empty removes it."""
    fields = dict(order.header.custom_fields)
    fields[name] = text
    service.update_header(order, replace(order.header, custom_fields=fields))


def toggle_prices_include_vat(service: OrderService, order: Order) -> bool:
    """Switch the order between prices incl. and excl. VAT (ORD-3); returns the new basis."""
    include = not order.header.prices_include_vat
    set_header_field(service, order, "prices_include_vat", include)
    return include


# -- actions with typed values ---------------------------------------------------------------
def set_reminder(service: OrderService, order: Order, date_text: str, note: str = "") -> bool:
    """Set the follow-up date (ORD-11) from typed text; empty clears it. True when one is set."""
    day = parse_date(date_text, what=_("Reminder date"))
    if day is None:
        if order.reminder_date is not None:
            service.clear_reminder(order)
        return False
    service.set_reminder(order, day, note.strip())
    return True


def is_untouched_new(order: Order) -> bool:
    """A new order nobody typed anything into yet (only its "created" entry): closing it loses
    nothing, so the form need not ask."""
    return order.stored_version == 0 and order.version == 1
