"""Loading a status flow: the default file is valid; mistakes give a clear error."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from order_helpers import flow_data

from tui_pos.core.errors import InvalidInput
from tui_pos.core.order_status import StatusKind, load_status_flow


def test_default_file_loads_with_all_roles() -> None:
    flow = load_status_flow(flow_data())
    assert (flow.initial, flow.confirm, flow.modify, flow.cancel, flow.convert) == (
        "draft",
        "confirmed",
        "draft",
        "cancelled",
        "converted",
    )
    assert flow.state("in_progress").kind is StatusKind.OPEN
    assert flow.state("draft").editable and not flow.state("confirmed").editable


def minimal() -> dict[str, Any]:
    return {
        "roles": {
            "initial": "new",
            "confirm": "open",
            "modify": "new",
            "cancel": "gone",
            "convert": "done",
        },
        "states": {
            "new": {"label": "New", "kind": "draft", "to": ["open", "gone", "done"]},
            "open": {"label": "Open", "kind": "open", "to": ["new", "done", "gone"]},
            "done": {"label": "Done", "kind": "done"},
            "gone": {"label": "Gone", "kind": "cancelled"},
        },
    }


def test_a_minimal_custom_flow_loads() -> None:
    flow = load_status_flow(minimal())
    assert flow.transitions() == {
        ("new", "open"),
        ("new", "gone"),
        ("new", "done"),
        ("open", "new"),
        ("open", "done"),
        ("open", "gone"),
    }


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value

    return change


DELETE = object()

BROKEN = {
    "unknown target": (_set("states.open.to", ["nowhere"]), "unknown state “nowhere”"),
    "no states": (_set("states", {}), "no states"),
    "no roles": (_set("roles", DELETE), "missing [roles]"),
    "initial not draft": (
        _set("roles.initial", "open"),
        "role “initial” needs a state of kind draft",
    ),
    "initial unknown": (
        _set("roles.initial", "start"),
        "role “initial” names unknown state “start”",
    ),
    "role missing": (_set("roles.cancel", DELETE), "role “cancel” must name a state"),
    "unknown role": (_set("roles.archive", "done"), "unknown role(s): archive"),
    "cancel not final": (_set("states.gone.to", ["new"]), "must be final"),
    "cancel wrong kind": (
        _set("roles.cancel", "done"),
        "role “cancel” needs a state of kind cancelled",
    ),
    "bad kind": (_set("states.open.kind", "busy"), "kind “busy”"),
    "no label": (_set("states.open.label", " "), "needs a label"),
    "self move": (_set("states.open.to", ["open"]), "cannot move to itself"),
    "twice": (_set("states.new.to", ["open", "open"]), "lists a target twice"),
    "typo key": (_set("states.open.too", ["done"]), "unknown setting(s): too"),
    "to not list": (_set("states.open.to", "done"), "must be a list"),
    "state not table": (_set("states.open", "x"), "must be a table"),
    "unknown section": (_set("status", {}), "unknown section(s): status"),
    "cannot confirm": (_set("states.new.to", ["gone", "done"]), "must be able to move to “open”"),
    "unreachable": (
        _set("states.lost", {"label": "Lost", "kind": "open", "to": ["gone"]}),
        "lost cannot be reached",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_invalid_flow_is_refused_with_a_clear_message(name: str) -> None:
    change, expected = BROKEN[name]
    data = copy.deepcopy(minimal())
    change(data)
    with pytest.raises(InvalidInput) as err:
        load_status_flow(data)
    assert err.value.message.startswith("Order status flow: ")
    assert expected in err.value.message
