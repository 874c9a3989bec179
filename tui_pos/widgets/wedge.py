"""Keyboard-wedge scanning in Textual: a fast key burst in any focused field becomes a scan.

How it hooks in: every key reaches `App.on_event` before priority bindings and before it is
forwarded to the focused widget (textual/app.py, `App.on_event`). `WedgeAppMixin` overrides that
method and shows each key to a `WedgeKeyHook` first. Keys still go to the focused widget as
usual (a person's typing is never delayed); when Enter ends a burst the detector calls a scan,
the hook swallows that Enter, puts the field's value back as it was before the burst, and posts
`ScanReceived`. Restoring and posting run as callbacks queued on the focused widget, so they
happen after the widget has processed the burst's keys.

Text fields (Input and subclasses, TextArea) are restored. In other widgets the first key of a
burst is handled normally and the rest of the burst is swallowed.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self, TypeGuard

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.types import NoActiveAppError
from textual.widget import Widget
from textual.widgets import Input

from tui_pos.hardware.wedge import WedgeConfig, WedgeDetector

if TYPE_CHECKING:
    from textual.app import App
    from textual.widgets import TextArea

    _AppBase = App[Any]
    _WidgetBase = Widget
else:
    _AppBase = object
    _WidgetBase = object

log = logging.getLogger(__name__)

WEDGE_SOURCE = "wedge"
#: Textual's key name for Ctrl+], which a scanner in keyboard mode sends for GS (FNC1).
_GROUP_SEPARATOR_KEY = "ctrl+right_square_bracket"


@dataclass
class ScanReceived(Message):
    """A complete code from a scanner, ready for the scan handler.

    Handle with `on_scan_received` on a Screen or the App (it bubbles up from the widget that
    had focus, or starts at the screen for evdev scans).
    """

    code: str
    #: "wedge" for keyboard-wedge scans, else the evdev device name.
    source: str


def scan_poster(app: App[Any]) -> Callable[[str, str], None]:
    """An `on_code(code, device_name)` for `ScannerReader` that posts `ScanReceived` to the
    active screen; safe to call from the reader's threads."""

    def post(code: str, device_name: str) -> None:
        app.call_later(lambda: app.screen.post_message(ScanReceived(code, device_name)))

    return post


def is_text_area(widget: object) -> TypeGuard[TextArea]:
    """Whether `widget` is a TextArea, without importing TextArea (its editor machinery is
    ~13 ms of a till start) into an app that shows none: until its module is loaded, no
    widget can be one."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and isinstance(widget, module.TextArea)


def _is_text_field(widget: Widget | None) -> bool:
    return isinstance(widget, Input) or is_text_area(widget)


def _restorer(widget: Widget | None) -> Callable[[], None] | None:
    """Capture a text field's content now; the returned function puts it back."""
    if isinstance(widget, Input):
        value, selection = widget.value, widget.selection

        def restore_input() -> None:
            widget.value = value
            widget.selection = selection

        return restore_input
    if is_text_area(widget):
        text, area_selection = widget.text, widget.selection

        def restore_text_area() -> None:
            widget.text = text
            widget.selection = area_selection

        return restore_text_area
    return None


class WedgeKeyHook:
    """Watches the App's keys for scanner bursts; see the module docstring."""

    def __init__(
        self,
        app: App[Any],
        config: WedgeConfig | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.app = app
        self.config = config or WedgeConfig()
        self.detector = WedgeDetector(self.config)
        #: None: use each key's own timestamp (when the terminal input was read), so a busy
        #: app that processes queued keys late does not mistake typing for a burst.
        self._clock = clock
        self._target: Widget | None = None
        self._burst_id = 0
        #: Per burst: puts the text field back as it was before the burst.
        self._restores: dict[int, Callable[[], None]] = {}
        #: When (monotonic) the last key continuing the burst in progress came in.
        self._continued_at: float | None = None

    def holds(self, widget: Widget) -> bool:
        """Whether `widget` is in the middle of a burst: it has taken the burst's first key
        and at least one more came fast, and the burst has not ended yet. A field that
        quiets its repaints while this holds (see `BurstQuiet`) is not redrawn for every key
        a scanner types: the screen is free for the scan's line the moment Enter comes."""
        at = self._continued_at
        return (
            at is not None
            and widget is self._target
            and time.monotonic() - at <= self.config.max_gap
        )

    def consume(self, event: events.Key) -> bool:
        """Look at a key before the focused widget does; True if the key must go no further."""
        if not self.config.enabled:
            return False
        now = self._clock() if self._clock is not None else event.time
        focused = self.app.focused
        if event.key in self.config.terminators:
            return self._end(now)
        char = "\x1d" if event.key == _GROUP_SEPARATOR_KEY else event.character
        if char is None or not (event.is_printable or char == "\x1d"):
            self.detector.cancel()
            self._continued_at = None
            return False
        if focused is not self._target:
            self.detector.cancel()
        if self.detector.key(char, now):
            self._continued_at = None
            self._start_burst(focused)
            return False
        self._continued_at = time.monotonic()
        # A key continuing a burst: text fields take it (and are restored if it is a scan);
        # other widgets must not act on it.
        return focused is not None and not _is_text_field(focused)

    def _start_burst(self, focused: Widget | None) -> None:
        self._target = focused
        self._burst_id += 1
        for old in [b for b in self._restores if b < self._burst_id - 2]:
            del self._restores[old]  # bursts that were typing, not scans
        if focused is not None and _is_text_field(focused):
            # Queued before this key is forwarded: sees the field after earlier keys, before
            # this one.
            focused.call_later(self._capture, focused, self._burst_id)

    def _capture(self, widget: Widget, burst_id: int) -> None:
        restore = _restorer(widget)
        if restore is not None:
            self._restores[burst_id] = restore

    def _end(self, now: float) -> bool:
        self._continued_at = None
        code = self.detector.end(now)
        if code is None:
            return False
        target, burst_id = self._target, self._burst_id
        self._target = None
        log.debug("wedge scan %r into %r", code, target)
        if target is None:
            self.app.screen.post_message(ScanReceived(code, WEDGE_SOURCE))
        else:
            target.call_later(self._finish, target, burst_id, code)
        return True

    def _finish(self, target: Widget, burst_id: int, code: str) -> None:
        restore = self._restores.pop(burst_id, None)
        if restore is not None:
            restore()
        target.post_message(ScanReceived(code, WEDGE_SOURCE))


class BurstQuiet(_WidgetBase):
    """Put first in a text field's bases: it is not repainted for the keys of a scanner burst
    after the first. (Not a Widget at run time: Textual takes a widget's CSS and component
    classes from its first Widget base.)

    The keys still reach the field (its value is always current); only the repaint waits,
    until the burst ends (a scan restores the field and repaints it with the scan's line) or
    `max_gap` has passed (fast typing after all: the field is repainted then). While a
    scanner types 13 digits 2 ms apart, a field repainted per key takes a frame every 16 ms,
    and the scan's own frame waits for the next free one."""

    _burst_repaint: Any = None  # the Timer that repaints a held field

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        try:
            wedge = getattr(self.app, "wedge", None)
        except NoActiveAppError:  # refreshed before it was mounted
            wedge = None
        if isinstance(wedge, WedgeKeyHook) and not (layout or recompose) and wedge.holds(self):
            if self._burst_repaint is None:
                self._burst_repaint = self.set_timer(wedge.config.max_gap, self._repaint_held)
            return self
        if self._burst_repaint is not None:
            self._burst_repaint.stop()
            self._burst_repaint = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _repaint_held(self) -> None:
        self._burst_repaint = None
        super().refresh()


class WedgeAppMixin(_AppBase):
    """Put first in an App's bases to turn keyboard-wedge bursts into `ScanReceived`.

    class PosApp(WedgeAppMixin, App[None]):
        def on_mount(self) -> None:
            self.wedge = WedgeKeyHook(self, settings.wedge)
    """

    wedge: WedgeKeyHook | None = None

    async def on_event(self, event: events.Event) -> None:
        if (
            self.wedge is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and self.wedge.consume(event)
        ):
            return
        await super().on_event(event)
