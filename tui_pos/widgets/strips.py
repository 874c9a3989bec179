"""Fewer bytes per frame: neighbouring segments that look alike are written as one."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


@lru_cache(maxsize=1024)
def _look(style: Style) -> Style:
    return style.clear_meta_and_links()


def join_alike(strip: Strip) -> Strip:
    """`strip` with each run of neighbouring segments that look the same joined into one.

    Textual writes every segment with its own colour codes and a reset (~25 bytes), so a table
    row of six cells in one colour costs six of them; over SSH that is most of what a scan
    sends. A run keeps its first segment's meta (for a table: that row, its first column).
    """
    joined: list[Segment] = []
    for segment in strip:
        text, style, control = segment
        if joined and style is not None and not control:
            last_text, last_style, last_control = joined[-1]
            if last_style is not None and not last_control and _look(last_style) == _look(style):
                joined[-1] = Segment(last_text + text, last_style)
                continue
        joined.append(segment)
    return Strip(joined, strip.cell_length)
