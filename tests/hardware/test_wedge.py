"""Keyboard-wedge scanning: the timing detector, and the Textual hook in a running app."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from tui_pos.core.errors import InvalidInput
from tui_pos.hardware.wedge import WedgeConfig, WedgeDetector
from tui_pos.widgets.wedge import ScanReceived, WedgeAppMixin, WedgeKeyHook, scan_poster

FAST = 0.005  # a scanner: 5 ms per key
SLOW = 0.2  # a person


def feed(detector: WedgeDetector, text: str, start: float, gap: float) -> float:
    now = start
    for char in text:
        now += gap
        detector.key(char, now)
    return now


# --- the pure detector -----------------------------------------------------------------------


def test_fast_burst_with_enter_is_a_scan() -> None:
    detector = WedgeDetector()
    last = feed(detector, "5901234123457", 0.0, FAST)
    assert detector.end(last + FAST) == "5901234123457"


def test_slow_typing_is_not_a_scan() -> None:
    detector = WedgeDetector()
    last = feed(detector, "5901234123457", 0.0, SLOW)
    assert detector.end(last + FAST) is None


def test_slow_enter_after_a_burst_is_not_a_scan() -> None:
    detector = WedgeDetector()
    last = feed(detector, "5901234123457", 0.0, FAST)
    assert detector.end(last + SLOW) is None


def test_short_burst_is_not_a_scan() -> None:
    detector = WedgeDetector(WedgeConfig(min_length=6))
    last = feed(detector, "12345", 0.0, FAST)
    assert detector.end(last + FAST) is None
    last = feed(detector, "123456", 10.0, FAST)
    assert detector.end(last + FAST) == "123456"


def test_typing_before_a_scan_is_not_part_of_it() -> None:
    detector = WedgeDetector()
    last = feed(detector, "ab", 0.0, SLOW)
    assert detector.key("7", last + SLOW) is True  # a pause starts a new burst
    last = feed(detector, "3513537", last + SLOW, FAST)
    assert detector.end(last + FAST) == "73513537"


def test_one_slow_key_in_the_middle_breaks_the_burst() -> None:
    detector = WedgeDetector(WedgeConfig(min_length=6))
    last = feed(detector, "12345", 0.0, FAST)
    last = feed(detector, "6789", last + SLOW - FAST, FAST)
    assert detector.end(last + FAST) is None  # only "6789" counts: too short


def test_gap_limit_is_inclusive() -> None:
    detector = WedgeDetector(WedgeConfig(max_gap=0.03, min_length=3))
    last = feed(detector, "123", 0.0, 0.03)
    assert detector.end(last + 0.03) == "123"


def test_prefix_is_required_and_stripped() -> None:
    detector = WedgeDetector(WedgeConfig(prefix="~", min_length=3))
    last = feed(detector, "~123", 0.0, FAST)
    assert detector.end(last + FAST) == "123"
    last = feed(detector, "123456", 5.0, FAST)
    assert detector.end(last + FAST) is None


def test_suffix_is_stripped() -> None:
    detector = WedgeDetector(WedgeConfig(suffix="#", min_length=3))
    last = feed(detector, "123#", 0.0, FAST)
    assert detector.end(last + FAST) == "123"


def test_cancel_forgets_the_burst() -> None:
    detector = WedgeDetector()
    last = feed(detector, "123456789", 0.0, FAST)
    detector.cancel()
    assert detector.end(last + FAST) is None


def test_enter_without_keys_is_nothing() -> None:
    assert WedgeDetector().end(1.0) is None


@pytest.mark.parametrize("data", [{"max_gap": 0}, {"min_length": 0}, {"speed": 1}])
def test_bad_wedge_config_is_refused(data: dict) -> None:
    with pytest.raises(InvalidInput):
        WedgeConfig.from_dict(data)


def test_wedge_config_from_dict() -> None:
    config = WedgeConfig.from_dict({"max_gap": 0.03, "terminators": ["enter", "tab"]})
    assert config.terminators == ("enter", "tab")


# --- the Textual hook ------------------------------------------------------------------------


def run_async(test: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
    """Run an async test on its own event loop (no pytest-asyncio in our locked deps)."""

    @functools.wraps(test)
    def run() -> None:
        asyncio.run(test())

    return run


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Pad(Widget, can_focus=True):
    """A focusable non-text widget whose "1" key is bound to an action."""

    BINDINGS = [Binding("1", "one", "one")]

    def __init__(self) -> None:
        super().__init__()
        self.ones = 0

    def action_one(self) -> None:
        self.ones += 1


class WedgeTestApp(WedgeAppMixin, App[None]):
    def __init__(self, clock: FakeClock, config: WedgeConfig | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.config = config
        self.scans: list[tuple[str, str, str]] = []
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield TextArea(id="notes")
        yield Pad()

    def on_mount(self) -> None:
        self.wedge = WedgeKeyHook(self, self.config, clock=self.clock)
        self.query_one(Input).focus()

    def on_scan_received(self, message: ScanReceived) -> None:
        # the field value as the handler sees it: already restored
        self.scans.append((message.code, message.source, self.query_one(Input).value))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.submitted.append(message.value)


async def type_keys(
    pilot: Pilot[None], clock: FakeClock, keys: str | list[str], gap: float
) -> None:
    for key in keys:
        clock.now += gap
        await pilot.press(key)


@run_async
async def test_burst_in_an_input_becomes_a_scan_and_the_input_is_unchanged() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        await type_keys(pilot, clock, "ab", SLOW)
        clock.now += SLOW  # the cashier picks up the scanner
        await type_keys(pilot, clock, [*"5901234123457", "enter"], FAST)
        await pilot.pause()
        assert app.scans == [("5901234123457", "wedge", "ab")]
        assert app.query_one(Input).value == "ab"
        assert app.query_one(Input).cursor_position == 2
        assert app.submitted == []


@run_async
async def test_slow_typing_stays_in_the_input() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        await type_keys(pilot, clock, [*"5901234123457", "enter"], SLOW)
        await pilot.pause()
        assert app.scans == []
        assert app.query_one(Input).value == "5901234123457"
        assert app.submitted == ["5901234123457"]


@run_async
async def test_short_fast_burst_stays_in_the_input() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        await type_keys(pilot, clock, [*"12", "enter"], FAST)
        await pilot.pause()
        assert app.scans == []
        assert app.submitted == ["12"]


@run_async
async def test_two_scans_in_a_row() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        await type_keys(pilot, clock, [*"73513537", "enter"], FAST)
        clock.now += SLOW
        await type_keys(pilot, clock, [*"5901234123457", "enter"], FAST)
        await pilot.pause()
        assert [code for code, _, _ in app.scans] == ["73513537", "5901234123457"]
        assert app.query_one(Input).value == ""


@run_async
async def test_burst_in_a_text_area_is_restored() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        area = app.query_one(TextArea)
        area.text = "note"
        area.focus()
        await pilot.pause()
        await type_keys(pilot, clock, [*"ABC-12345", "enter"], FAST)
        await pilot.pause()
        assert [code for code, _, _ in app.scans] == ["ABC-12345"]
        assert area.text == "note"


@run_async
async def test_burst_on_a_non_text_widget_does_not_trigger_its_bindings() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        pad = app.query_one(Pad)
        pad.focus()
        await pilot.pause()
        await type_keys(pilot, clock, [*"21111111", "enter"], FAST)
        await pilot.pause()
        assert [code for code, _, _ in app.scans] == ["21111111"]
        assert pad.ones == 0
        await type_keys(pilot, clock, ["1"], SLOW)  # a person pressing the key still works
        assert pad.ones == 1


@run_async
async def test_disabled_wedge_leaves_everything_alone() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock, WedgeConfig(enabled=False))
    async with app.run_test() as pilot:
        await type_keys(pilot, clock, [*"5901234123457", "enter"], FAST)
        await pilot.pause()
        assert app.scans == []
        assert app.submitted == ["5901234123457"]


@run_async
async def test_evdev_codes_from_a_thread_arrive_as_scan_messages() -> None:
    app = WedgeTestApp(FakeClock())
    async with app.run_test() as pilot:
        post = scan_poster(app)
        thread = threading.Thread(target=post, args=("5901234123457", "Honeywell Scanner"))
        thread.start()
        thread.join()
        for _ in range(50):
            if app.scans:
                break
            await pilot.pause(0.01)
        assert app.scans == [("5901234123457", "Honeywell Scanner", "")]


class StepClock(FakeClock):
    """Moves on by `step` every time it is read: keys arriving as one fast stream."""

    def __init__(self, step: float) -> None:
        super().__init__()
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@run_async
async def test_burst_arriving_all_at_once_is_restored_after_the_input_caught_up() -> None:
    """Over SSH a whole scan can arrive in one read: the keys queue up in the Input before it
    has handled any of them, and the restore must still come after the last one."""
    from textual import events

    app = WedgeTestApp(StepClock(FAST))
    async with app.run_test() as pilot:
        app.query_one(Input).value = "7"
        await pilot.pause()
        for char in "4006381333931":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        assert app.scans == [("4006381333931", "wedge", "7")]
        assert app.query_one(Input).value == "7"


@run_async
async def test_ctrl_right_bracket_in_a_burst_is_the_gs1_separator() -> None:
    clock = FakeClock()
    app = WedgeTestApp(clock)
    async with app.run_test() as pilot:
        keys = [*"0108712345678906", "ctrl+right_square_bracket", *"10AB", "enter"]
        await type_keys(pilot, clock, keys, FAST)
        await pilot.pause()
        assert app.scans == [("0108712345678906\x1d10AB", "wedge", "")]
