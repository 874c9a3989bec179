"""The configurable order status flow (ORD-7): states, their kinds, allowed moves, validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.i18n import _


class StatusKind(StrEnum):
    """What a state means to the program, whatever the shop calls it."""

    DRAFT = "draft"  # editable: lines and header may change
    OPEN = "open"  # placed, being worked on
    READY = "ready"  # ready for pickup / invoicing
    DONE = "done"  # nothing left to do (paid, completed, converted)
    CANCELLED = "cancelled"


#: Kinds that count as "open" in the order queue and the till's "Choose order" (QUE-1, CHK-10).
ACTIVE_KINDS = frozenset({StatusKind.OPEN, StatusKind.READY})


@dataclass(frozen=True)
class OrderStatus:
    """One state: `label` is the English source string, translated when shown."""

    key: str
    label: str
    kind: StatusKind
    to: tuple[str, ...]

    @property
    def editable(self) -> bool:
        return self.kind is StatusKind.DRAFT

    @property
    def final(self) -> bool:
        return not self.to

    def display(self) -> str:
        return _(self.label)


@dataclass(frozen=True)
class StatusFlow:
    """A validated flow; build it with `load_status_flow`.

    The roles name the states the order operations move to: `initial` (new orders), `confirm`,
    `modify` (back to editing), `cancel` ("fully cancelled") and `convert` (a converted quote).
    """

    states: Mapping[str, OrderStatus]
    initial: str
    confirm: str
    modify: str
    cancel: str
    convert: str

    def state(self, key: str) -> OrderStatus:
        try:
            return self.states[key]
        except KeyError:
            raise NotFound(_("Unknown order status “{key}”.").format(key=key)) from None

    def label(self, key: str) -> str:
        """The translated label of a state (the key itself when unknown, for old data)."""
        status = self.states.get(key)
        return status.display() if status else key

    def can_move(self, source: str, target: str) -> bool:
        status = self.states.get(source)
        return status is not None and target in status.to and target in self.states

    def check_move(self, source: str, target: str) -> None:
        """Raise a clear PosError unless the flow allows `source` → `target`."""
        old, new = self.state(source), self.state(target)
        if target not in old.to:
            raise PosError(
                _("An order that is {old} cannot move to {new}.").format(
                    old=old.display(), new=new.display()
                )
            )

    def targets(self, source: str) -> tuple[OrderStatus, ...]:
        """The states `source` may move to, in the order the flow lists them."""
        return tuple(self.states[key] for key in self.state(source).to)

    def keys_of_kind(self, *kinds: StatusKind) -> frozenset[str]:
        return frozenset(key for key, status in self.states.items() if status.kind in kinds)

    def transitions(self) -> frozenset[tuple[str, str]]:
        """Every allowed (source, target) pair."""
        return frozenset((s.key, t) for s in self.states.values() for t in s.to)


_ROLES = ("initial", "confirm", "modify", "cancel", "convert")
_ROLE_KINDS: dict[str, frozenset[StatusKind]] = {
    "initial": frozenset({StatusKind.DRAFT}),
    "confirm": frozenset({StatusKind.OPEN, StatusKind.READY}),
    "modify": frozenset({StatusKind.DRAFT}),
    "cancel": frozenset({StatusKind.CANCELLED}),
    "convert": frozenset({StatusKind.DONE}),
}
_STATE_KEYS = frozenset({"label", "kind", "to"})


def _flow_error(detail: str) -> InvalidInput:
    return InvalidInput(_("Order status flow: {detail}").format(detail=detail))


def _load_state(key: str, raw: object) -> OrderStatus:
    if not isinstance(raw, Mapping):
        raise _flow_error(_("state “{key}” must be a table.").format(key=key))
    unknown = sorted(set(raw) - _STATE_KEYS)
    if unknown:
        raise _flow_error(
            _("state “{key}” has unknown setting(s): {names}.").format(
                key=key, names=", ".join(unknown)
            )
        )
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise _flow_error(_("state “{key}” needs a label.").format(key=key))
    kind_text = raw.get("kind")
    try:
        kind = StatusKind(str(kind_text))
    except ValueError:
        raise _flow_error(
            _("state “{key}” has kind “{kind}”; use one of: {kinds}.").format(
                key=key, kind=kind_text, kinds=", ".join(k.value for k in StatusKind)
            )
        ) from None
    targets = raw.get("to", [])
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise _flow_error(_("state “{key}”: “to” must be a list of state names.").format(key=key))
    if key in targets:
        raise _flow_error(_("state “{key}” cannot move to itself.").format(key=key))
    if len(set(targets)) != len(targets):
        raise _flow_error(_("state “{key}” lists a target twice.").format(key=key))
    return OrderStatus(key=key, label=label.strip(), kind=kind, to=tuple(targets))


def load_status_flow(data: Mapping[str, object]) -> StatusFlow:
    """Build and validate a flow from a parsed TOML document (`[roles]` and `[states.*]`)."""
    unknown = sorted(set(data) - {"roles", "states"})
    if unknown:
        raise _flow_error(_("unknown section(s): {names}.").format(names=", ".join(unknown)))
    raw_states = data.get("states")
    if not isinstance(raw_states, Mapping) or not raw_states:
        raise _flow_error(_("no states defined."))
    states = {str(key): _load_state(str(key), raw) for key, raw in raw_states.items()}
    for status in states.values():
        for target in status.to:
            if target not in states:
                raise _flow_error(
                    _("state “{key}” moves to unknown state “{target}”.").format(
                        key=status.key, target=target
                    )
                )
        if status.kind is StatusKind.CANCELLED and status.to:
            raise _flow_error(
                _("cancelled state “{key}” must be final (no “to”).").format(key=status.key)
            )

    raw_roles = data.get("roles")
    if not isinstance(raw_roles, Mapping):
        raise _flow_error(_("missing [roles] section."))
    unknown = sorted(set(raw_roles) - set(_ROLES))
    if unknown:
        raise _flow_error(_("unknown role(s): {names}.").format(names=", ".join(unknown)))
    roles: dict[str, str] = {}
    for role in _ROLES:
        key = raw_roles.get(role)
        if not isinstance(key, str):
            raise _flow_error(_("role “{role}” must name a state.").format(role=role))
        if key not in states:
            raise _flow_error(
                _("role “{role}” names unknown state “{key}”.").format(role=role, key=key)
            )
        allowed = _ROLE_KINDS[role]
        if states[key].kind not in allowed:
            raise _flow_error(
                _("role “{role}” needs a state of kind {kinds}; “{key}” is {kind}.").format(
                    role=role,
                    kinds=" / ".join(sorted(k.value for k in allowed)),
                    key=key,
                    kind=states[key].kind.value,
                )
            )
        roles[role] = key

    for source in (roles["initial"], roles["modify"]):
        if roles["confirm"] not in states[source].to:
            raise _flow_error(
                _("state “{key}” must be able to move to “{target}” (confirm).").format(
                    key=source, target=roles["confirm"]
                )
            )
    reachable = _reachable(states, roles["initial"])
    unreachable = [key for key in states if key not in reachable]
    if unreachable:
        raise _flow_error(
            _("state(s) {names} cannot be reached from “{initial}”.").format(
                names=", ".join(unreachable), initial=roles["initial"]
            )
        )
    return StatusFlow(states=states, **roles)


def _reachable(states: Mapping[str, OrderStatus], start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in states[todo.pop()].to:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
