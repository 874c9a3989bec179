"""Create or upgrade a database to the newest schema through Alembic migrations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from tui_pos.store.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*[\"']([^\"']+)[\"']\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=(.*)$", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(db: Database, revision: str = "heads") -> None:
    """Bring the schema up to date; safe to call at every start (a no-op when current).

    A database already at the newest revision is recognised without loading Alembic, which
    is a fifth of a second of every till start (see `script_heads`).
    """
    if revision == "heads" and _at_script_heads(db):
        return
    from alembic import command

    cfg = alembic_config()
    with db.write_engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def is_current(db: Database) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def script_heads() -> set[str] | None:
    """The newest revisions, read from the migration files' `revision` / `down_revision`
    lines without Alembic; None when a file does not have them as Alembic writes them (then
    `upgrade` asks Alembic). tests/test_migrate.py checks this against Alembic's answer."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None or down.group(1).strip().endswith(("(", "[")):
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    return (revisions - parents) or None


def _at_script_heads(db: Database) -> bool:
    heads = script_heads()
    if heads is None:
        return False
    try:
        with db.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            current = {str(row[0]) for row in rows}
    except SQLAlchemyError:  # no alembic_version table yet: a new database
        return False
    return current == heads
