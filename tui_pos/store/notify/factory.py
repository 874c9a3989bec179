"""Open the change bus that suits a database."""

from __future__ import annotations

from tui_pos.store.db import Database
from tui_pos.store.notify.bus import ChangeBus
from tui_pos.store.notify.local import LocalBus
from tui_pos.store.notify.sqlite import SqliteBus, sqlite_file


def open_bus(db: Database) -> ChangeBus:
    """PostgreSQL: LISTEN/NOTIFY. SQLite file: Unix sockets. In-memory SQLite: in-process.

    Nothing connects or binds until the first subscribe(); `close()` when done.
    """
    if db.is_postgres:
        from tui_pos.store.notify.postgres import PostgresBus  # psycopg: loaded only when used

        return PostgresBus(db)
    if db.is_sqlite:
        db_file = sqlite_file(db.url)
        return LocalBus(db.engine) if db_file is None else SqliteBus(db_file)
    raise ValueError(f"no change bus for {db.engine.dialect.name} databases")
