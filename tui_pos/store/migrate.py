"""Create or upgrade a database to the newest schema through Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tui_pos.store.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(db: Database, revision: str = "heads") -> None:
    """Bring the schema up to date; safe to call at every start (a no-op when current)."""
    cfg = alembic_config()
    with db.write_engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def is_current(db: Database) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads
