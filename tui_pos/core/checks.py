"""A diagnostic check result (name, ok/warn/fail, detail, advice) as listed by `tui-pos doctor`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CheckStatus = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report: what was checked, how it went, and what to do if wrong."""

    name: str
    status: CheckStatus
    detail: str = ""
    advice: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"
