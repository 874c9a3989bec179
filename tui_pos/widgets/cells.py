"""Table cells shown as written: DataTable reads a str cell as Rich markup and emoji codes."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text


class PlainCell(Text):
    """A DataTable cell that shows its text as it is.

    Given a str, DataTable parses it as Rich markup: an article "Kaas [jong]" showed as
    "Kaas " (the "[jong]" taken for a style tag) and a note ":pizza:" as an emoji. Hashable
    (by what it shows, as Text compares), so a table can key its caches on its cells."""

    def __init__(self, text: str, style: str | Style = "") -> None:
        super().__init__(text, style=style, end="", no_wrap=True)

    def __hash__(self) -> int:
        return hash((self.plain, tuple(self.spans)))


def plain_cells(cells: Iterable[str | Text]) -> list[Text]:
    """Cells for `add_row`: each str as a `PlainCell`; a `Text` (already styled) as it is."""
    return [cell if isinstance(cell, Text) else PlainCell(cell) for cell in cells]
