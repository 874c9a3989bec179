"""Typed text from the order form turned into OrderService calls: codes, line edits, header."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from tui_pos.core.errors import InvalidInput, NotFound
from tui_pos.core.order_lines import DiscountKind, ManualDiscount
from tui_pos.core.orders import DeliveryMethod
from tui_pos.services import order_input
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService


@pytest.fixture
def service(ctx: TillContext) -> OrderService:
    return OrderService(ctx)


def test_entry_adds_with_a_quantity_or_asks_for_a_variant(service: OrderService) -> None:
    order = service.new_order()
    added = order_input.enter_code(service, order, "3*1002")
    assert [(ln.article_code, ln.qty) for ln in added.lines] == [("1002", D(3))]
    parent = order_input.enter_code(service, order, "TSHIRT")
    assert parent.lines == () and parent.needs_variant is not None
    assert parent.needs_variant.code == "TSHIRT"
    with pytest.raises(NotFound):
        order_input.enter_code(service, order, "NOSUCH")
    assert len(order.lines) == 1


def test_matrix_quantities_are_added_all_or_none(service: OrderService) -> None:
    order = service.new_order()
    with pytest.raises(InvalidInput, match="at least one"):
        order_input.add_quantities(service, order, [("TSHIRT-BLA-S", ""), ("TSHIRT-BLA-M", " ")])
    with pytest.raises(InvalidInput):
        order_input.add_quantities(service, order, [("TSHIRT-BLA-S", "2"), ("TSHIRT-BLA-M", "0")])
    assert order.lines == []
    lines = order_input.add_quantities(
        service, order, [("TSHIRT-BLA-S", "2"), ("TSHIRT-BLA-M", "")]
    )
    assert [(ln.article_code, ln.qty) for ln in lines] == [("TSHIRT-BLA-S", D(2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10", ManualDiscount(DiscountKind.PERCENTAGE, D("10"))),
        ("12,5%", ManualDiscount(DiscountKind.PERCENTAGE, D("12.5"))),
        ("1,50-", ManualDiscount(DiscountKind.AMOUNT_OFF, D("1.50"))),
        ("-2", ManualDiscount(DiscountKind.AMOUNT_OFF, D("2.00"))),
        ("=9,95", ManualDiscount(DiscountKind.PRICE_OVERRIDE, D("9.95"))),
        ("", None),
        ("0", None),
    ],
)
def test_discount_syntax(text: str, expected: ManualDiscount | None) -> None:
    assert order_input.parse_discount(text) == expected


def test_line_edits_parse_then_change_through_the_service(service: OrderService) -> None:
    order = service.new_order()
    line = service.add_article(order, "1002")
    version = order.version
    for bad in ("abc", "0", "1.5", "99999"):
        with pytest.raises(InvalidInput):
            order_input.set_quantity(service, order, line.id, bad)
    with pytest.raises(InvalidInput):
        order_input.set_discount(service, order, line.id, "150")
    assert order.version == version and order.lines == [line]

    order_input.set_quantity(service, order, line.id, "4")
    order_input.set_unit_price(service, order, line.id, "2,00")
    order_input.set_discount(service, order, line.id, "25")
    order_input.set_note(service, order, line.id, "sliced")
    changed = order.line(line.id)
    assert (changed.qty, changed.unit_price, changed.note) == (D(4), D("2.00"), "sliced")
    assert changed.line_total == D("6.00")
    assert [d.order_id for d in service.load_drafts()] == [order.id]  # every edit keeps a draft


def test_header_fields_from_text(service: OrderService) -> None:
    order = service.new_order()
    order_input.set_header_field(service, order, "subject", "Wedding")
    order_input.set_header_field(service, order, "expected_delivery_date", "5-12-2026")
    order_input.set_header_field(service, order, "delivery_method", "delivery")
    assert order.header.subject == "Wedding"
    assert order.header.expected_delivery_date == date(2026, 12, 5)
    assert order.header.delivery_method is DeliveryMethod.DELIVERY
    values = order_input.header_values(order)
    assert values["expected_delivery_date"] == "2026-12-05"
    assert values["pickup_date"] == ""
    version = order.version
    with pytest.raises(InvalidInput, match="order date"):
        order_input.set_header_field(service, order, "order_date", "")
    with pytest.raises(InvalidInput, match="before the order date"):
        order_input.set_header_field(service, order, "pickup_date", "2020-01-01")
    with pytest.raises(InvalidInput, match="no field"):
        order_input.set_header_field(service, order, "number", "SO-9")
    assert order.version == version
    order_input.set_header_field(service, order, "pickup_date", "")
    assert order_input.toggle_prices_include_vat(service, order) is False
    assert order.header.prices_include_vat is False


def test_reminder_from_text_sets_and_clears(service: OrderService) -> None:
    order = service.new_order(customer_code="C114")
    service.add_article(order, "1001")
    assert order_input.set_reminder(service, order, "2026-12-24", "call") is True
    assert (order.reminder_date, order.reminder_note) == (date(2026, 12, 24), "call")
    assert order_input.set_reminder(service, order, "") is False
    assert order.reminder_date is None


def test_a_new_order_is_untouched_until_something_is_typed(service: OrderService) -> None:
    order = service.new_order()
    assert order_input.is_untouched_new(order)
    service.add_article(order, "1001")
    assert not order_input.is_untouched_new(order)
    service.save(order)
    assert not order_input.is_untouched_new(order)
