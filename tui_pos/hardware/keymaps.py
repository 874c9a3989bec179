"""Keyboard layouts for scanners in keyboard mode: evdev key code → character (plain/shift/AltGr).

The layout to pick is the one the *scanner* is configured to emulate (its "country" setting),
not the till's keyboard layout: the scanner sends key positions, and this table turns them back
into characters. Dead keys are read as their plain character.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from evdev import ecodes

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

#: (plain, shift, altgr) characters of a key; "" where the level types nothing.
KeyChars = tuple[str, str, str]


@dataclass(frozen=True)
class KeyboardLayout:
    """Characters per evdev key code for one layout."""

    name: str
    keys: Mapping[int, KeyChars]

    def char(self, code: int, *, shift: bool = False, altgr: bool = False) -> str:
        """The character the key types, or "" if it types none on this level."""
        chars = self.keys.get(code)
        if chars is None:
            return ""
        if altgr:
            return chars[2]
        return chars[1] if shift else chars[0]

    def with_keys(self, name: str, overrides: Mapping[str, Sequence[str]]) -> KeyboardLayout:
        """A copy with some keys changed: {"KEY_Q": ["q", "Q", "@"], ...} (evdev key names)."""
        keys = dict(self.keys)
        for key_name, chars in overrides.items():
            code = ecodes.ecodes.get(key_name)
            if code is None or not key_name.startswith("KEY_"):
                raise InvalidInput(
                    _("Keyboard layout {name}: unknown key “{key}”.").format(
                        name=name, key=key_name
                    )
                )
            levels = [*chars, "", "", ""][:3]
            if len(chars) > 3 or not all(isinstance(c, str) and len(c) <= 1 for c in levels):
                raise InvalidInput(
                    _(
                        "Keyboard layout {name}: {key} needs up to three single characters"
                        " (plain, shift, AltGr)."
                    ).format(name=name, key=key_name)
                )
            keys[code] = (levels[0], levels[1], levels[2])
        return KeyboardLayout(name, MappingProxyType(keys))


def _table(rows: Mapping[str, str | KeyChars]) -> dict[int, KeyChars]:
    """Build a code table from {"KEY_1": "1!", "KEY_Q": ("q", "Q", "@")}."""
    table: dict[int, KeyChars] = {}
    for name, chars in rows.items():
        if isinstance(chars, str):
            plain, shift = chars[0], chars[1] if len(chars) > 1 else ""
            table[ecodes.ecodes[name]] = (plain, shift, "")
        else:
            table[ecodes.ecodes[name]] = chars
    return table


def _letters() -> dict[str, str]:
    return {f"KEY_{c.upper()}": c + c.upper() for c in "abcdefghijklmnopqrstuvwxyz"}


_KEYPAD = {
    **{f"KEY_KP{d}": d + d for d in "0123456789"},
    "KEY_KPMINUS": "--",
    "KEY_KPPLUS": "++",
    "KEY_KPASTERISK": "**",
    "KEY_KPSLASH": "//",
    "KEY_KPDOT": "..",
    "KEY_SPACE": "  ",
}

_US = {
    **_letters(),
    **{f"KEY_{d}": d + s for d, s in zip("1234567890", "!@#$%^&*()", strict=True)},
    "KEY_MINUS": "-_",
    "KEY_EQUAL": "=+",
    "KEY_LEFTBRACE": "[{",
    "KEY_RIGHTBRACE": "]}",
    "KEY_SEMICOLON": ";:",
    "KEY_APOSTROPHE": "'\"",
    "KEY_GRAVE": "`~",
    "KEY_BACKSLASH": "\\|",
    "KEY_102ND": "<>",
    "KEY_COMMA": ",<",
    "KEY_DOT": ".>",
    "KEY_SLASH": "/?",
    **_KEYPAD,
}

#: Shared by the German and Nordic layouts: shifted digits 7-0 and AltGr brackets.
_ISO_DIGITS: dict[str, str | KeyChars] = {
    "KEY_1": "1!",
    "KEY_5": "5%",
    "KEY_6": "6&",
    "KEY_7": ("7", "/", "{"),
    "KEY_8": ("8", "(", "["),
    "KEY_9": ("9", ")", "]"),
    "KEY_0": ("0", "=", "}"),
    "KEY_COMMA": ",;",
    "KEY_DOT": ".:",
    "KEY_SLASH": "-_",
    "KEY_E": ("e", "E", "€"),
    "KEY_M": ("m", "M", "µ"),
}

_DE = {
    **_US,
    **_ISO_DIGITS,
    "KEY_GRAVE": "^°",
    "KEY_2": ("2", '"', "²"),
    "KEY_3": ("3", "§", "³"),
    "KEY_4": "4$",
    "KEY_MINUS": ("ß", "?", "\\"),
    "KEY_EQUAL": "´`",
    "KEY_Q": ("q", "Q", "@"),
    "KEY_Y": "zZ",
    "KEY_Z": "yY",
    "KEY_LEFTBRACE": "üÜ",
    "KEY_RIGHTBRACE": ("+", "*", "~"),
    "KEY_SEMICOLON": "öÖ",
    "KEY_APOSTROPHE": "äÄ",
    "KEY_BACKSLASH": "#'",
    "KEY_102ND": ("<", ">", "|"),
}

_NO = {
    **_US,
    **_ISO_DIGITS,
    "KEY_GRAVE": "|§",
    "KEY_2": ("2", '"', "@"),
    "KEY_3": ("3", "#", "£"),
    "KEY_4": ("4", "¤", "$"),
    "KEY_5": ("5", "%", "€"),
    "KEY_MINUS": "+?",
    "KEY_EQUAL": ("\\", "`", "´"),
    "KEY_LEFTBRACE": "åÅ",
    "KEY_RIGHTBRACE": ("¨", "^", "~"),
    "KEY_SEMICOLON": "øØ",
    "KEY_APOSTROPHE": "æÆ",
    "KEY_BACKSLASH": "'*",
    "KEY_102ND": "<>",
}

_SE = {
    **_NO,
    "KEY_GRAVE": "§½",
    "KEY_MINUS": ("+", "?", "\\"),
    "KEY_EQUAL": "´`",
    "KEY_SEMICOLON": "öÖ",
    "KEY_APOSTROPHE": "äÄ",
    "KEY_102ND": ("<", ">", "|"),
}

_DK = {
    **_NO,
    "KEY_GRAVE": "½§",
    "KEY_EQUAL": ("´", "`", "|"),
    "KEY_SEMICOLON": "æÆ",
    "KEY_APOSTROPHE": "øØ",
    "KEY_102ND": ("<", ">", "\\"),
}

LAYOUTS: dict[str, KeyboardLayout] = {
    name: KeyboardLayout(name, MappingProxyType(_table(rows)))
    for name, rows in (("us", _US), ("de", _DE), ("no", _NO), ("se", _SE), ("dk", _DK))
}


def get_layout(name: str, overrides: Mapping[str, Sequence[str]] | None = None) -> KeyboardLayout:
    """A built-in layout by name ("us", "de", "no", "se", "dk"), optionally with changed keys."""
    layout = LAYOUTS.get(name)
    if layout is None:
        raise InvalidInput(
            _("Unknown scanner keyboard layout “{name}” (known: {known}).").format(
                name=name, known=", ".join(LAYOUTS)
            )
        )
    return layout.with_keys(name, overrides) if overrides else layout
