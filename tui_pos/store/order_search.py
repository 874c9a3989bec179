"""A trigram index for order search (ORD-10), so "every word occurs somewhere" needs no full scan.

PostgreSQL: a pg_trgm GIN index on `orders.search_text`; `LIKE '%word%'` uses it by itself.
SQLite: an FTS5 table with the trigram tokenizer, filled by triggers from `orders.search_text`
under the stable integer `orders.search_key`; the list query asks it for candidate keys first.
Both are optional (no pg_trgm extension, an SQLite without FTS5 trigram): search then scans.
The LIKE conditions always stay in the query, so results are exact either way."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

FTS_TABLE = "order_search"
TRGM_INDEX = "ix_orders_search_trgm"
#: Candidate keys beyond this: the word is common, and walking the sort index finds a page
#: sooner than sorting every candidate.
MAX_CANDIDATES = 5000
#: Words shorter than a trigram cannot use the index (they are still matched by LIKE).
MIN_WORD = 3

log = logging.getLogger(__name__)


def is_search_object(name: str | None) -> bool:
    """Objects made here, not in the models (Alembic autogenerate must leave them alone)."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name == TRGM_INDEX)


def _pg_trgm_schema(bind: Any) -> str | None:
    return bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()


def create_search_index() -> None:
    """Migration step: build the trigram index where the database can."""
    from alembic import op  # here, not at import: the till loads this module at every start

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = _pg_trgm_schema(bind)
        if schema is None:
            try:
                with bind.begin_nested():
                    bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            except DBAPIError as exc:  # no permission: search works, by scanning
                log.warning("pg_trgm unavailable, order search will scan: %s", exc)
            schema = _pg_trgm_schema(bind)
        if schema is not None:
            ops = bind.dialect.identifier_preparer.quote(schema) + ".gin_trgm_ops"
            op.execute(f"CREATE INDEX {TRGM_INDEX} ON orders USING gin (search_text {ops})")
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(body, tokenize = 'trigram')"
            )
    except DBAPIError as exc:  # an SQLite without FTS5 trigram (< 3.34)
        log.warning("FTS5 trigram unavailable, order search will scan: %s", exc)
        return
    op.execute(
        f"CREATE TRIGGER trg_{FTS_TABLE}_insert AFTER INSERT ON orders BEGIN "
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (new.search_key, new.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER trg_{FTS_TABLE}_update AFTER UPDATE OF search_text ON orders BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.search_key; "
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (new.search_key, new.search_text); END"
    )


def drop_search_index() -> None:
    from alembic import op

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
        return
    for trigger in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_{FTS_TABLE}_{trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def has_fts(session: Session) -> bool:
    """Whether this SQLite database has the FTS table."""
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": FTS_TABLE},
    ).first()
    return found is not None


def match_query(words: list[str]) -> str | None:
    """An FTS5 query: every word (of trigram length) as a quoted substring; None if none is."""
    usable = [word for word in words if len(word) >= MIN_WORD]
    if not usable:
        return None
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in usable)


def candidate_keys(session: Session, words: list[str]) -> list[int] | None:
    """The `search_key`s of the orders whose search text contains every word, or None when the
    index cannot narrow the search down (no FTS, short words only, or a common word)."""
    query = match_query(words)
    if query is None or session.get_bind().dialect.name != "sqlite" or not has_fts(session):
        return None
    keys = list(
        session.execute(
            text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT :cap"),
            {"q": query, "cap": MAX_CANDIDATES + 1},
        )
        .scalars()
        .all()  # in one fetch, not one per row: up to 5,001 keys
    )
    return keys if len(keys) <= MAX_CANDIDATES else None
