"""ReloadGate: a burst of changes gives few reloads, never two at once, and none is lost."""

from __future__ import annotations

from collections.abc import Callable

from tui_pos.widgets.order_watch import ReloadGate


class FakeTimer:
    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay, self.callback, self.stopped = delay, callback, False

    def stop(self) -> None:
        self.stopped = True


class FakeScreen:
    def __init__(self) -> None:
        self.timers: list[FakeTimer] = []

    def set_timer(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        self.timers.append(FakeTimer(delay, callback))
        return self.timers[-1]

    def fire(self) -> None:
        timer = self.timers.pop(0)
        if not timer.stopped:
            timer.callback()


def test_burst_of_changes_gives_few_loads_one_at_a_time() -> None:
    now = [100.0]
    loads: list[float] = []
    screen = FakeScreen()
    gate = ReloadGate(screen, lambda: loads.append(now[0]), delay=0.1, clock=lambda: now[0])  # type: ignore[arg-type]
    gate.changed()  # quiet before: loads at once
    assert loads == [100.0] and gate.loading
    for _ in range(5):  # more changes while loading: one timer, no second load at once
        gate.changed()
    assert loads == [100.0] and len(screen.timers) == 1
    assert screen.timers[0].delay == 0.1
    now[0] = 100.25
    screen.fire()  # due, but the first load still runs: marked stale
    assert loads == [100.0]
    gate.finished()  # the first load ends: exactly one more, right away (delay passed)
    assert loads == [100.0, 100.25]
    gate.finished()
    assert loads == [100.0, 100.25] and not gate.loading
    gate.now()  # a reload by hand is never delayed
    assert loads == [100.0, 100.25, 100.25]
