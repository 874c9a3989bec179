"""Scanner settings: which input devices are scanners, layout, prefix/suffix, rescan interval."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from evdev import ecodes

from tui_pos.core.errors import InvalidInput
from tui_pos.hardware.keymaps import KeyboardLayout, get_layout
from tui_pos.i18n import _

#: Matches most scanners' device names ("... Barcode Scanner", "Honeywell ... Scanner").
DEFAULT_NAME_PATTERNS = (r"barcode|scanner",)


@dataclass(frozen=True)
class ScannerConfig:
    """The `[scanner]` section. A device is a scanner if ANY allowlist entry matches it."""

    enabled: bool = True
    #: USB ids as "vvvv:pppp" (hex), e.g. "05e0:1200" (see `lsusb`).
    usb_ids: tuple[str, ...] = ()
    #: Regular expressions searched (case-insensitive) in the device name (see `tui-pos doctor`).
    name_patterns: tuple[str, ...] = DEFAULT_NAME_PATTERNS
    #: Explicit device paths: /dev/input/eventN or a stable /dev/input/by-id/... link.
    paths: tuple[str, ...] = ()
    #: The keyboard layout the scanner emulates: us, de, no, se, dk.
    layout: str = "us"
    #: Changed keys on top of `layout`: {"KEY_Q": ["q", "Q", "@"]}.
    layout_overrides: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Stripped from the start/end of a code when present (the scanner's configured affixes).
    prefix: str = ""
    suffix: str = ""
    #: Keys ending a code (evdev names).
    terminators: tuple[str, ...] = ("KEY_ENTER", "KEY_KPENTER")
    #: Grab the device so its keystrokes never reach the terminal.
    grab: bool = True
    input_dir: str = "/dev/input"
    #: Seconds between checks for plugged/unplugged devices.
    rescan_interval: float = 1.0

    def __post_init__(self) -> None:
        for pattern in self.name_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise InvalidInput(
                    _("Scanner name pattern “{pattern}”: {problem}.").format(
                        pattern=pattern, problem=exc
                    )
                ) from None
        for usb_id in self.usb_ids:
            if not re.fullmatch(r"[0-9a-fA-F]{4}:[0-9a-fA-F]{4}", usb_id):
                raise InvalidInput(
                    _("Scanner USB id “{id}”: write it as vendor:product in hex, e.g. 05e0:1200.")
                    .format(id=usb_id)
                )  # fmt: skip
        for name in self.terminators:
            if name not in ecodes.ecodes or not name.startswith("KEY_"):
                raise InvalidInput(
                    _("Scanner terminator “{key}” is not a key name.").format(key=name)
                )
        if self.rescan_interval <= 0:
            raise InvalidInput(_("Scanner rescan interval must be more than zero."))
        self.keyboard_layout()  # fail early on a bad layout

    def keyboard_layout(self) -> KeyboardLayout:
        return get_layout(self.layout, self.layout_overrides or None)

    def terminator_codes(self) -> frozenset[int]:
        return frozenset(ecodes.ecodes[name] for name in self.terminators)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScannerConfig:
        """Build from a TOML table; lists become tuples, unknown keys are refused."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                _("Scanner settings: unknown key(s) {keys}.").format(keys=", ".join(unknown))
            )
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**values)
