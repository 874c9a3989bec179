"""Typed dates (day first or ISO) and the variant matrix's colour × size layout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from tui_pos.core.catalog import ArticleInfo
from tui_pos.core.dates import parse_date
from tui_pos.core.errors import InvalidInput
from tui_pos.core.variant_grid import variant_grid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("1-12-2026", date(2026, 12, 1)),
        ("01.12.2026", date(2026, 12, 1)),
        (" 1/12/2026 ", date(2026, 12, 1)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_reads_iso_and_day_first(text: str, expected: date | None) -> None:
    assert parse_date(text, what="Pickup date") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31-2-2026", "Pickup date: 31-2-2026 is not a day in the calendar."),
        ("tomorrow", "Pickup date: “tomorrow” is not a date"),
        ("12-2026", "is not a date"),
    ],
)
def test_parse_date_refuses_with_a_message_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_date(text, what="Pickup date")


def _variant(code: str, colour: str, size: str) -> ArticleInfo:
    return ArticleInfo(code, "Shirt", "TEXTILE", D(21), D("19.95"), colour=colour, size=size)


def test_variant_grid_orders_sizes_naturally_and_marks_missing_cells() -> None:
    variants = [  # as the catalog lists them: by code
        _variant("T-BLA-L", "Black", "L"),
        _variant("T-BLA-M", "Black", "M"),
        _variant("T-BLA-S", "Black", "S"),
        _variant("T-NAV-XL", "Navy", "XL"),
    ]
    grid = variant_grid(variants)
    assert grid.colours == ("Black", "Navy")
    assert grid.sizes == ("S", "M", "L", "XL")
    black_m = grid.variant("Black", "M")
    assert black_m is not None and black_m.code == "T-BLA-M"
    assert grid.variant("Navy", "S") is None


def test_variant_grid_sorts_numeric_sizes_by_number() -> None:
    grid = variant_grid(
        [
            _variant("S-41", "Grey", "41-46"),
            _variant("S-36", "Grey", "36-40"),
            _variant("S-8", "Grey", "8"),
        ]
    )
    assert grid.sizes == ("8", "36-40", "41-46")
