"""Figures with their target and floor, printed as they come and as one table at the end."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure. `ratio` is ours/floor when the figure has a floor measured in the
    same run; `passed` compares with the target (None: no target, or not measured)."""

    name: str
    value: float | None
    unit: str
    target: str = ""
    passed: bool | None = None
    floor: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    def line(self) -> str:
        value = "—" if self.value is None else f"{fmt(self.value)} {self.unit}"
        parts = [f"{self.name:<44} {value:>14}"]
        if self.floor is not None:
            ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
            parts.append(f"floor {fmt(self.floor)} {self.unit}, ratio {ratio}")
        if self.target:
            verdict = {True: "ok", False: "MISSED", None: "—"}[self.passed]
            parts.append(f"target {self.target}: {verdict}")
        if self.note:
            parts.append(self.note)
        return "  ".join(parts)


def fmt(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p50 = median of an odd count)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def heading(text: str) -> None:
    print(f"\n== {text}", flush=True)


def show(figure: Figure) -> Figure:
    print("  " + figure.line(), flush=True)
    return figure


def machine() -> list[str]:
    """What the figures were measured on."""
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("textual", "sqlalchemy", "sqlmodel")
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores; RAM {mem}; load average at start {load}",
        f"OS: {platform.platform()}; Python {sys.version.split()[0]}; {versions}",
        f"Commit: {commit or '?'}",
    ]


def table(figures: Sequence[Figure]) -> str:
    """The summary as a Markdown table (pasted into benchmarks/RESULTS.md)."""
    rows = ["| figure | ours | floor | ratio | target | |", "|---|---:|---:|---:|---|---|"]
    for f in figures:
        value = "—" if f.value is None else f"{fmt(f.value)} {f.unit}"
        floor = "" if f.floor is None else f"{fmt(f.floor)} {f.unit}"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}×"
        verdict = {True: "ok", False: "**missed**", None: ""}[f.passed]
        note = f" ({f.note})" if f.note else ""
        rows.append(f"| {f.name}{note} | {value} | {floor} | {ratio} | {f.target} | {verdict} |")
    return "\n".join(rows)
