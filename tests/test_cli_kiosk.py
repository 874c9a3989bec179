"""`tui-pos kiosk`: refuses to start without a manager PIN, makes the PIN's hash, ignores the
keyboard's signals, and starts a crashed kiosk again until the manager PIN ends it (RUN-3)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from tui_pos.cli import main
from tui_pos.commands import kiosk as kiosk_command
from tui_pos.core.errors import InvalidInput
from tui_pos.core.pin import verify_pin


class FakeKiosk:
    """Crashes, ends without the PIN, or ends with it, as told."""

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome
        self.left_with_pin = False

    def run(self) -> None:
        if self.outcome == "crash":
            raise RuntimeError("boom")
        self.left_with_pin = self.outcome == "pin"


def test_crashed_kiosks_start_again_until_the_manager_pin(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outcomes: Iterator[str] = iter(["crash", "ended", "crash", "pin"])
    pauses: list[float] = []
    code = kiosk_command.run_until_manager_exit(
        lambda: FakeKiosk(next(outcomes)), sleep=pauses.append, clock=lambda: 0.0
    )
    assert code == 0
    assert pauses == [1.0, 2.0, 5.0]  # longer while it keeps crashing
    assert "kiosk crashed" in caplog.text


def test_without_restart_a_crash_ends_the_command() -> None:
    assert kiosk_command.run_until_manager_exit(lambda: FakeKiosk("crash"), restart=False) == 1


def test_pin_hash_is_printed_never_the_pin(capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["4711", "4711"])
    assert kiosk_command.print_pin_hash(lambda prompt: next(answers)) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('exit_pin_hash = "pbkdf2_sha256$600000$')
    assert "4711" not in line
    assert verify_pin("4711", line.split('"')[1])
    answers = iter(["4711", "4712"])
    with pytest.raises(InvalidInput, match="differ"):
        kiosk_command.print_pin_hash(lambda prompt: next(answers))


def test_kiosk_does_not_start_without_a_manager_pin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kiosk"]) == 2
    assert "tui-pos kiosk --hash-pin" in capsys.readouterr().err


def test_lock_down_ignores_the_keyboard_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ALLOW_SIGNALS", "1")
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTSTP, signal.SIGQUIT)}
    try:
        kiosk_command.lock_down_process()
        assert all(signal.getsignal(s) is signal.SIG_IGN for s in saved)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    assert "TEXTUAL_ALLOW_SIGNALS" not in os.environ
