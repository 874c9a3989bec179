"""Turns a scanner's evdev key events into complete codes (shift, AltGr, Ctrl, Enter)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Protocol

from evdev import ecodes

from tui_pos.hardware.keymaps import LAYOUTS, KeyboardLayout

log = logging.getLogger(__name__)

KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
_SHIFT = frozenset({ecodes.KEY_LEFTSHIFT, ecodes.KEY_RIGHTSHIFT})
_CTRL = frozenset({ecodes.KEY_LEFTCTRL, ecodes.KEY_RIGHTCTRL})
_ALTGR = ecodes.KEY_RIGHTALT
_ALT = ecodes.KEY_LEFTALT
_KEYPAD_DIGITS = {ecodes.ecodes[f"KEY_KP{d}"]: d for d in "0123456789"}
DEFAULT_TERMINATORS = frozenset({ecodes.KEY_ENTER, ecodes.KEY_KPENTER})
#: A code longer than this is garbage (a stuck key, a scanner in the wrong mode): dropped.
MAX_CODE_LENGTH = 4096


class KeyEventLike(Protocol):
    """What the decoder reads of an `evdev.InputEvent`."""

    type: int
    code: int
    value: int


class KeyDecoder:
    """Stateful decoder for one device: feed events in order, get a code at each Enter.

    - Shift (left/right), AltGr (right Alt) and the layout table pick the character.
    - Ctrl + a key typing @, A-Z, [, \\, ], ^ or _ gives the ASCII control character, so
      Ctrl+] is the GS (FNC1) separator of GS1 codes.
    - Left Alt held while typing keypad digits gives the character with that number (how some
      scanners send GS: Alt+029).
    - Key repeats (value 2) are ignored: a scanner never holds a key down on purpose.
    - `prefix`/`suffix` are stripped from a code when present.
    """

    def __init__(
        self,
        layout: KeyboardLayout | None = None,
        *,
        prefix: str = "",
        suffix: str = "",
        terminators: Iterable[int] = DEFAULT_TERMINATORS,
    ) -> None:
        self.layout = layout or LAYOUTS["us"]
        self.prefix = prefix
        self.suffix = suffix
        self.terminators = frozenset(terminators)
        self._held: set[int] = set()
        self._chars: list[str] = []
        self._alt_digits = ""

    def reset(self) -> None:
        """Forget a half-read code and held modifiers (after an unplug)."""
        self._held.clear()
        self._chars.clear()
        self._alt_digits = ""

    def feed(self, event: KeyEventLike) -> str | None:
        """Process one event; return a complete code when it ends one, else None."""
        if event.type != ecodes.EV_KEY or event.value == KEY_REPEAT:
            return None
        code = event.code
        if event.value == KEY_UP:
            self._held.discard(code)
            if code == _ALT:
                self._finish_alt_code()
            return None
        if code in self.terminators:
            return self._finish()
        if code in _SHIFT or code in _CTRL or code in (_ALTGR, _ALT):
            self._held.add(code)
            return None
        if _ALT in self._held and code in _KEYPAD_DIGITS:
            self._alt_digits += _KEYPAD_DIGITS[code]
            return None
        self._type(code)
        return None

    def decode(self, events: Iterable[KeyEventLike]) -> Iterator[str]:
        """All complete codes in an event stream."""
        for event in events:
            code = self.feed(event)
            if code is not None:
                yield code

    def _type(self, code: int) -> None:
        shift = not self._held.isdisjoint(_SHIFT)
        char = self.layout.char(code, shift=shift, altgr=_ALTGR in self._held)
        if not char:
            log.debug("scanner key %s types nothing in layout %s", code, self.layout.name)
            return
        if not self._held.isdisjoint(_CTRL):
            upper = char.upper()
            if not "@" <= upper <= "_":
                return
            char = chr(ord(upper) & 0x1F)
        self._append(char)

    def _finish_alt_code(self) -> None:
        digits, self._alt_digits = self._alt_digits, ""
        if digits and int(digits) < 0x110000:
            self._append(chr(int(digits)))

    def _append(self, char: str) -> None:
        if len(self._chars) >= MAX_CODE_LENGTH:
            log.warning("scanner input longer than %d characters dropped", MAX_CODE_LENGTH)
            self._chars.clear()
        self._chars.append(char)

    def _finish(self) -> str | None:
        code = "".join(self._chars)
        self._chars.clear()
        if self.prefix and code.startswith(self.prefix):
            code = code[len(self.prefix) :]
        if self.suffix and code.endswith(self.suffix):
            code = code[: -len(self.suffix)]
        return code or None
