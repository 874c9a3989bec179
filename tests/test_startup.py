"""What the till does at start: migrations checked cheaply, printing started after the first
frame, a steady cursor with animations off, the first frame without the modules only a scan,
a sale, an order or a device needs (see benchmarks/, cold start and idle)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import DEMO_BARCODE, make_settings
from sqlalchemy import text
from textual.widgets import Input, TextArea

from tui_pos.app import PosApp
from tui_pos.config import REPO_ROOT
from tui_pos.services.bootstrap import open_context
from tui_pos.services.context import TillContext
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import alembic_config, is_current, script_heads, upgrade
from tui_pos.widgets.wedge import is_text_area

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_migration_heads_read_from_the_files_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    assert script_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_current_database_is_not_handed_to_alembic(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic ran on a current database")

    monkeypatch.setattr(command, "upgrade", refuse)
    upgrade(database)
    assert is_current(database)


def test_a_new_database_is_still_migrated(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    assert not is_current(db)
    upgrade(db)
    assert is_current(db)
    db.dispose()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_printing_starts_once_the_checkout_is_shown_and_prints_the_sale(
    database: Database, tmp_path: Path
) -> None:
    receipts = tmp_path / "receipts.bin"
    settings = make_settings(printer__path=str(receipts))
    ctx = TillContext(settings=settings, db=database)
    app = PosApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.printing is not None
        assert app.checkout_service.printing is app.printing
        app.checkout_service.scan(DEMO_BARCODE)
        session = app.checkout_service.start_payment()
        cash = next(m for m in ctx.till_methods() if m.kind == "cash")
        session.add(cash, session.cash_due() + D(5))
        app.checkout_service.complete(session)
        deadline = time.monotonic() + 10
        while not (receipts.exists() and receipts.stat().st_size) and time.monotonic() < deadline:
            await pilot.pause(0.05)
    assert receipts.stat().st_size > 0


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("animations", [False, True])
async def test_the_scan_field_cursor_blinks_only_with_animations(
    ctx: TillContext, animations: bool
) -> None:
    ctx.settings.ui.animations = animations
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scan = app.screen.query_one("#scan", Input)
        assert scan.has_focus
        assert scan.cursor_blink is animations


#: What `tui-pos` does up to the checkout's first frame (commands/run.py, headless), and which
#: modules are loaded then and right after it (once the till has warmed up for the first scan).
FIRST_FRAME = """
import asyncio, json, sys
from tui_pos.app import PosApp
from tui_pos.cli import build_parser
from tui_pos.config import load_settings
from tui_pos.services.bootstrap import open_context

build_parser().parse_args([])
ctx = open_context(load_settings())
loaded = {}

def after_first_frame(app):
    loaded["first_frame"] = sorted(sys.modules)
    warm_up(app)
    loaded["warmed_up"] = sorted(sys.modules)
    app.exit()

warm_up, PosApp._after_first_frame = PosApp._after_first_frame, after_first_frame

async def main():
    async with PosApp(ctx, start_printing=False).run_test(size=(80, 24)) as pilot:
        while "warmed_up" not in loaded:
            await pilot.pause(0.05)

asyncio.run(main())
print(json.dumps(loaded))
"""
#: Loaded by the first scan (the ORM and its tables, pricing), an order, a sale's receipt, a
#: printer, an evdev scanner, a GS1 code or a migration, never before the first frame.
NOT_IN_FIRST_FRAME = (
    "sqlmodel",
    "sqlalchemy.orm",
    "tui_pos.store.uow",
    "tui_pos.store.models.catalog",
    "tui_pos.store.models.orders",
    "tui_pos.services.pricing",
    "tui_pos.services.till_orders",
    "tui_pos.core.receipt",
    "escpos",
    "PIL",
    "qrcode",
    "evdev",
    "stdnum",
    "alembic",
    "textual.widgets._text_area",
)


def loaded_at_start(database: Database) -> dict[str, set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_POS_")}
    env.update(PYTHONPATH=str(REPO_ROOT), TUI_POS_DATABASE__URL=database.url)
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, env=env, check=True
    ).stdout
    return {stage: set(names) for stage, names in json.loads(out.splitlines()[-1]).items()}


def loaded(modules: set[str], prefix: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for name in modules)


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_first_frame_waits_for_no_orm_printer_scanner_or_order_modules(
    database: Database,
) -> None:
    modules = loaded_at_start(database)
    early = [name for name in NOT_IN_FIRST_FRAME if loaded(modules["first_frame"], name)]
    assert early == [], f"loaded before the till's first frame: {early}"
    assert loaded(modules["first_frame"], "tui_pos.screens.checkout")
    # ...and right after it, what the first scan needs is there (it does not wait for it).
    for needed in ("sqlmodel", "tui_pos.store.uow", "tui_pos.services.pricing"):
        assert loaded(modules["warmed_up"], needed), needed


def test_a_text_area_is_recognised_without_importing_its_module_first() -> None:
    assert is_text_area(TextArea())
    assert not is_text_area(Input())
    assert not is_text_area(None)


@pytest.mark.slow
def test_a_demo_start_loads_what_is_missing_and_then_nothing(
    sqlite_template: Path, tmp_path: Path
) -> None:
    def counts(db: Database) -> tuple[int, ...]:
        with db.engine.connect() as conn:
            return tuple(
                int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("article", "discount_article_customer", "orders")
            )

    path = tmp_path / "demo.db"
    path.write_bytes(sqlite_template.read_bytes())  # the demo catalog and rules, no orders
    settings = make_settings(database__url=f"sqlite:///{path}")
    before = counts(open_database(settings.database.url))
    assert before[0] and before[1] and before[2] == 0
    ctx = open_context(settings, demo=True)
    loaded_once = counts(ctx.db)
    assert loaded_once[:2] == before[:2] and loaded_once[2] == 12  # the demo orders added
    ctx.db.dispose()
    ctx = open_context(settings, demo=True)
    assert counts(ctx.db) == loaded_once
    ctx.db.dispose()


PRINTER = """
import sys
from pathlib import Path
from tui_pos.core.printdoc import PrintDocument, Text
from tui_pos.hardware.printer_config import PrinterConfig, printer_from_config

printer = printer_from_config(PrinterConfig(kind="file", path=sys.argv[1]))
assert "escpos.capabilities" in sys.modules  # the profile and code page were checked
assert "escpos.printer" not in sys.modules and "PIL" not in sys.modules, "loaded before a job"
printer.print_document(PrintDocument("receipt", "T1-1").add(Text("hello")))
assert "escpos.printer" in sys.modules
print(Path(sys.argv[1]).stat().st_size)
"""


def test_a_file_printer_loads_the_printer_classes_with_its_first_receipt(tmp_path: Path) -> None:
    receipts = tmp_path / "receipts.bin"
    result = subprocess.run(
        [sys.executable, "-c", PRINTER, str(receipts)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 0


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_the_till_process_freezes_what_it_started_with_for_the_collector(
    ctx: TillContext,
) -> None:
    import gc

    assert gc.get_freeze_count() == 0
    app = PosApp(ctx, start_printing=False, freeze_gc=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            assert gc.get_freeze_count() > 10_000  # the modules, styles and widgets
    finally:
        gc.unfreeze()  # a test process is not the till: its garbage must stay collectable
