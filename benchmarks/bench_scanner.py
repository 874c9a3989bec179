"""Prints how long decoding scanner key events and classifying barcodes take per code.

Run from the repository root: `python -m benchmarks.bench_scanner`.
"""

from __future__ import annotations

import time

from evdev import InputEvent, ecodes

from benchmarks.report import Figure
from tui_pos.core.barcodes import classify
from tui_pos.hardware.scanner_decoder import KeyDecoder
from tui_pos.hardware.wedge import WedgeDetector

CODES = ["5901234123457", "2112345012506", "]C101087123456789063103001250", "ORD-000042"]
ROUNDS = 5000


def key_events(text: str) -> list[InputEvent]:
    events = []
    for char in text.upper():
        name = {"]": "KEY_RIGHTBRACE", "-": "KEY_MINUS"}.get(char, f"KEY_{char}")
        code = ecodes.ecodes[name]
        events += [
            InputEvent(0, 0, ecodes.EV_KEY, code, 1),
            InputEvent(0, 0, ecodes.EV_KEY, code, 0),
        ]
    enter = ecodes.KEY_ENTER
    down, up = (InputEvent(0, 0, ecodes.EV_KEY, enter, v) for v in (1, 0))
    return [*events, down, up]


def per_code(label: str, seconds: float, count: int) -> None:
    print(f"{label:<28} {seconds / count * 1e6:8.1f} µs per code")


def timings() -> list[tuple[str, float]]:
    """(label, seconds per code) for each step."""
    result = []
    streams = [key_events(c) for c in CODES] * ROUNDS
    decoder = KeyDecoder()
    start = time.perf_counter()
    decoded = sum(1 for s in streams for _ in decoder.decode(s))
    result.append(("evdev decode", (time.perf_counter() - start) / decoded))

    start = time.perf_counter()
    for _ in range(ROUNDS):
        for code in CODES:
            classify(code)
    result.append(("classify (mixed kinds)", (time.perf_counter() - start) / (ROUNDS * len(CODES))))

    detector = WedgeDetector()
    start = time.perf_counter()
    now = 0.0
    for _ in range(ROUNDS):
        for char in "5901234123457":
            now += 0.005
            detector.key(char, now)
        detector.end(now + 0.005)
    result.append(("wedge detector (13 chars)", (time.perf_counter() - start) / ROUNDS))
    return result


def figures() -> list[Figure]:
    """Per-code costs for the suite runner (no target: they are microseconds)."""
    return [Figure(f"scanner: {label}", seconds * 1e6, "µs") for label, seconds in timings()]


def main() -> None:
    for label, seconds in timings():
        per_code(label, seconds, 1)


if __name__ == "__main__":
    main()
