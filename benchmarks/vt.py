"""A small terminal: what the screen shows after some output (text and attributes per cell).

Enough of an xterm for what a Textual app writes: cursor moves, SGR attributes and colours,
erasing, autowrap, wide characters, the alternate screen. The pty harness reads the screen
through it ("is the new cart line shown yet?"), and the tests of tui_pos.terminal_output use it
to check that the rewritten output leaves the same screen as Textual's. Other sequences are
ignored, which a test comparing two outputs on the same terminal notices as a difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import get_character_cell_size

_TOKEN = re.compile(
    r"\x1b\[(?P<csi>[0-9;:?<>=]*)(?P<inter>[ -/]*)(?P<final>[@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (titles, links): no cells
    r"|\x1b(?P<esc>[^\[\]])"
    r"|(?P<ctl>[\x00-\x1f\x7f])"
    r"|(?P<text>[^\x00-\x1f\x7f\x1b]+)"
)
#: An escape sequence cut off at the end of what was fed: kept for the next feed.
_UNFINISHED = re.compile(r"\x1b(?:\[[0-9;:?<>=]*[ -/]*|\][^\x07\x1b]*\x1b?)?\Z")
#: Attribute names per SGR code (on), and the codes that switch them off.
_ON = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 6: "blink", 7: "reverse"}
_ON |= {8: "conceal", 9: "strike", 21: "underline2", 51: "frame", 52: "frame", 53: "overline"}
_OFF = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline", "underline2"), 25: ("blink",)}
_OFF |= {27: ("reverse",), 28: ("conceal",), 29: ("strike",), 54: ("frame",), 55: ("overline",)}

Attributes = frozenset[str]  # e.g. {"bold", "fg=38;5;214", "bg=48;5;17"}


@dataclass
class Cell:
    char: str = " "
    attributes: Attributes = frozenset()


@dataclass
class Terminal:
    """A screen of `width` × `height` cells; `feed` it output."""

    width: int = 80
    height: int = 24
    #: The pty turns "\n" into "\r\n" (ONLCR); a terminal fed by the app directly does not.
    newline_returns: bool = False
    x: int = 0
    y: int = 0
    pen: set[str] = field(default_factory=set)
    cursor_visible: bool = True

    def __post_init__(self) -> None:
        self.main = self._blank()
        self.alternate = self._blank()
        self.cells = self.main
        self._pending_wrap = False
        self._unfinished = ""

    def _blank(self) -> list[list[Cell]]:
        return [[Cell() for _ in range(self.width)] for _ in range(self.height)]

    # -- reading -------------------------------------------------------------------------
    def line(self, y: int) -> str:
        return "".join(c.char for c in self.cells[y])

    def text(self) -> str:
        return "\n".join(self.line(y) for y in range(self.height))

    def snapshot(self) -> list[list[tuple[str, Attributes]]]:
        return [[(c.char, c.attributes) for c in row] for row in self.cells]

    # -- writing -------------------------------------------------------------------------
    def feed(self, data: str) -> None:
        """Apply `data`; a sequence cut off at its end is completed by the next feed."""
        data = self._unfinished + data
        cut = _UNFINISHED.search(data)
        self._unfinished = data[cut.start() :] if cut else ""
        if cut:
            data = data[: cut.start()]
        for match in _TOKEN.finditer(data):
            if match.group("final"):
                self._csi(match.group("csi"), match.group("inter"), match.group("final"))
            elif match.group("ctl"):
                self._control(match.group("ctl"))
            elif match.group("text"):
                self._text(match.group("text"))
            # OSC and other ESC sequences change no cell

    def _control(self, char: str) -> None:
        if char == "\n":
            self._pending_wrap = False
            self._line_feed()
            if self.newline_returns:
                self.x = 0
        elif char == "\r":
            self.x, self._pending_wrap = 0, False
        elif char == "\b":
            self.x, self._pending_wrap = max(0, self.x - 1), False

    def _line_feed(self) -> None:
        if self.y == self.height - 1:
            self.cells.pop(0)
            self.cells.append([Cell() for _ in range(self.width)])
        else:
            self.y += 1

    def _text(self, text: str) -> None:
        attributes = frozenset(self.pen)
        for char in text:
            width = get_character_cell_size(char)
            if width == 0:  # combining: joins the cell before
                if self.x > 0:
                    self.cells[self.y][self.x - 1].char += char
                continue
            if self._pending_wrap or self.x + width > self.width:
                self.x, self._pending_wrap = 0, False
                self._line_feed()
            row = self.cells[self.y]
            self._split_wide(row, self.x)
            if width == 2:
                self._split_wide(row, self.x + 1)
            row[self.x] = Cell(char, attributes)
            if width == 2:
                row[self.x + 1] = Cell("", attributes)
            self.x += width
            if self.x >= self.width:
                self.x, self._pending_wrap = self.width - 1, True

    def _split_wide(self, row: list[Cell], x: int) -> None:
        """Writing over half of a wide character blanks its other half."""
        if row[x].char == "" and x > 0:
            row[x - 1] = Cell(" ", row[x - 1].attributes)
        elif x + 1 < self.width and row[x + 1].char == "":
            row[x + 1] = Cell(" ", row[x + 1].attributes)

    def _csi(self, params: str, inter: str, final: str) -> None:
        if params.startswith("?"):
            modes = params[1:].split(";")
            if final in "hl" and {"47", "1047", "1049"} & set(modes):
                self.cells = self.alternate if final == "h" else self.main
                if final == "h":
                    self.alternate[:] = self._blank()
            if final in "hl" and "25" in modes:
                self.cursor_visible = final == "h"
            return
        if inter or any(c in params for c in "<>=:"):
            return
        args = [int(p) if p else 0 for p in params.split(";")] if params else []

        def arg(i: int, default: int) -> int:
            return args[i] if len(args) > i and args[i] else default

        self._pending_wrap = final == "m" and self._pending_wrap
        if final in "Hf":
            self.y = min(self.height, arg(0, 1)) - 1
            self.x = min(self.width, arg(1, 1)) - 1
        elif final == "A":
            self.y = max(0, self.y - arg(0, 1))
        elif final == "B":
            self.y = min(self.height - 1, self.y + arg(0, 1))
        elif final == "C":
            self.x = min(self.width - 1, self.x + arg(0, 1))
        elif final == "D":
            self.x = max(0, self.x - arg(0, 1))
        elif final == "G":
            self.x = min(self.width, arg(0, 1)) - 1
        elif final == "d":
            self.y = min(self.height, arg(0, 1)) - 1
        elif final == "J":
            self._erase_display(arg(0, 0))
        elif final == "K":
            self._erase_line(self.y, arg(0, 0))
        elif final == "m":
            self._sgr(args or [0])

    def _erase_line(self, y: int, how: int) -> None:
        start, end = {0: (self.x, self.width), 1: (0, self.x + 1)}.get(how, (0, self.width))
        background = frozenset(a for a in self.pen if a.startswith("bg="))
        for x in range(start, end):
            self.cells[y][x] = Cell(" ", background)

    def _erase_display(self, how: int) -> None:
        rows = {0: range(self.y + 1, self.height), 1: range(self.y)}.get(how, range(self.height))
        if how in (0, 1):
            self._erase_line(self.y, how)
        for y in rows:
            self._erase_line(y, 2)

    def _sgr(self, args: list[int]) -> None:
        i = 0
        while i < len(args):
            code = args[i]
            if code == 0:
                self.pen.clear()
            elif code in _ON:
                self.pen.add(_ON[code])
            elif code in _OFF:
                self.pen.difference_update(_OFF[code])
            elif code in (38, 48, 58):
                kind = {38: "fg", 48: "bg", 58: "ul"}[code]
                n = {5: 3, 2: 5}.get(args[i + 1] if i + 1 < len(args) else -1, 1)
                self._colour(kind, ";".join(map(str, args[i : i + n])))
                i += n - 1
            elif code in (39, 49, 59):
                self._colour({39: "fg", 49: "bg", 59: "ul"}[code], None)
            elif 30 <= code <= 37 or 90 <= code <= 97:
                self._colour("fg", str(code))
            elif 40 <= code <= 47 or 100 <= code <= 107:
                self._colour("bg", str(code))
            i += 1

    def _colour(self, kind: str, value: str | None) -> None:
        self.pen.difference_update({a for a in self.pen if a.startswith(kind + "=")})
        if value is not None:
            self.pen.add(f"{kind}={value}")
