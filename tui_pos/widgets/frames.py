"""One frame for all a handler changed: widgets' pending refreshes handed to the screen at once."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def hand_over_refreshes(screen: Screen[Any]) -> None:
    """Give the screen now what each changed widget would tell it when next idle.

    A widget changed by a handler that runs in another widget's message pump (a scan handled
    by the scan field changes the cart, the totals and the message line) tells the screen
    only when its own pump next goes idle. The screen draws as soon as it goes idle itself, so
    it drew the scan field first and the cart line a frame (16 ms) later. Called at the end of
    such a handler, the screen has every change queued before it draws: one frame.
    """
    for widget in screen.walk_children(Widget):
        # Textual's own idle step (Widget._on_idle), run early; it clears the flags it acts on.
        if widget._repaint_required or widget._layout_required or widget._scroll_required:
            widget._check_refresh()
