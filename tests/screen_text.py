"""The screen as the user sees it, as text: to check what is drawn, not what a widget holds."""

from __future__ import annotations

import html
import re

from textual.app import App

#: One run of text in Textual's SVG screenshot: its x (in pixels), its line, its characters.
_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+"'
    r' clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)
_CELL_WIDTH = 12.2  # pixels per terminal cell in the screenshot (0.61 × the 20 px font)

#: What these tests put into names, notes and labels: markup, a would-be style tag, an emoji code.
MARKUP = "[b]x[/b] [Oost] :pizza:"


def screen_lines(app: App[object]) -> list[str]:
    """Every line of the screen, as drawn (from `export_screenshot`)."""
    lines: dict[int, str] = {}
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        column = round(float(x) / _CELL_WIDTH)
        shown = lines.get(int(line), "")
        lines[int(line)] = shown.ljust(column) + html.unescape(text).replace("\xa0", " ")
    return [lines.get(y, "") for y in range(max(lines, default=-1) + 1)]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))
