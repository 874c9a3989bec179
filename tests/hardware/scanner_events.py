"""Synthetic evdev key events for scanner tests (there is no /dev/uinput on our machines)."""

from __future__ import annotations

from evdev import InputEvent, ecodes

from tui_pos.hardware.keymaps import LAYOUTS, KeyboardLayout

SHIFT = ecodes.KEY_LEFTSHIFT
ALTGR = ecodes.KEY_RIGHTALT


def key(code: int, value: int, t: float = 0.0) -> InputEvent:
    return InputEvent(int(t), int((t % 1) * 1_000_000), ecodes.EV_KEY, code, value)


def syn() -> InputEvent:
    return InputEvent(0, 0, ecodes.EV_SYN, ecodes.SYN_REPORT, 0)


def tap(code: int, *modifiers: int) -> list[InputEvent]:
    """Press modifiers, press and release the key (with SYN reports), release the modifiers."""
    events = [key(m, 1) for m in modifiers]
    events += [key(code, 1), syn(), key(code, 0), syn()]
    events += [key(m, 0) for m in reversed(modifiers)]
    return events


def typed(
    text: str, layout: KeyboardLayout | None = None, *, enter: bool = True
) -> list[InputEvent]:
    """The events a scanner emulating `layout` sends for `text` (+ Enter)."""
    layout = layout or LAYOUTS["us"]
    reverse: dict[str, tuple[int, ...]] = {}
    for code, (plain, shifted, altgr) in sorted(layout.keys.items(), reverse=True):
        for char, mods in ((altgr, (ALTGR,)), (shifted, (SHIFT,)), (plain, ())):
            if char:
                reverse[char] = (code, *mods)
    events: list[InputEvent] = []
    for char in text:
        code, *mods = reverse[char]
        events += tap(code, *mods)
    if enter:
        events += tap(ecodes.KEY_ENTER)
    return events
