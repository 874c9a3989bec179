"""Changes a unit of work announces: sent in its transaction (PostgreSQL) or after its commit."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from tui_pos.store.db import Database
from tui_pos.store.notify.channels import check_notification
from tui_pos.store.notify.local import publish_local
from tui_pos.store.notify.sqlite import send_to_listeners, socket_dir, sqlite_file

log = logging.getLogger(__name__)


def publish_committed(db: Database, channel: str, payload: str) -> None:
    """Announce a change that is already committed (SQLite). Never raises."""
    try:
        db_file = sqlite_file(db.url)
        if db_file is None:
            publish_local(db.engine, channel, payload)
        else:
            send_to_listeners(socket_dir(db_file), channel, payload)
    except Exception:
        log.exception("publishing change %s %r failed", channel, payload)


class Outbox:
    """Collects (channel, payload) pairs; each distinct pair is published once, on commit.

    PostgreSQL: NOTIFY runs inside the transaction just before COMMIT, so the server delivers
    it with the commit and drops it with a rollback. SQLite: the datagrams go out after the
    commit succeeded; a failure to send is only logged and never fails the commit.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._pending: dict[tuple[str, str], None] = {}

    def add(self, channel: str, payload: str = "") -> None:
        check_notification(channel, payload)
        self._pending[(channel, payload)] = None

    def before_commit(self, session: Session) -> None:
        if self._db.is_postgres:
            from tui_pos.store.notify.postgres import publish_in  # psycopg: only when used

            for channel, payload in self._pending:
                publish_in(session, channel, payload)

    def after_commit(self) -> None:
        pending, self._pending = self._pending, {}
        if not self._db.is_postgres:
            for channel, payload in pending:
                publish_committed(self._db, channel, payload)

    def discard(self) -> None:
        self._pending.clear()
