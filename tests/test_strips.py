"""Segments that look alike are written as one (fewer bytes per frame over SSH)."""

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui_pos.widgets.strips import join_alike


def test_neighbours_that_look_alike_are_joined_keeping_the_first_meta() -> None:
    grey = Style.parse("white on grey11")
    cells = [
        Segment(" 1  ", grey + Style.from_meta({"row": 3, "column": 0})),
        Segment(" Coffee ", grey + Style.from_meta({"row": 3, "column": 1})),
        Segment(" 2 ", grey + Style.from_meta({"row": 3, "column": 2})),
        Segment("│", Style.parse("blue on grey11")),
        Segment(" ", grey),
    ]
    strip = Strip(cells)

    joined = join_alike(strip)

    assert [s.text for s in joined] == [" 1   Coffee  2 ", "│", " "]
    assert joined.cell_length == strip.cell_length
    first = next(iter(joined)).style
    assert first is not None and first.meta == {"row": 3, "column": 0}
    assert first.clear_meta_and_links() == grey


def test_a_strip_with_nothing_to_join_is_unchanged() -> None:
    strip = Strip([Segment("a", Style(bold=True)), Segment("b", Style(italic=True))])
    assert list(join_alike(strip)) == list(strip)
