"""Creating orders, editing header, lines and groups, and the pricing seam."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from order_helpers import TODAY, Numbers, draft_order, header, line, make_ctx

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.order_actions import confirm, modify
from tui_pos.core.order_editing import (
    add_group,
    add_line,
    add_lines,
    new_order,
    remove_group,
    remove_line,
    rename_group,
    reprice,
    update_header,
    update_line,
)
from tui_pos.core.order_lines import (
    DiscountKind,
    ManualDiscount,
    PriceRequest,
    PriceResult,
    list_price_pricer,
)
from tui_pos.core.order_log import LogAction
from tui_pos.core.orders import CustomerRef, DeliveryMethod, OrderType


def test_new_order_starts_in_the_initial_state_with_a_log_entry() -> None:
    ctx = make_ctx()
    order = new_order(ctx, OrderType.SERVICE, header(subject=" Repair bike "), who="emp1")
    assert order.status == "draft" and order.is_editable
    assert order.number is None
    assert order.header.subject == "Repair bike"
    assert order.version == 1
    assert [e.action for e in order.log] == [LogAction.CREATED]
    assert order.log[0].text() == "Created (Service order)."


def test_add_line_prices_it_and_logs() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    added = add_line(ctx, order, line("Croissant", qty="3", price="1.25"), who="emp1")
    assert (added.net_unit_price, added.line_total) == (Decimal("1.25"), Decimal("3.75"))
    assert order.lines == [added]
    assert order.log[-1].action is LogAction.LINE_ADDED
    assert order.log[-1].text() == "Added 3 × Croissant at 1.25."


def test_weighed_quantities_are_allowed_for_weighed_articles_only() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    cheese = add_line(ctx, order, line("Cheese", qty="0.375", price="20.00", weighed=True), who="e")
    assert cheese.line_total == Decimal("7.50")
    with pytest.raises(InvalidInput, match="whole quantity"):
        add_line(ctx, order, line("Bread", qty="1.5"), who="e")


def test_add_many_is_all_or_nothing() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    version = order.version
    with pytest.raises(InvalidInput):
        add_lines(ctx, order, [line("A"), line("B", qty="0"), line("C")], who="emp1")
    assert order.lines == [] and order.version == version
    added = add_lines(ctx, order, [line("A"), line("B"), line("C")], who="emp1")
    assert (
        [ln.description for ln in order.lines] == ["A", "B", "C"] == [a.description for a in added]
    )
    assert order.version == version + 1  # one change, one version
    assert [e.action for e in order.log[-3:]] == [LogAction.LINE_ADDED] * 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"description": "  "}, "description"),
        ({"qty": "-1"}, "Quantity"),
        ({"price": "-1"}, "Unit price"),
        ({"price": "1.234"}, "two decimals"),
        ({"vat": "120"}, "VAT rate"),
        ({"discount": ManualDiscount(DiscountKind.PERCENTAGE, Decimal("150"))}, "Discount"),
    ],
)
def test_bad_line_input_is_refused(kwargs: dict[str, object], message: str) -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    with pytest.raises(InvalidInput, match=message):
        add_line(ctx, order, line(**kwargs), who="emp1")  # type: ignore[arg-type]
    assert order.lines == []


def test_update_line_reprices_and_logs_each_changed_field() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line("Cake", qty="2", price="10.00"))
    old = order.lines[0]
    discount = ManualDiscount(DiscountKind.PERCENTAGE, Decimal("10"))
    new = update_line(ctx, order, replace(old, qty=Decimal("3"), discount=discount), who="emp2")
    assert (new.net_unit_price, new.line_total) == (Decimal("9.00"), Decimal("27.00"))
    assert order.lines == [new]
    texts = [e.text() for e in order.log if e.action is LogAction.LINE_CHANGED]
    assert texts == [
        "Line “Cake”: Quantity changed from “2” to “3”.",
        "Line “Cake”: Discount changed from “—” to “10 %”.",
    ]
    assert new.discount_amount == Decimal("3.00")


def test_update_line_ignores_price_fields_and_refuses_another_article() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line("Cake", article_code="A1"))
    old = order.lines[0]
    assert update_line(ctx, order, replace(old, line_total=Decimal("1")), who="e") == old
    with pytest.raises(InvalidInput, match="article cannot be changed"):
        update_line(ctx, order, replace(old, article_code="A2"), who="e")


def test_unchanged_edit_is_not_a_change() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    version = order.version
    update_line(ctx, order, order.lines[0], who="e")
    update_header(ctx, order, order.header, who="e")
    assert order.version == version


def test_remove_line_and_unknown_line() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line("A"), line("B"))
    remove_line(ctx, order, order.lines[0].id, who="e")
    assert [ln.description for ln in order.lines] == ["B"]
    assert order.log[-1].text() == "Removed 1 × A."
    with pytest.raises(NotFound):
        remove_line(ctx, order, "nope", who="e")


def test_groups_headings_and_ungrouping() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line("Loose"))
    group = add_group(ctx, order, "Kitchen", who="e")
    add_line(ctx, order, line("Tap", group_id=group.id), who="e")
    rename_group(ctx, order, group.id, "Bathroom", who="e")
    sections = [
        (g.heading if g else None, [ln.description for ln in lines])
        for g, lines in order.sections()
    ]
    assert sections == [(None, ["Loose"]), ("Bathroom", ["Tap"])]
    with pytest.raises(NotFound):
        add_line(ctx, order, line("X", group_id="missing"), who="e")
    with pytest.raises(InvalidInput, match="heading"):
        add_group(ctx, order, " ", who="e")
    remove_group(ctx, order, group.id, who="e")
    assert order.groups == [] and all(ln.group_id is None for ln in order.lines)
    assert [e.action for e in order.log[-4:]] == [
        LogAction.GROUP_ADDED,
        LogAction.LINE_ADDED,
        LogAction.GROUP_CHANGED,
        LogAction.GROUP_REMOVED,
    ]


def test_moving_a_line_into_a_group_is_logged_with_the_heading() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line("Tap"))
    group = add_group(ctx, order, "Kitchen", who="e")
    update_line(ctx, order, replace(order.lines[0], group_id=group.id), who="e")
    assert order.log[-1].text() == "Line “Tap”: Group changed from “—” to “Kitchen”."


def test_header_change_is_logged_per_field() -> None:
    ctx = make_ctx(custom_field_names=frozenset({"colour"}))
    order = draft_order(ctx)
    new = replace(
        order.header,
        subject="Wedding cake",
        delivery_method=DeliveryMethod.DELIVERY,
        expected_delivery_date=date(2026, 3, 9),
        custom_fields={"colour": " white ", "size": "L"},
    )
    with pytest.raises(InvalidInput, match="Unknown extra field"):
        update_header(ctx, order, new, who="emp2")
    update_header(ctx, order, replace(new, custom_fields={"colour": " white "}), who="emp2")
    assert order.header.custom_fields == {"colour": "white"}
    texts = [e.text() for e in order.log if e.action is LogAction.HEADER_CHANGED]
    assert texts == [
        "Subject changed from “—” to “Wedding cake”.",
        "Delivery method changed from “Pickup” to “Delivery”.",
        "Expected delivery date changed from “—” to “2026-03-09”.",
        "Extra fields changed from “—” to “colour=white”.",
    ]
    assert all(e.who == "emp2" for e in order.log[1:])


@pytest.mark.parametrize("field", ["pickup_date", "expected_delivery_date"])
def test_dates_before_the_order_date_are_refused(field: str) -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    with pytest.raises(InvalidInput, match="before the order date") as err:
        changes: dict[str, Any] = {field: date(2026, 3, 1)}
        update_header(ctx, order, replace(order.header, **changes), who="e")
    assert err.value.field == field


@pytest.mark.parametrize(("field", "value"), [("employee", " "), ("branch", "")])
def test_header_needs_employee_and_branch(field: str, value: str) -> None:
    ctx = make_ctx()
    with pytest.raises(InvalidInput):
        new_order(ctx, OrderType.SALES, header(**{field: value}), who="e")


class RecordingPricer:
    """Customer C200 gets 20 % off; remembers every request."""

    def __init__(self) -> None:
        self.requests: list[PriceRequest] = []

    def __call__(self, request: PriceRequest) -> PriceResult:
        self.requests.append(request)
        if request.customer_code == "C200":
            net = (request.unit_price * Decimal("0.8")).quantize(Decimal("0.01"))
            return PriceResult(net, net * request.qty, "Customer discount 20 %.")
        return list_price_pricer(request)


def test_pricer_seam_gets_the_context_and_a_customer_change_reprices() -> None:
    pricer = RecordingPricer()
    ctx = make_ctx(pricer=pricer)
    order = draft_order(ctx, line("Cake", qty="2", price="10.00", article_code="A1"))
    request = pricer.requests[-1]
    assert (request.article_code, request.customer_code, request.order_date) == (
        "A1",
        "C100",
        TODAY,
    )
    assert request.prices_include_vat is True
    update_header(ctx, order, replace(order.header, customer=CustomerRef("C200", "Vos")), who="e")
    assert order.lines[0].line_total == Decimal("16.00")
    assert order.lines[0].price_explanation == "Customer discount 20 %."
    assert order.log[-1].action is LogAction.LINES_REPRICED


def test_reprice_counts_changed_lines() -> None:
    pricer = RecordingPricer()
    ctx = make_ctx(pricer=pricer)
    order = draft_order(ctx, line("A"), line("B"))
    assert reprice(ctx, order, who="e") == 0
    order.header = replace(order.header, customer=CustomerRef("C200", "Vos"))
    assert reprice(ctx, order, who="e") == 2


def test_switching_vat_basis_converts_prices_and_keeps_the_total() -> None:
    ctx = make_ctx()
    order = draft_order(
        ctx, line("Cake", qty="3", price="12.10", vat="21"), line("Tea", price="5.45", vat="9")
    )
    before = order.totals()
    update_header(ctx, order, replace(order.header, prices_include_vat=False), who="e")
    assert [ln.unit_price for ln in order.lines] == [Decimal("10.00"), Decimal("5.00")]
    after = order.totals()
    assert after.total_incl_vat == before.total_incl_vat
    assert after.total_excl_vat == before.total_excl_vat


def test_editing_is_refused_once_confirmed_with_a_hint_to_modify() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    confirm(ctx, order, who="e", number_source=Numbers())
    version = order.version
    attempts = [
        lambda: add_line(ctx, order, line(), who="e"),
        lambda: update_line(ctx, order, replace(order.lines[0], qty=Decimal(5)), who="e"),
        lambda: remove_line(ctx, order, order.lines[0].id, who="e"),
        lambda: add_group(ctx, order, "G", who="e"),
        lambda: update_header(ctx, order, replace(order.header, subject="x"), who="e"),
        lambda: reprice(ctx, order, who="e"),
    ]
    for attempt in attempts:
        with pytest.raises(PosError) as err:
            attempt()
        assert (
            err.value.message
            == "An order that is Confirmed cannot be changed; choose Modify first."
        )
    assert order.version == version and len(order.lines) == 1
    modify(ctx, order, who="e")
    add_line(ctx, order, line("More"), who="e")
    assert len(order.lines) == 2


def test_editing_a_completed_order_gives_no_modify_hint() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    order.status, order.status_kind = "completed", ctx.flow.state("completed").kind
    with pytest.raises(PosError) as err:
        add_line(ctx, order, line(), who="e")
    assert err.value.message == "An order that is Completed cannot be changed."


def test_every_change_needs_someone() -> None:
    ctx = make_ctx()
    order = draft_order(ctx)
    with pytest.raises(InvalidInput, match="employee"):
        add_line(ctx, order, line(), who=" ")
