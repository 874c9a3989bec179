"""What the benchmarks run on: the databases, the two apps (ours and the floor), the scans."""

from __future__ import annotations

import os
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from tui_pos.config import REPO_ROOT, Settings, load_settings
from tui_pos.devtools.generate import GENERATOR_VERSION, Sizes, generate
from tui_pos.services.bootstrap import open_context
from tui_pos.services.context import TillContext
from tui_pos.store.db import open_database
from tui_pos.store.migrate import alembic_config

SCANS = 500
CART_LINES = 200
#: On the screen once the scan field is drawn, in ours and the floor (its first letter is under
#: the cursor, so it is written apart).
SCAN_FIELD = b"can or type a barcode"
PIECE_BARCODES = (
    "SELECT b.code FROM barcode b JOIN article a ON a.code = b.article_code "
    "WHERE a.unit = 'piece' AND NOT a.is_variant_parent AND length(b.code) = 13 ORDER BY b.code"
)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def settings_for(url: str, work: Path) -> Settings:
    """The shipped configuration on `url`, with the file printer writing under `work`."""
    settings = load_settings()
    settings.database.url = url
    settings.printer.path = str(work / "printer" / "receipts.bin")
    return settings


def env_for(url: str, work: Path) -> dict[str, str]:
    """The environment that gives a till subprocess the same settings as `settings_for`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUI_POS_", "TEXTUAL"))}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "TUI_POS_DATABASE__URL": url,
            "TUI_POS_PRINTER__PATH": str(work / "printer" / "receipts.bin"),
            "TERM": "xterm-256color",
        }
    )
    env.pop("COLORTERM", None)  # not forwarded over SSH by default: 256 colours, like most tills
    # A till writes its bytecode once and starts from it after (the warm start the cold-start
    # benchmark means); a session with this set would compile all of tui_pos at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def demo_database(work: Path) -> str:
    """The demo database as `tui-pos --demo` creates it (loaded here, not timed)."""
    url = sqlite_url(work / "demo.db")
    ctx = open_context(settings_for(url, work), demo=True)
    ctx.db.dispose()
    return url


def big_database(
    data_dir: Path, sizes: Sizes, seed: int, *, fresh: bool, say: Callable[[str], None]
) -> str:
    """The generated database, cached in `data_dir` by sizes, seed, generator and schema."""
    head = "-".join(sorted(_schema_heads()))
    shape = f"a{sizes.articles}-s{sizes.sales}-o{sizes.orders}-seed{seed}"
    name = f"big-{shape}-g{GENERATOR_VERSION}-{head}.db"
    path = data_dir / name
    if path.exists() and not fresh:
        say(f"using {path} (generated earlier; --fresh makes it again)")
        return sqlite_url(path)
    data_dir.mkdir(parents=True, exist_ok=True)
    current = f"-g{GENERATOR_VERSION}-{head}.db"
    for old in data_dir.glob("big-*.db*"):  # other versions (other sizes are kept: --quick)
        if current not in old.name or old.name.startswith(path.name):
            old.unlink()
    partial = path.with_suffix(".partial")
    for leftover in data_dir.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    db = open_database(sqlite_url(partial))
    try:
        summary = generate(db, sizes, seed=seed, log=lambda s: say("  " + s))
    finally:
        db.dispose()
    partial.rename(path)
    say(
        f"generated {path.name}: {summary.articles} articles, {summary.sales} sales, "
        f"{summary.sale_lines} lines, {summary.journal_entries} journal entries, "
        f"{summary.orders} orders ({summary.order_lines} lines) in "
        f"{time.perf_counter() - started:.0f} s ({path.stat().st_size / 1e9:.2f} GB)"
    )
    return sqlite_url(path)


def _schema_heads() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def copy_database(url: str, target: Path) -> str:
    """A private copy of a SQLite database (for benchmarks that write)."""
    source = Path(url.removeprefix("sqlite:///"))
    with open_database(url).engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(source, target)
    return sqlite_url(target)


def scan_sequence(
    url: str, scans: int = SCANS, lines: int = CART_LINES, seed: int = 7
) -> list[str]:
    """`scans` barcodes that grow a cart to `lines` lines (500 → 200 by default): as many
    articles, each scanned 3 or 2 times in a row (one cart line per article, the repeats add to
    it: three yoghurts)."""
    assert 2 * lines <= scans <= 3 * lines
    with open_database(url).engine.connect() as conn:
        codes = list(conn.execute(text(PIECE_BARCODES)).scalars())
    chosen = random.Random(seed).sample(codes, lines)
    sequence: list[str] = []
    for i, code in enumerate(chosen):
        sequence += [code] * (3 if i < scans - 2 * lines else 2)
    return sequence


def article_names(url: str, barcodes: list[str]) -> dict[str, str]:
    """The name of the article each barcode is for."""
    query = text(
        "SELECT b.code, a.name FROM barcode b JOIN article a ON a.code = b.article_code "
        "WHERE b.code = :code"
    )
    names: dict[str, str] = {}
    with open_database(url).engine.connect() as conn:
        for code in dict.fromkeys(barcodes):
            names[code] = str(conn.execute(query, {"code": code}).one()[1])
    return names


def first_barcode(url: str) -> str:
    """A barcode that adds a line at once (no weight or variant to ask for)."""
    with open_database(url).engine.connect() as conn:
        return str(conn.execute(text(PIECE_BARCODES + " LIMIT 1")).scalar_one())


@dataclass(frozen=True)
class Subject:
    """An app to run in a terminal."""

    name: str
    argv: list[str]
    env: dict[str, str]


def ours(url: str, work: Path, *, demo: bool = False) -> Subject:
    """The till, started as `tui-pos [--demo]` is."""
    argv = [sys.executable, "-m", "tui_pos", *(["--demo"] if demo else [])]
    return Subject("tui-pos", argv, env_for(url, work))


@dataclass(frozen=True)
class Shape:
    """The checkout screen's widget count, and the floor app's arguments to match it."""

    widgets: int
    bindings: int
    padding: int
    floor_widgets: int


def floor(url: str, work: Path, shape: Shape) -> Subject:
    argv = [sys.executable, "-m", "benchmarks.floor_app", url]
    argv += ["--bindings", str(shape.bindings), "--padding", str(shape.padding)]
    return Subject("floor", argv, env_for(url, work))


async def measure_shape(ctx: TillContext) -> Shape:
    """Count the widgets on our checkout screen and on the floor's, and pad the floor."""
    from tui_pos.app import PosApp
    from tui_pos.screens.checkout import CheckoutScreen

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widgets = len(list(app.screen.walk_children(with_self=False)))
    bindings = sum(1 for b in CheckoutScreen.BINDINGS if getattr(b, "show", True))
    bare = await _count_floor_widgets(ctx.db.url, bindings)
    if bare > widgets:  # each binding is one footer key: drop the surplus
        bindings = max(0, bindings - (bare - widgets))
        bare = await _count_floor_widgets(ctx.db.url, bindings)
    padding = max(0, widgets - bare)
    return Shape(widgets, bindings, padding, bare + padding)


async def _count_floor_widgets(url: str, bindings: int) -> int:
    from benchmarks.floor_app import FloorApp

    floor_app = FloorApp(url, bindings, 0)
    try:
        async with floor_app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return len(list(floor_app.screen.walk_children(with_self=False)))
    finally:
        floor_app.engine.dispose()


def ctx_for(url: str, work: Path) -> TillContext:
    return open_context(settings_for(url, work))
