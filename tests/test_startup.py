"""What the till does at start: migrations checked cheaply, printing started after the first
frame, a steady cursor with animations off (see benchmarks/, cold start and idle)."""

from __future__ import annotations

import time
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import DEMO_BARCODE, make_settings
from textual.widgets import Input

from tui_pos.app import PosApp
from tui_pos.services.context import TillContext
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import alembic_config, is_current, script_heads, upgrade

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
