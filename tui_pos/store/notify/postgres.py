"""PostgreSQL change bus: NOTIFY inside the writer's transaction, LISTEN on a dedicated connection.

PostgreSQL delivers a NOTIFY only when its transaction commits, and drops it on rollback. The
listener thread sleeps in the kernel on the connection's socket (not psycopg's `notifies()`
loop, which wakes ten times a second) and reconnects with backoff when the connection drops,
then tells its subscribers to resync because changes may have been missed meanwhile.
"""

from __future__ import annotations

import hashlib
import logging
import selectors
import weakref
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from tui_pos.store.db import Database
from tui_pos.store.notify.channels import check_notification
from tui_pos.store.notify.wake import SocketWokenBus

log = logging.getLogger(__name__)

PG_CHANNEL_MAX = 63  # NAMEDATALEN - 1
HEALTH_INTERVAL_SECONDS = 60.0
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0
CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
_SCHEMA_SQL = "SELECT coalesce(current_schema(), '')"

_schemas: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def pg_channel(schema: str, channel: str) -> str:
    """The PostgreSQL channel of `channel`: NOTIFY is database-wide, so it carries the schema.

    Shops (and parallel tests) in different schemas of one database do not hear each other.
    """
    if len(schema.encode()) > PG_CHANNEL_MAX - 32:  # leave room for any valid channel
        schema = "s" + hashlib.sha256(schema.encode()).hexdigest()[:16]
    return f"{schema}.{channel}"


def publish_in(target: Session | Connection, channel: str, payload: str = "") -> None:
    """NOTIFY in the current transaction of `target`: heard only if and when it commits."""
    check_notification(channel, payload)
    conn = target.connection() if isinstance(target, Session) else target
    schema = _schemas.get(conn.engine)
    if schema is None:
        schema = conn.execute(text(_SCHEMA_SQL)).scalar_one()
        _schemas[conn.engine] = schema
    conn.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": pg_channel(schema, channel), "payload": payload},
    )


class PostgresBus(SocketWokenBus):
    """Change bus for tills sharing one PostgreSQL database (LISTEN/NOTIFY)."""

    def __init__(
        self,
        db: Database,
        *,
        health_interval: float = HEALTH_INTERVAL_SECONDS,
        max_backoff: float = MAX_BACKOFF_SECONDS,
    ) -> None:
        super().__init__()
        self._db = db
        self._health_interval = health_interval
        self._max_backoff = max_backoff
        self.backend_pid: int | None = None  # of the listening connection, while connected

    def publish(self, channel: str, payload: str = "") -> None:
        check_notification(channel, payload)
        try:
            with self._db.engine.begin() as conn:
                publish_in(conn, channel, payload)
        except Exception:
            log.exception("publishing change %s %r failed", channel, payload)

    def _connect(self) -> psycopg.Connection[Any]:
        engine = self._db.engine
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        kwargs.pop("context", None)  # SQLAlchemy's adapters; plain psycopg types suit us
        options = {**CONNECT_OPTIONS, **kwargs, "autocommit": True}
        return psycopg.connect(*args, **options)

    def _listen(self) -> None:
        backoff = FIRST_BACKOFF_SECONDS
        reconnected = False
        while not self.closing:
            try:
                conn = self._connect()
            except psycopg.Error as exc:
                log.warning("change bus cannot reach PostgreSQL (%s); retry in %.1fs", exc, backoff)
            else:
                backoff = FIRST_BACKOFF_SECONDS
                try:
                    self._serve(conn, resync=reconnected)
                except (psycopg.Error, OSError) as exc:
                    log.warning("change bus lost its PostgreSQL connection (%s); reconnecting", exc)
                finally:
                    self.backend_pid = None
                    self._set_listening(frozenset())
                    conn.close()
                reconnected = True
            if self.closing:
                break
            self._sleep(backoff)
            backoff = min(backoff * 2, self._max_backoff)

    def _serve(self, conn: psycopg.Connection[Any], *, resync: bool) -> None:
        row = conn.execute(_SCHEMA_SQL).fetchone()
        schema = str(row[0]) if row else ""
        self.backend_pid = conn.info.backend_pid
        listened: dict[str, str] = {}  # PostgreSQL channel -> our channel
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_r, selectors.EVENT_READ)
            selector.register(conn.fileno(), selectors.EVENT_READ)
            while not self.closing:
                self._update_listens(conn, schema, listened)
                if resync:  # after LISTEN, so nothing committed from here on is lost
                    self._resync()
                    resync = False
                self._deliver(conn, listened)
                events = selector.select(self._health_interval)
                if not events:
                    conn.execute("SELECT 1")  # a dead connection shows up here at the latest
                elif any(key.fileobj is self._wake_r for key, _ in events):
                    self._drain_wake()

    def _update_listens(
        self, conn: psycopg.Connection[Any], schema: str, listened: dict[str, str]
    ) -> None:
        wanted = {pg_channel(schema, c): c for c in self.channels()}
        for name in wanted.keys() - listened.keys():
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(name)))
        for name in listened.keys() - wanted.keys():
            conn.execute(sql.SQL("UNLISTEN {}").format(sql.Identifier(name)))
        listened.clear()
        listened.update(wanted)
        self._set_listening(frozenset(wanted.values()))

    def _deliver(self, conn: psycopg.Connection[Any], listened: dict[str, str]) -> None:
        """Dispatch what has arrived (also what psycopg buffered during our own queries)."""
        changes = [
            (listened[n.channel], n.payload)
            for n in conn.notifies(timeout=0)
            if n.channel in listened
        ]
        if changes:
            self._dispatch(changes)

    def _sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if woken (close, a new subscription)."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_r, selectors.EVENT_READ)
            if selector.select(seconds):
                self._drain_wake()
