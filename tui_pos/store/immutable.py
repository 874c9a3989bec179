"""Database triggers that make tables append-only (journal, sales, issued invoices)."""

from __future__ import annotations

from alembic import op

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tui_pos_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'tui-pos: % rows are immutable', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def protect(*tables: str) -> None:
    """Refuse UPDATE and DELETE on these tables, in the data layer itself."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
    for table in tables:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'tui-pos: {table} rows are immutable'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER trg_{table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION tui_pos_refuse_change()"
            )
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise NotImplementedError(dialect)


def unprotect(*tables: str) -> None:
    dialect = op.get_bind().dialect.name
    for table in tables:
        if dialect == "sqlite":
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{action}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_immutable ON {table}")
