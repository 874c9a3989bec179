"""The floor: a bare Textual app shaped like the checkout, on the same database, doing the least.

It has the checkout's widgets (status labels, a cart DataTable, a totals Static, the scan Input,
a message line, a Footer with as many bindings; padded with empty Labels to the same widget
count), opens the database with SQLModel and runs one query before its first frame. A scan
(Enter in the input) is one barcode query and one row added (or its quantity cell updated).
Imports nothing from tui_pos, so it costs only Textual + SQLModel: what any app like ours pays.

    python -m benchmarks.floor_app sqlite:///path.db --bindings 14 --padding 0

`fixtures.measure_shape` finds the bindings and padding that give the checkout's widget count.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, col, create_engine, select
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

PLACEHOLDER = "Scan or type a barcode / code (3*code for 3)"  # as ours: benchmarks look for it
FOOTER_KEYS = [f"f{n}" for n in range(1, 13)] + [f"ctrl+{c}" for c in "trognpsjl"]


class FloorModel(SQLModel, registry=registry()):
    """Its own metadata: the floor must not clash with tui_pos's tables when both are loaded."""


class Article(FloorModel, table=True):
    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    code: str
    name: str
    list_price: int


class Barcode(FloorModel, table=True):
    __tablename__ = "barcode"

    code: str = Field(primary_key=True)
    article_code: str


class FloorScreen(Screen[None]):
    DEFAULT_CSS = """
    #status { height: 1; }
    #status Label { margin-right: 2; }
    #main { height: 1fr; }
    #cart { height: 1fr; border: round $primary; }
    #totals { width: 26; height: 1fr; border: round $primary; }
    #entry { height: 4; }
    .pad { width: 0; }
    """

    def __init__(self, engine: Engine, padding: int) -> None:
        super().__init__()
        self.engine = engine
        self.padding = padding
        self.rows: list[tuple[str, int]] = []  # (article code, quantity)
        self.total = 0
        #: Benchmarks set this to learn when a scan has been handled.
        self.on_scanned: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Label("Shop")
            yield Label("Till")
            yield Label("")
            for _i in range(self.padding):
                yield Label("", classes="pad")
        with Horizontal(id="main"):
            yield DataTable(id="cart", cursor_type="row", zebra_stripes=True)
            yield Static("", id="totals")
        with Vertical(id="entry"):
            yield Input(placeholder=PLACEHOLDER, id="scan")
            yield Static("", id="message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in (("#", 2), ("Article", 30), ("Qty", 6), ("Price", 7), ("Total", 8)):
            table.add_column(label, width=width, key=label)
        scan = self.query_one(Input)
        scan.cursor_blink = False  # as ours with animations off: nothing moves when idle
        scan.focus()

    def action_noop(self, _key: int) -> None:
        pass

    @on(Input.Submitted)
    def scan(self, event: Input.Submitted) -> None:
        event.input.value = ""
        with Session(self.engine) as session:
            row = session.exec(
                select(Article)
                .join(Barcode, col(Barcode.article_code) == col(Article.code))
                .where(Barcode.code == event.value.strip())
            ).first()
        message = self.query_one("#message", Static)
        if row is None:
            message.update("Unknown barcode")
            if self.on_scanned is not None:
                self.on_scanned()
            return
        table = self.query_one(DataTable)
        price = row.list_price
        if self.rows and self.rows[-1][0] == row.code:
            code, qty = self.rows[-1]
            self.rows[-1] = (code, qty + 1)
            key = str(len(self.rows))
            table.update_cell(key, "Qty", str(qty + 1))
            table.update_cell(key, "Total", f"{price * (qty + 1) / 100:.2f}")
        else:
            self.rows.append((row.code, 1))
            key = str(len(self.rows))
            table.add_row(key, row.name, "1", f"{price / 100:.2f}", f"{price / 100:.2f}", key=key)
        table.move_cursor(row=len(self.rows) - 1, animate=False)
        self.total += price
        self.query_one("#totals", Static).update(
            f"Lines {len(self.rows)}\nTOTAL {self.total / 100:.2f}"
        )
        message.update(f"{row.name} added.")
        if self.on_scanned is not None:
            self.on_scanned()


class FloorApp(App[None]):
    def __init__(self, url: str, bindings: int, padding: int) -> None:
        super().__init__()
        self.engine = create_engine(url)
        self.bindings = bindings
        self.padding = padding
        self.animation_level = "none"

    def on_mount(self) -> None:
        with Session(self.engine) as session:  # the one query
            session.exec(select(Article).limit(1)).first()
        bindings = [Binding(k, f"noop({i})", f"Key{i}") for i, k in enumerate(FOOTER_KEYS)]
        screen_class = type("Floor", (FloorScreen,), {"BINDINGS": bindings[: self.bindings]})
        self.push_screen(screen_class(self.engine, self.padding))


def main(argv: Any = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="SQLAlchemy URL of a tui-pos database")
    parser.add_argument("--bindings", type=int, default=14, help="bindings shown in the footer")
    parser.add_argument("--padding", type=int, default=0, help="extra empty Labels")
    args = parser.parse_args(argv)
    FloorApp(args.url, args.bindings, args.padding).run()


if __name__ == "__main__":
    main()
