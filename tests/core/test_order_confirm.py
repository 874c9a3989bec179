"""Confirm assigns the number once; modify and confirm again keeps it (ORD-4); versions."""

from __future__ import annotations

import pytest
from order_helpers import FakeClock, Numbers, draft_order, line, make_ctx

from tui_pos.core.errors import PosError
from tui_pos.core.order_actions import confirm, modify, move_status
from tui_pos.core.order_log import LogAction
from tui_pos.core.orders import OrderType


def test_first_confirm_asks_the_number_source_once() -> None:
    ctx = make_ctx()
    numbers = Numbers()
    order = draft_order(ctx, line())
    assert confirm(ctx, order, who="emp2", number_source=numbers) == "SO-1001"
    assert numbers.asked == [OrderType.SALES]
    assert order.number == "SO-1001"
    assert order.status == "confirmed" and not order.is_editable
    assert order.log[-1].action is LogAction.CONFIRMED
    assert order.log[-1].text() == "Confirmed as number SO-1001."


def test_modify_and_confirm_again_keeps_the_number() -> None:
    ctx = make_ctx()
    numbers = Numbers()
    order = draft_order(ctx, line())
    confirm(ctx, order, who="e", number_source=numbers)
    modify(ctx, order, who="e")
    assert order.is_editable and order.status == "draft"
    assert order.log[-1].text() == "Opened for changes (was Confirmed)."
    assert confirm(ctx, order, who="e", number_source=numbers) == "SO-1001"
    assert numbers.asked == [OrderType.SALES]
    assert order.log[-1].text() == "Confirmed again (number SO-1001 kept)."


def test_modify_from_in_progress_and_via_move_status() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    confirm(ctx, order, who="e", number_source=Numbers())
    move_status(ctx, order, "in_progress", who="e")
    move_status(ctx, order, "draft", who="e")  # entering an editable state is a Modify
    assert order.is_editable and order.log[-1].action is LogAction.MODIFIED


def test_modify_refused_when_already_editable_or_final() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    with pytest.raises(PosError, match="already be changed"):
        modify(ctx, order, who="e")
    order.status, order.status_kind = "completed", ctx.flow.state("completed").kind
    with pytest.raises(PosError, match="Completed cannot move to Draft"):
        modify(ctx, order, who="e")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("empty", "empty order cannot be confirmed"),
        ("no_customer", "Choose a customer"),
    ],
)
def test_confirm_refusals_do_not_use_up_a_number(setup: str, message: str) -> None:
    ctx = make_ctx()
    numbers = Numbers()
    order = draft_order(ctx) if setup == "empty" else draft_order(ctx, line(), customer=None)
    version = order.version
    with pytest.raises(PosError, match=message):
        confirm(ctx, order, who="e", number_source=numbers)
    assert numbers.asked == [] and order.number is None and order.version == version


def test_confirming_twice_is_refused() -> None:
    ctx = make_ctx()
    numbers = Numbers()
    order = draft_order(ctx, line())
    confirm(ctx, order, who="e", number_source=numbers)
    with pytest.raises(PosError, match="already confirmed"):
        confirm(ctx, order, who="e", number_source=numbers)
    assert numbers.asked == [OrderType.SALES]


def test_a_blank_number_confirms_nothing() -> None:
    ctx = make_ctx()
    order = draft_order(ctx, line())
    with pytest.raises(PosError, match="No order number"):
        confirm(ctx, order, who="e", number_source=lambda _type: " ")
    assert order.status == "draft" and order.number is None


def test_quotes_are_numbered_by_their_own_type() -> None:
    ctx = make_ctx()
    numbers = Numbers()
    quote = draft_order(ctx, line(), order_type=OrderType.QUOTE)
    confirm(ctx, quote, who="e", number_source=numbers)
    assert numbers.asked == [OrderType.QUOTE]


def test_version_counts_every_change_and_dirty_tracks_saves() -> None:
    clock = FakeClock()
    ctx = make_ctx(clock=clock)
    order = draft_order(ctx)
    assert order.version == 1 and order.is_dirty
    order.stored_version = order.version  # what the store does after saving
    assert not order.is_dirty
    clock.advance(minutes=5)
    confirm_ready = draft_order(ctx, line())
    versions = [confirm_ready.version]
    confirm(ctx, confirm_ready, who="e", number_source=Numbers())
    versions.append(confirm_ready.version)
    move_status(ctx, confirm_ready, "in_progress", who="e")
    versions.append(confirm_ready.version)
    assert versions == [2, 3, 4]
    assert confirm_ready.updated_at == clock.now
