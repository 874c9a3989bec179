"""Every transition of the default flow file, legal and illegal, through the order operations."""

from __future__ import annotations

import itertools

import pytest
from order_helpers import Numbers, default_flow, draft_order, flow_data, line, make_ctx

from tui_pos.core.errors import PosError
from tui_pos.core.order_actions import cancel, confirm, move_status
from tui_pos.core.order_context import OrderContext
from tui_pos.core.order_conversion import convert_quote
from tui_pos.core.order_status import StatusKind
from tui_pos.core.orders import Order, OrderType

RAW_STATES = flow_data()["states"]
ROLES = flow_data()["roles"]
LEGAL = sorted((s, t) for s, raw in RAW_STATES.items() for t in raw.get("to", []))
ILLEGAL = sorted(
    (s, t)
    for s, t in itertools.product(RAW_STATES, RAW_STATES)
    if t not in RAW_STATES[s].get("to", [])
)


def order_in(ctx: OrderContext, state: str, *, quote: bool) -> Order:
    """An order as the store would load it in `state` (numbered once past draft)."""
    order = draft_order(ctx, line(), order_type=OrderType.QUOTE if quote else OrderType.SALES)
    order.status = state
    order.status_kind = ctx.flow.state(state).kind
    if order.status_kind is not StatusKind.DRAFT:
        order.number = "SO-1"
    return order


def apply(ctx: OrderContext, order: Order, target: str) -> None:
    """Reach `target` the way the program does: each role has its own operation."""
    flow = ctx.flow
    if target == flow.cancel:
        cancel(ctx, order, who="emp2", confirmed=True)
    elif target == flow.convert:
        convert_quote(ctx, order, who="emp2")
    elif target == flow.confirm and order.is_editable:
        confirm(ctx, order, who="emp2", number_source=Numbers())
    else:
        move_status(ctx, order, target, who="emp2")


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_legal_transition(source: str, target: str) -> None:
    ctx = make_ctx()
    order = order_in(ctx, source, quote=target == ROLES["convert"])
    version = order.version
    apply(ctx, order, target)
    assert order.status == target
    assert order.status_kind is ctx.flow.state(target).kind
    assert order.version == version + 1
    assert order.log[-1].who == "emp2"


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_illegal_transition_is_refused_and_changes_nothing(source: str, target: str) -> None:
    ctx = make_ctx()
    order = order_in(ctx, source, quote=target == ROLES["convert"])
    before = (order.status, order.version, len(order.log), order.number)
    with pytest.raises(PosError):
        apply(ctx, order, target)
    assert (order.status, order.version, len(order.log), order.number) == before


def test_illegal_move_message_names_both_states() -> None:
    ctx = make_ctx()
    order = order_in(ctx, "completed", quote=False)
    with pytest.raises(PosError) as err:
        move_status(ctx, order, "ready_for_pickup", who="emp1")
    assert err.value.message == "An order that is Completed cannot move to Ready for pickup."


def test_default_flow_follows_the_seeds() -> None:
    flow = default_flow()
    assert flow.state(flow.initial).kind is StatusKind.DRAFT
    assert flow.state(flow.cancel).label == "Fully cancelled"
    # cancelling is possible from every state that is not final (ORD-4)
    for status in flow.states.values():
        if not status.final:
            assert flow.cancel in status.to, status.key
    # the Norwegian flow: in progress → ready for invoicing → reminded → paid
    for source, target in [
        ("in_progress", "ready_for_invoicing"),
        ("ready_for_invoicing", "reminded"),
        ("reminded", "paid"),
        ("paid", "completed"),
        ("confirmed", "ready_for_pickup"),
    ]:
        assert flow.can_move(source, target), (source, target)
    assert flow.state("completed").final


def test_targets_lists_moves_in_flow_order() -> None:
    flow = default_flow()
    assert [s.key for s in flow.targets("reminded")] == RAW_STATES["reminded"]["to"]
    assert flow.keys_of_kind(StatusKind.CANCELLED) == {"cancelled"}


@pytest.mark.parametrize("role", ["cancel", "convert"])
def test_move_status_refuses_states_that_have_their_own_operation(role: str) -> None:
    ctx = make_ctx()
    order = order_in(ctx, "confirmed", quote=False)
    with pytest.raises(PosError, match="Use"):
        move_status(ctx, order, ROLES[role], who="emp1")
    assert order.status == "confirmed"


def test_move_status_refuses_confirming_a_draft() -> None:
    ctx = make_ctx()
    order = order_in(ctx, "draft", quote=False)
    with pytest.raises(PosError, match="Confirm"):
        move_status(ctx, order, "confirmed", who="emp1")
    assert order.number is None


def test_unknown_target_state_is_refused() -> None:
    ctx = make_ctx()
    order = order_in(ctx, "confirmed", quote=False)
    with pytest.raises(PosError, match="Unknown order status “shipped”"):
        move_status(ctx, order, "shipped", who="emp1")
