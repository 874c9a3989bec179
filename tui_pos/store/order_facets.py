"""The distinct employees and branches on orders, for filter choices: a loose index scan (one
index probe per value), so it stays fast with a million orders on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import text
from sqlmodel import Session

FacetColumn = Literal["employee", "branch"]
_COLUMNS: frozenset[str] = frozenset({"employee", "branch"})


def distinct_values(session: Session, column: FacetColumn, *, limit: int = 200) -> list[str]:
    """The column's non-empty values on orders, sorted, at most `limit` of them."""
    if column not in _COLUMNS:  # the name goes into the SQL text: only known columns
        raise ValueError(f"no facet column {column!r}")
    query = text(
        f"""
        WITH RECURSIVE facet(value) AS (
            SELECT MIN({column}) FROM orders WHERE {column} > ''
            UNION ALL
            SELECT (SELECT MIN({column}) FROM orders WHERE {column} > facet.value)
            FROM facet WHERE facet.value IS NOT NULL
        )
        SELECT value FROM facet WHERE value IS NOT NULL LIMIT :limit
        """  # the column is one of _COLUMNS
    )
    return [str(value) for value in session.execute(query, {"limit": limit}).scalars()]
