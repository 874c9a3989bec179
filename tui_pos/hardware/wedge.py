"""Keyboard-wedge scan detection: tells a scanner's key burst from a person typing, by timing.

A scanner in keyboard mode "types" a whole code in a few milliseconds per key and ends it with
Enter; a person needs far longer between keys. The detector is fed every printable character
with its time and decides when Enter comes: scan or ordinary typing. It is pure (no clock of
its own, no UI), so the caller supplies timestamps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _


@dataclass(frozen=True)
class WedgeConfig:
    """The `[wedge]` section."""

    enabled: bool = True
    #: Longest pause (seconds) between two keys of one scan, and between the last key and Enter.
    #: Scanners need 2-15 ms per key; 50 ms leaves room for SSH jitter and is still far below
    #: anyone's typing (a fast typist averages ~80 ms, and never keeps under 50 ms for 6 keys).
    max_gap: float = 0.05
    #: Fewest characters (without prefix/suffix) for a burst to count as a scan.
    min_length: int = 6
    #: If set, a burst is a scan only when it starts with this (configure the scanner to send
    #: it); it is removed from the code. Makes detection certain on laggy connections.
    prefix: str = ""
    #: Removed from the end of a scanned code when present.
    suffix: str = ""
    #: Textual key names that end a scan.
    terminators: tuple[str, ...] = ("enter",)

    def __post_init__(self) -> None:
        if self.max_gap <= 0:
            raise InvalidInput(_("Wedge max_gap must be more than zero seconds."))
        if self.min_length < 1:
            raise InvalidInput(_("Wedge min_length must be at least 1."))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WedgeConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                _("Wedge settings: unknown key(s) {keys}.").format(keys=", ".join(unknown))
            )
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**values)


class WedgeDetector:
    """Feed `key()` per printable character and `end()` at Enter; `cancel()` on any other key."""

    def __init__(self, config: WedgeConfig | None = None) -> None:
        self.config = config or WedgeConfig()
        self._chars: list[str] = []
        self._last: float | None = None
        self.bursts_started = 0

    @property
    def burst(self) -> str:
        """The characters of the burst in progress."""
        return "".join(self._chars)

    def key(self, char: str, now: float) -> bool:
        """Add a character typed at `now`; True if it starts a new burst.

        A character after a pause longer than `max_gap` starts a new burst: what came before
        was typed by a person and stays theirs.
        """
        is_new = self._last is None or now - self._last > self.config.max_gap
        if is_new:
            self._chars = []
            self.bursts_started += 1
        self._chars.append(char)
        self._last = now
        return is_new

    def end(self, now: float) -> str | None:
        """Enter at `now`: the scanned code if the burst was a scan, else None. Resets."""
        chars, last = self.burst, self._last
        self.cancel()
        if last is None or now - last > self.config.max_gap:
            return None
        prefix, suffix = self.config.prefix, self.config.suffix
        if prefix:
            if not chars.startswith(prefix):
                return None
            chars = chars[len(prefix) :]
        if suffix and chars.endswith(suffix):
            chars = chars[: -len(suffix)]
        return chars if len(chars) >= self.config.min_length else None

    def cancel(self) -> None:
        """Forget the burst (a non-character key, or focus moved)."""
        self._chars = []
        self._last = None
