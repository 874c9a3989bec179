"""Dates typed by a person: 2026-12-01, 1-12-2026, 1.12.2026 or 1/12/2026 (day first)."""

from __future__ import annotations

import re
from datetime import date

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


def parse_date(text: str, *, what: str) -> date | None:
    """The date in `text`, or None when it is empty; InvalidInput naming `what` otherwise."""
    cleaned = text.strip()
    if not cleaned:
        return None
    iso, day_first = _ISO.match(cleaned), _DAY_FIRST.match(cleaned)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    except ValueError:
        raise InvalidInput(
            _("{what}: {text} is not a day in the calendar.").format(what=what, text=cleaned)
        ) from None
    raise InvalidInput(
        _("{what}: “{text}” is not a date; type e.g. 2026-12-31 or 31-12-2026.").format(
            what=what, text=cleaned
        )
    )
