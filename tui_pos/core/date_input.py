"""Typed dates: day first (31-12-2026, 31/12, 31.12.26), ISO (2026-12-31) or +7 days from today."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?")
_RELATIVE = re.compile(r"([+-])(\d{1,4})")


def parse_date(text: str, today: date, *, field: str | None = None) -> date:
    """The date typed; a year left out is this year, a two-digit year is 20yy."""
    value = text.strip()
    try:
        if match := _RELATIVE.fullmatch(value):
            days = int(match[2])
            return today + timedelta(days=days if match[1] == "+" else -days)
        if match := _ISO.fullmatch(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST.fullmatch(value):
            year = today.year if match[3] is None else int(match[3])
            if match[3] is not None and len(match[3]) == 2:
                year += 2000
            return date(year, int(match[2]), int(match[1]))
    except (ValueError, OverflowError):
        pass
    raise InvalidInput(
        _(
            "“{text}” is not a date: type e.g. {example} (day-month-year) or +7 (days from today)."
        ).format(text=value, example=today.strftime("%d-%m-%Y")),
        field=field,
    )


def date_text(value: date | None) -> str:
    """A date as `parse_date` reads it back (day-month-year)."""
    return value.strftime("%d-%m-%Y") if value else ""
