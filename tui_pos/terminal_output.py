"""Screen updates written as only the cells that changed, with short colour codes (as curses).

Textual repaints whole widget regions: a scan rewrote the cart, the totals panel and the scan
field, each cell with its full colour codes and a reset, ~7 KB at 80×24, although a handful of
cells had changed. Over SSH every byte is carried to the till. `ScreenDiff` keeps a copy of
what the terminal shows and turns each update Textual writes into the cells that differ from
it, written with the shortest SGR (colour/attribute) change from the previous cell.

It only rewrites what it fully understands: an update made of cursor moves (CUP), SGR codes,
line feeds between lines and printable text. Anything else (mode switches, clearing, an SGR it
does not parse, zero-width characters) is written unchanged and makes the copy unknown, so the
next update is written whole. An update that covers the whole screen (a resize, a new screen)
is written whole as well: the terminal is brought back in step with the copy whatever happened
to it. `changes_only(driver_class)` makes a Textual driver that writes through a ScreenDiff.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import get_character_cell_size

if TYPE_CHECKING:
    from textual.driver import Driver

_TOKEN = re.compile(
    # a segment as Rich writes it: its style, its text, a reset (most of an update)
    r"(?P<segment>\x1b\[(?P<style>[0-9;]*)m(?P<styled>[^\x00-\x1f\x7f-\x9f\x1b]+)\x1b\[0?m)"
    r"|\x1b\[(?P<y>\d+);(?P<x>\d+)H"  # cursor position
    r"|\x1b\[(?P<sgr>[0-9;]*)m"  # colours and attributes
    r"|(?P<text>[^\x00-\x1f\x7f-\x9f\x1b]+)"  # printable text
    r"|(?P<lf>\n)"
    r"|(?P<other>\x1b\[[0-9;:?<>=]*[ -/]*[@-~]|\x1b[^\[]?|[\x00-\x1f\x7f-\x9f])"
)
_MODE = re.compile(r"\x1b\[\?([0-9;]+)[hl]")
_QUERY = re.compile(r"\x1b\[\?[0-9]+\$p|\x1b\[[<>=]?[0-9;]*u|\x1b\[[0-9]*n")
#: SGR parameters that switch an attribute on, by attribute (the same slot for alternatives).
_ON = {
    "1": "bold",
    "2": "dim",
    "3": "italic",
    "4": "underline",
    "21": "underline",
    "5": "blink",
    "6": "blink",
    "7": "reverse",
    "8": "conceal",
    "9": "strike",
    "51": "frame",
    "52": "frame",
    "53": "overline",
}
_OFF = {
    "22": ("bold", "dim"),
    "23": ("italic",),
    "24": ("underline",),
    "25": ("blink",),
    "27": ("reverse",),
    "28": ("conceal",),
    "29": ("strike",),
    "54": ("frame",),
    "55": ("overline",),
    "39": ("fg",),
    "49": ("bg",),
}
_SWITCH_OFF = {
    "bold": "22",
    "dim": "22",
    "italic": "23",
    "underline": "24",
    "blink": "25",
    "reverse": "27",
    "conceal": "28",
    "strike": "29",
    "frame": "54",
    "overline": "55",
    "fg": "39",
    "bg": "49",
}
_SLOTS = (*dict.fromkeys(_ON.values()), "fg", "bg")
#: A style: the SGR parameters per slot, in slot order ("" in a slot: not set).
Style = tuple[str, ...]
_DEFAULT: Style = ("",) * len(_SLOTS)
_INDEX = {slot: i for i, slot in enumerate(_SLOTS)}
#: A cell the copy knows nothing about: never equal to what is written.
_UNKNOWN = "\x00"


class _NotUnderstood(Exception):
    """The update has something ScreenDiff does not rewrite: it is written as it is."""


def _apply_sgr(style: Style, params: str) -> Style:
    """The style after an SGR code with `params`, from `style`."""
    codes = params.split(";") if params else ["0"]
    slots = list(style)
    i = 0
    while i < len(codes):
        code = codes[i] or "0"
        if code == "0":
            slots = list(_DEFAULT)
        elif code in _ON:
            slots[_INDEX[_ON[code]]] = code
        elif code in _OFF:
            for slot in _OFF[code]:
                slots[_INDEX[slot]] = ""
        elif code in ("38", "48"):
            n = {"5": 3, "2": 5}.get(codes[i + 1] if i + 1 < len(codes) else "", 0)
            if not n or i + n > len(codes):
                raise _NotUnderstood(params)
            slots[_INDEX["fg" if code == "38" else "bg"]] = ";".join(codes[i : i + n])
            i += n - 1
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            slots[_INDEX["fg"]] = code
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            slots[_INDEX["bg"]] = code
        else:
            raise _NotUnderstood(params)
        i += 1
    return tuple(slots)


def _sgr_change(before: Style | None, after: Style) -> str:
    """The shortest SGR code that takes the terminal from `before` (None: unknown) to `after`."""
    whole = ";".join(["0", *(p for p in after if p)])
    if before is None:
        return f"\x1b[{whole}m"
    offs: list[str] = []
    for slot, was, now in zip(_SLOTS, before, after, strict=True):
        if was and not now and _SWITCH_OFF[slot] not in offs:
            offs.append(_SWITCH_OFF[slot])
    # 22 switches off bold and dim together, 24 both underlines...: what stays on is set again.
    ons = [
        now
        for slot, was, now in zip(_SLOTS, before, after, strict=True)
        if now and (now != was or _SWITCH_OFF[slot] in offs)
    ]
    change = ";".join(offs + ons)
    return f"\x1b[{change if len(change) < len(whole) else whole}m"


class ScreenDiff:
    """What the terminal shows, and the rewriting of updates to what changes it."""

    #: Unchanged cells between two changed ones on a row that are written again rather than
    #: skipped with a cursor move (which costs about as many bytes).
    GAP = 6

    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.width, self.height = width, height
        self._chars: list[list[str]] = []
        self._styles: list[list[Style | None]] = []
        #: The style Textual's output has set (it carries over from one write to the next).
        self._style: Style = _DEFAULT
        #: The style and cursor position of the terminal after what was written (None: unknown).
        self._terminal_style: Style | None = None
        self._cursor: tuple[int, int] | None = None
        self._sgr_cache: dict[tuple[Style, str], Style] = {}
        self._change_cache: dict[tuple[Style | None, Style], str] = {}
        self.forget()

    def resize(self, width: int, height: int) -> None:
        """The terminal has a new size: what it shows is unknown."""
        self.width, self.height = width, height
        self.forget()

    def forget(self) -> None:
        """Treat every cell as unknown: the next update is written whole."""
        self._chars = [[_UNKNOWN] * self.width for _ in range(self.height)]
        self._styles = [[None] * self.width for _ in range(self.height)]
        self._terminal_style = None
        self._cursor = None

    def write(self, data: str) -> str:
        """What to send to the terminal for `data`, Textual's output."""
        try:
            runs, cursor, style = self._parse(data)
        except _NotUnderstood:
            self.forget()
            self._style = _DEFAULT  # Textual ends every update with a reset
            return data
        if cursor is None:  # no cells: a mode switch, a bell
            self._style = style
            if "m" in data:
                self._terminal_style = None
            return data
        self._style = style
        if self._covers_screen(runs):
            self.forget()
        changed = self._apply(runs)
        return self._encode(changed, cursor)

    # -- parsing -----------------------------------------------------------------------------
    def _parse(
        self, data: str
    ) -> tuple[list[tuple[int, int, str, Style]], tuple[int, int] | None, Style]:
        """(row, column, text, style) per run of text, the final cursor position (None: the
        update has no cursor move) and Textual's style after it."""
        runs: list[tuple[int, int, str, Style]] = []
        style = self._style
        y = x = -1
        moved = False  # since the last line feed: text after a bare line feed is not rewritten
        modes = False
        for match in _TOKEN.finditer(data):
            kind = match.lastgroup
            token = match.group()
            if kind == "segment" or kind == "text":
                if kind == "segment":
                    params, text = match.group("style", "styled")
                    key = (style, params)
                    after = self._sgr_cache.get(key)
                    if after is None:
                        after = self._sgr_cache[key] = _apply_sgr(style, params)
                    run_style, style = after, _DEFAULT
                else:
                    text, run_style = token, style
                if not moved:
                    raise _NotUnderstood(text)
                width = len(text) if text.isascii() else len(_cells(text))
                if x + width > self.width or y >= self.height:
                    raise _NotUnderstood(text)
                runs.append((y, x, text, run_style))
                x += width
            elif kind == "sgr":
                params = token[2:-1]
                key = (style, params)
                after = self._sgr_cache.get(key)
                if after is None:
                    after = self._sgr_cache[key] = _apply_sgr(style, params)
                style = after
            elif kind == "x":  # the last group of a cursor position
                y, x = int(match.group("y")) - 1, int(match.group("x")) - 1
                moved = True
            elif kind == "lf":
                moved = False
            elif _harmless(token):
                modes = True
            else:
                raise _NotUnderstood(token)
        if y < 0:
            return runs, None, style
        if modes:  # kept in place: written as it is
            raise _NotUnderstood(data)
        return runs, (y, x), style

    def _covers_screen(self, runs: list[tuple[int, int, str, Style]]) -> bool:
        covered = [0] * self.height
        for y, _x, text, _style in runs:
            covered[y] += len(text)
        return min(covered) >= self.width

    # -- the copy of the screen --------------------------------------------------------------
    def _apply(self, runs: list[tuple[int, int, str, Style]]) -> dict[int, set[int]]:
        """Put `runs` on the copy; the columns that changed, per row."""
        changed: dict[int, set[int]] = {}
        for y, x, text, style in runs:
            chars, styles = self._chars[y], self._styles[y]
            cells = list(text) if text.isascii() else list(_cells(text))
            end = x + len(cells)
            if chars[x:end] == cells and styles[x:end] == [style] * len(cells):
                continue
            columns = changed.setdefault(y, set())
            # A wide character cut by the run is erased by the terminal: its other half unknown.
            if x > 0 and chars[x] == "" and cells[0] != "":
                chars[x - 1], styles[x - 1] = _UNKNOWN, None
            if end < self.width and chars[end] == "":
                chars[end], styles[end] = _UNKNOWN, None
            for i, cell in enumerate(cells, x):
                if chars[i] != cell or styles[i] != style:
                    columns.add(i)
                    chars[i] = cell
                    styles[i] = style
        return changed

    # -- encoding ----------------------------------------------------------------------------
    def _encode(self, changed: dict[int, set[int]], cursor: tuple[int, int]) -> str:
        out: list[str] = []
        terminal_style, at = self._terminal_style, self._cursor
        width = self.width
        for y in sorted(changed):
            chars, styles = self._chars[y], self._styles[y]
            for start, end in self._spans(sorted(changed[y]), chars):
                for i in range(start, end):
                    char = chars[i]
                    if not char or char == _UNKNOWN:  # a right half (written with its left half)
                        continue
                    if at != (y, i):
                        out.append(f"\x1b[{y + 1};{i + 1}H")
                    style = styles[i]
                    if style != terminal_style:
                        assert style is not None
                        out.append(self._change(terminal_style, style))
                        terminal_style = style
                    out.append(char)
                    after = i + (1 if char.isascii() else get_character_cell_size(char))
                    at = (y, after) if after < width else None  # at the margin: wrap pending
        if out and terminal_style != self._style:
            out.append(self._change(terminal_style, self._style))
            terminal_style = self._style
        if out or at != cursor:
            out.append(f"\x1b[{cursor[0] + 1};{cursor[1] + 1}H")
            at = cursor
        self._terminal_style, self._cursor = terminal_style, at
        return "".join(out)

    def _spans(self, columns: list[int], chars: list[str]) -> list[tuple[int, int]]:
        """Changed columns as spans to write: joined over short gaps of known cells, widened to
        whole wide characters."""
        spans: list[list[int]] = []
        for column in columns:
            if (
                spans
                and column - spans[-1][1] <= self.GAP
                and _UNKNOWN not in chars[spans[-1][1] : column]
            ):
                spans[-1][1] = column + 1
            else:
                spans.append([column, column + 1])
        for span in spans:
            if span[0] > 0 and not chars[span[0]]:  # a right half: from its left half
                span[0] -= 1
        return [(start, end) for start, end in spans]

    def _change(self, before: Style | None, after: Style) -> str:
        key = (before, after)
        code = self._change_cache.get(key)
        if code is None:
            code = self._change_cache[key] = _sgr_change(before, after)
        return code


def _harmless(sequence: str) -> bool:
    """A code that changes no cell: a private mode other than the alternate screen, a terminal
    query, the keyboard protocol, a bell."""
    if sequence == "\x07":
        return True
    mode = _MODE.fullmatch(sequence)
    if mode is not None:
        return not ({"47", "1047", "1049"} & set(mode.group(1).split(";")))
    return _QUERY.fullmatch(sequence) is not None


@lru_cache(maxsize=4096)
def _cells(text: str) -> tuple[str, ...]:
    """A cell per character of `text`, and an empty one for the right half of a wide one."""
    cells: list[str] = []
    for char in text:
        width = get_character_cell_size(char)
        if width == 0:  # joins the character before: not rewritten
            raise _NotUnderstood(text)
        cells.append(char)
        if width == 2:
            cells.append("")
    return tuple(cells)


def changes_only(driver_class: type[Driver]) -> type[Driver]:
    """A subclass of `driver_class` that writes screen updates through a `ScreenDiff`."""

    class ChangesOnlyDriver(driver_class):  # type: ignore[valid-type,misc]
        _screen_diff: ScreenDiff | None = None
        _diff_lock = threading.Lock()  # the input thread writes some modes too

        def write(self, data: str) -> None:
            size = self._terminal_size()
            with self._diff_lock:
                diff = self._screen_diff
                if diff is None:
                    diff = self._screen_diff = ScreenDiff(*size)
                elif (diff.width, diff.height) != size:
                    diff.resize(*size)
                data = diff.write(data)
                if data:
                    super().write(data)

        def _terminal_size(self) -> tuple[int, int]:
            try:
                size = os.get_terminal_size(self.fileno)
            except (OSError, ValueError):
                return self._get_terminal_size()
            return size.columns, size.lines

        def start_application_mode(self) -> None:
            if self._screen_diff is not None:
                self._screen_diff.forget()
            super().start_application_mode()

    ChangesOnlyDriver.__name__ = ChangesOnlyDriver.__qualname__ = (
        f"ChangesOnly{driver_class.__name__}"
    )
    return ChangesOnlyDriver
