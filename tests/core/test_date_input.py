"""Dates as people type them in filters and forms."""

from __future__ import annotations

from datetime import date

import pytest

from tui_pos.core.date_input import date_text, parse_date
from tui_pos.core.errors import InvalidInput

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-12-2026", date(2026, 12, 31)),
        ("31/12/2026", date(2026, 12, 31)),
        ("31.12.26", date(2026, 12, 31)),
        ("1-2", date(2026, 2, 1)),
        (" 2026-03-04 ", date(2026, 3, 4)),
        ("+7", date(2026, 11, 29)),
        ("-22", date(2026, 10, 31)),
    ],
)
def test_day_first_iso_and_days_from_today(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "31-02-2026", "12/31/2026", "tomorrow", "2026-13-01", "+99999"]
)
def test_what_is_not_a_date_says_so(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a date") as caught:
        parse_date(text, TODAY, field="date_from")
    assert caught.value.field == "date_from"


def test_date_text_reads_back() -> None:
    assert parse_date(date_text(date(2027, 1, 5)), TODAY) == date(2027, 1, 5)
    assert date_text(None) == ""
