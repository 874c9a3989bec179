"""order search by word beginnings: orders.search_text as " word word ...", a word index

Search matched substrings anywhere, through trigram indexes; every trigram of a common name is
common in a million orders, so a search read large posting lists (up to 100 ms). Now a query
word matches the beginning of a word (core.order_filter.search_text), so `search_text` becomes
its words (casefolded runs of letters and digits, at most 64 characters each) after one space
each, and the index holds words: FTS5 unicode61 split at spaces on SQLite, a GIN index of the
words as tsvector lexemes on PostgreSQL (the trigram indexes go).

The old text was the casefolded parts joined by newlines, so its words are the new text's; the
way back builds the old text again from the order's columns and lines. Both in batches of
`BATCH` orders by id, on SQLite and PostgreSQL.

Revision ID: 0007_search_words
Revises: 0006_search_statistics
Create Date: 2026-11-23 00:10:00.000000
"""

import re
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from tui_pos.store.order_search import (
    create_trigram_index,
    create_word_index,
    drop_trigram_index,
    drop_word_index,
)

revision: str = "0007_search_words"
down_revision: str | Sequence[str] | None = "0006_search_statistics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
#: core.order_filter's words as of this migration (kept here: a migration does not change).
_WORD = re.compile(r"[^\W_]+")
MAX_WORD = 64


def words_text(old: str) -> str:
    """The new search_text of an old one (casefolded parts joined by newlines)."""
    return "".join(" " + word[:MAX_WORD] for word in _WORD.findall(old.casefold()))


def _rewrite(make: Callable[[Any, list[Any]], list[dict[str, str]]], columns: str) -> None:
    """Set orders.search_text batch by batch: `make(conn, rows)` gives {id, text} per row of
    `SELECT id, <columns>` (ordered by id)."""
    conn = op.get_bind()
    select = sa.text(f"SELECT id, {columns} FROM orders WHERE id > :last ORDER BY id LIMIT {BATCH}")
    postgres = conn.dialect.name == "postgresql"
    if postgres:  # one statement per batch, not one per row
        update = sa.text(
            "UPDATE orders SET search_text = v.text FROM unnest(CAST(:ids AS text[]), "
            "CAST(:texts AS text[])) AS v(id, text) WHERE orders.id = v.id"
        )
    else:
        update = sa.text("UPDATE orders SET search_text = :text WHERE id = :id")
    last = ""
    while True:
        rows = list(conn.execute(select, {"last": last}))
        if not rows:
            return
        values = make(conn, rows)
        if postgres:
            ids, texts = [v["id"] for v in values], [v["text"] for v in values]
            conn.execute(update, {"ids": ids, "texts": texts})
        else:
            conn.execute(update, values)
        last = rows[-1].id


def _to_words(conn: Any, rows: list[Any]) -> list[dict[str, str]]:
    return [{"id": row.id, "text": words_text(row.search_text)} for row in rows]


def _to_substrings(conn: Any, rows: list[Any]) -> list[dict[str, str]]:
    """The text before this migration: number, customer code and name, subject, references,
    note, then each line's article code and description, joined by newlines, casefolded."""
    ids = [row.id for row in rows]
    lines: dict[str, list[str]] = {id_: [] for id_ in ids}
    found = conn.execute(
        sa.text(
            "SELECT order_id, article_code, description FROM order_line "
            "WHERE order_id IN :ids ORDER BY order_id, position"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": ids},
    )
    for order_id, article_code, description in found:
        lines[order_id] += [article_code or "", description]
    return [
        {
            "id": row.id,
            "text": "\n".join(
                [
                    row.number or "",
                    row.customer_code or "",
                    row.customer_name or "",
                    row.subject,
                    row.our_reference,
                    row.customer_reference,
                    row.note,
                    *lines[row.id],
                ]
            ).casefold(),
        }
        for row in rows
    ]


def upgrade() -> None:
    drop_trigram_index()
    _rewrite(_to_words, "search_text")
    create_word_index()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE orders")  # the planner's estimates for the new index's words


def downgrade() -> None:
    drop_word_index()
    _rewrite(
        _to_substrings,
        "number, customer_code, customer_name, subject, our_reference, customer_reference, note",
    )
    create_trigram_index()
