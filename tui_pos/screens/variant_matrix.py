"""The colour × size matrix (ORD-2, CHK-2): a quantity per cell, all added at once with Enter."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui_pos.core.errors import PosError
from tui_pos.core.variant_grid import VariantGrid
from tui_pos.i18n import _

Quantities = list[tuple[str, str]]  # (variant code, typed quantity)


class VariantMatrixScreen(ModalScreen[int | None]):
    """Returns how many cells were added, or None when cancelled. `add` raises PosError to
    refuse (the matrix stays open with the message; nothing was added)."""

    CSS_PATH = "variant_matrix.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="matrix.cancel"),
        Binding("up", "row(-1)", show=False, id="matrix.up"),
        Binding("down", "row(1)", show=False, id="matrix.down"),
    ]

    def __init__(self, title: str, grid: VariantGrid, add: Callable[[Quantities], object]) -> None:
        super().__init__()
        self.title_text = title
        self.grid = grid
        self.add = add
        self.cells: dict[tuple[int, int], Input] = {}

    def compose(self) -> ComposeResult:
        grid = self.grid
        with Vertical(id="matrix-box"):
            yield Label(self.title_text, id="matrix-title", markup=False)
            with Grid(id="matrix-grid") as layout:
                layout.styles.grid_size_columns = len(grid.sizes) + 1
                layout.styles.grid_columns = " ".join(["14"] + ["8"] * len(grid.sizes))
                layout.styles.width = 14 + 9 * len(grid.sizes)
                yield Label("")
                for size in grid.sizes:
                    yield Label(size or "—", classes="matrix-size", markup=False)
                for row, colour in enumerate(grid.colours):
                    yield Label(colour or "—", classes="matrix-colour", markup=False)
                    for column, size in enumerate(grid.sizes):
                        variant = grid.variant(colour, size)
                        if variant is None:
                            yield Label("·", classes="matrix-none")
                            continue
                        cell = Input(
                            placeholder="0",
                            compact=True,
                            restrict=r"[0-9]*",
                            max_length=4,
                            name=variant.code,
                            classes="matrix-cell",
                        )
                        self.cells[(row, column)] = cell
                        yield cell
            yield Static("", id="matrix-error", markup=False)
            yield Label(
                _("Type quantities · Tab/↑↓ move · Enter adds all · Esc cancel"), classes="hint"
            )

    def on_mount(self) -> None:
        if self.cells:
            self.cells[min(self.cells)].focus()

    def action_row(self, step: int) -> None:
        current = next((pos for pos, cell in self.cells.items() if cell.has_focus), None)
        if current is None:
            return
        row, column = current
        target = self.cells.get((row + step, column))
        if target is not None:
            target.focus()

    def quantities(self) -> Quantities:
        return [(cell.name or "", cell.value) for _pos, cell in sorted(self.cells.items())]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        quantities = self.quantities()
        try:
            self.add(quantities)
        except PosError as exc:
            self.query_one("#matrix-error", Static).update(exc.message)
            self.app.bell()
            return
        self.dismiss(sum(1 for _code, qty in quantities if qty.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
