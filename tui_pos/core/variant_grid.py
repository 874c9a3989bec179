"""The colour × size grid of a variant article (CHK-2, ORD-2): rows colours, columns sizes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui_pos.core.catalog import ArticleInfo

#: Clothing sizes in their natural order; other sizes sort by their first number, then by text.
_SIZE_ORDER = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "3XL", "4XL")
_NUMBER = re.compile(r"\d+")


def _size_key(size: str) -> tuple[int, int, str]:
    upper = size.upper()
    if upper in _SIZE_ORDER:
        return (0, _SIZE_ORDER.index(upper), upper)
    number = _NUMBER.search(size)
    if number:
        return (1, int(number.group()), upper)
    return (2, 0, upper)


@dataclass(frozen=True)
class VariantGrid:
    """`cells[(colour, size)]` is the variant sold in that colour and size (missing: none)."""

    colours: tuple[str, ...]
    sizes: tuple[str, ...]
    cells: dict[tuple[str, str], ArticleInfo]

    def variant(self, colour: str, size: str) -> ArticleInfo | None:
        return self.cells.get((colour, size))


def variant_grid(variants: Sequence[ArticleInfo]) -> VariantGrid:
    """Colours in the order first seen, sizes in size order (S before M before L)."""
    colours: list[str] = []
    sizes: list[str] = []
    cells: dict[tuple[str, str], ArticleInfo] = {}
    for variant in variants:
        colour, size = variant.colour or "", variant.size or ""
        if colour not in colours:
            colours.append(colour)
        if size not in sizes:
            sizes.append(size)
        cells[(colour, size)] = variant
    return VariantGrid(tuple(colours), tuple(sorted(sizes, key=_size_key)), cells)
