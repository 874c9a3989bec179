"""Database engines: SQLite (WAL, synchronous=FULL, writers lock up front) or PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
_BEGIN = {"DEFERRED": "BEGIN DEFERRED", "IMMEDIATE": "BEGIN IMMEDIATE"}


@dataclass
class Database:
    """A database: `engine` for reads, `write_engine` whose transactions take the write lock first.

    On SQLite the write engine begins with BEGIN IMMEDIATE, so two writers never deadlock on a
    lock upgrade (SQLITE_BUSY mid-transaction); they queue on the busy timeout instead.
    """

    url: str
    engine: Engine
    write_engine: Engine  # an option view of `engine` on SQLite

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so BEGIN is ours (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        # Straight to the driver: SQLAlchemy's statement machinery around one BEGIN cost as
        # much as the scan's own query.
        conn.connection.driver_connection.execute(_BEGIN[mode])

    return engine


def open_database(url: str, *, pool: bool = True) -> Database:
    """Open (not create) a database by SQLAlchemy URL. Nothing connects until first use."""
    engine: Engine
    write_engine: Engine
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url) if pool else _sqlite_engine(url, poolclass=NullPool)
        write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    else:
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if not pool:
            kwargs["poolclass"] = NullPool
        engine = create_engine(url, **kwargs)
        write_engine = engine
    return Database(url=url, engine=engine, write_engine=write_engine)
