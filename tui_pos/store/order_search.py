"""A word index for order search (ORD-10), so "every query word begins a word" needs no scan.

`orders.search_text` is " word word ..." (core.order_filter.search_text: casefolded runs of
letters and digits) and a query word matches where `LIKE '% word%'` does. The indexes see the
same words (split at the spaces only), so they narrow that down to a superset:

- SQLite: an FTS5 table whose unicode61 tokenizer separates at spaces only (every category but
  Z*, diacritics kept), filled by triggers from `orders.search_text` under the stable integer
  `orders.search_key`; the list query asks it for candidate keys first (`"2026 0123" *`: a
  phrase whose last word may be a prefix, one per query word).
- PostgreSQL: a GIN index of the words and their first five letters as lexemes, unparsed
  (`WORDS_EXPRESSION`); the list query adds `@@ '2026' & '0123':*` ("jansen" is looked up as
  'janse', the first five letters of longer words).

The exact test always stays in the query (LIKE on SQLite; on PostgreSQL the same as
`strpos(search_text, ' word') > 0`, see order_queries.conditions), so results are exact either
way; an SQLite without FTS5 gets no index and scans.

Before migration 0007 search looked for substrings, with trigram indexes (FTS5 trigram,
pg_trgm): `create_trigram_index` and `drop_trigram_index` are those migrations' steps."""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, cast, func, literal, literal_column, text
from sqlalchemy import column as column_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import UserDefinedType
from sqlmodel import Session

FTS_TABLE = "order_search"
TRGM_INDEX = "ix_orders_search_trgm"
WORDS_INDEX = "ix_orders_search_words"
#: PostgreSQL indexes each word and, for longer words, its first PREFIX_LEXEME letters as
#: lexemes, so a prefix of that length or longer is looked up as one lexeme (GIN's prefix
#: match, `'word':*`, took 20 ms for two common names where this takes 2), a shorter one by
#: GIN's prefix match. `words_vector` repeats the expression.
PREFIX_LEXEME = 5
_PREFIXES = (f"([^ ]{{{PREFIX_LEXEME}}})[^ ]+", r"\1")  # unanchored: 2x faster, same result
WORDS_EXPRESSION = (
    "array_to_tsvector(string_to_array(ltrim(search_text || regexp_replace(search_text, "
    f"'{_PREFIXES[0]}', '{_PREFIXES[1]}', 'g')), ' '))"
)
#: SQLite's tokenizer: every Unicode category but the separators (Z*) makes words, so FTS5
#: splits search_text at its spaces only, as the core does (case folded, diacritics kept);
#: two- and three-letter prefixes have their own index.
FTS_WORDS = (
    """tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* C*'", """
    "prefix = '2 3'"
)
#: Candidate keys beyond this: the word is common, and walking the sort index finds a page
#: sooner than sorting every candidate.
MAX_CANDIDATES = 5000
#: A prefix this short matches too many index terms to narrow anything down.
MIN_PREFIX = 2

log = logging.getLogger(__name__)


class _TsQuery(UserDefinedType[str]):
    """PostgreSQL's tsquery, for a CAST (not sqlalchemy.dialects.postgresql's TSQUERY: importing
    that dialect costs the till's start 40 ms)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "tsquery"


_HAS_FTS: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def is_search_object(name: str | None) -> bool:
    """Objects made here, not in the models (Alembic autogenerate must leave them alone)."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name in (TRGM_INDEX, WORDS_INDEX))


def _index_words(words: list[str]) -> list[tuple[list[str], bool]]:
    """Per (normalised) query word its tokens for an index lookup and whether the last is a
    prefix: the others are whole words; a last token shorter than MIN_PREFIX is dropped."""
    result = []
    for word in words:
        tokens = word.split(" ")
        prefix = len(tokens[-1]) >= MIN_PREFIX
        if not prefix:
            tokens.pop()
        if tokens:
            result.append((tokens, prefix))
    return result


# -- migration steps --------------------------------------------------------------------------
def _op() -> Any:
    from alembic import op  # here, not at import: the till loads this module at every start

    return op


def create_word_index() -> None:
    """Migration step: build the word index where the database can, from the rows there."""
    op = _op()
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {WORDS_INDEX} ON orders USING gin ({WORDS_EXPRESSION})")
        return
    _create_fts(op, FTS_WORDS)


def drop_word_index() -> None:
    op = _op()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
        return
    _drop_fts(op)


def _pg_trgm_schema(bind: Any) -> str | None:
    return bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()


def create_trigram_index() -> None:
    """Migration step before 0007: the trigram index where the database can."""
    op = _op()
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
    _create_fts(op, "tokenize = 'trigram'")


def drop_trigram_index() -> None:
    op = _op()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
        return
    _drop_fts(op)


def _create_fts(op: Any, options: str) -> None:
    """SQLite's FTS5 table with these options (the tokenizer), filled from the orders there,
    and the triggers that keep it (none without FTS5 or the tokenizer: search scans)."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(body, {options})")
    except DBAPIError as exc:  # an SQLite without FTS5 (or trigram: < 3.34)
        log.warning("FTS5 (%s) unavailable, order search will scan: %s", options, exc)
        return
    op.execute(f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT search_key, search_text FROM orders")
    op.execute(
        f"CREATE TRIGGER trg_{FTS_TABLE}_insert AFTER INSERT ON orders BEGIN "
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (new.search_key, new.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER trg_{FTS_TABLE}_update AFTER UPDATE OF search_text ON orders BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.search_key; "
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (new.search_key, new.search_text); END"
    )


def _drop_fts(op: Any) -> None:
    for trigger in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_{FTS_TABLE}_{trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# -- queries ----------------------------------------------------------------------------------
def has_fts(session: Session) -> bool:
    """Whether this SQLite database has the FTS table (asked once per engine: only a migration
    makes or drops it, and the app migrates before it searches)."""
    bind = session.get_bind()
    known = _HAS_FTS.get(bind)
    if known is None:
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
            {"name": FTS_TABLE},
        ).first()
        known = _HAS_FTS[bind] = found is not None
    return known


def match_query(words: list[str]) -> str | None:
    """An FTS5 query: every (normalised) word as a quoted phrase, its last word a prefix;
    None if no word can use the index."""
    parts = [
        '"' + " ".join(tokens).replace('"', '""') + '"' + (" *" if prefix else "")
        for tokens, prefix in _index_words(words)
    ]
    return " AND ".join(parts) if parts else None


def tsquery_text(words: list[str]) -> str | None:
    """A tsquery: every token of every word as a lexeme; the last of each is a prefix, looked
    up by its first PREFIX_LEXEME letters or, when shorter, by GIN's prefix match (`:*`).
    None if no word can use the index. Tokens are letters and digits (nothing to quote)."""
    terms = []
    for tokens, prefix in _index_words(words):
        terms += [f"'{token}'" for token in tokens[:-1]]
        last = tokens[-1]
        if not prefix:
            terms.append(f"'{last}'")
        elif len(last) >= PREFIX_LEXEME:
            terms.append(f"'{last[:PREFIX_LEXEME]}'")
        else:
            terms.append(f"'{last}':*")
    return " & ".join(terms) if terms else None


def words_vector(column: Any) -> Any:
    """WORDS_EXPRESSION of `column`, its constants inline as in the index."""

    def const(value: str) -> Any:
        return literal_column("'" + value.replace("'", "''") + "'")

    prefixes = func.regexp_replace(column, const(_PREFIXES[0]), const(_PREFIXES[1]), const("g"))
    words = func.string_to_array(func.ltrim(column.concat(prefixes)), const(" "))
    return func.array_to_tsvector(words)


def words_condition(column: Any, words: list[str]) -> ColumnElement[bool] | None:
    """What PostgreSQL's word index answers for the words (a superset of their LIKE
    conditions: the tokens of a word need not be neighbours); None if no word can use it."""
    query = tsquery_text(words)
    if query is None:
        return None
    result: ColumnElement[bool] = words_vector(column).bool_op("@@")(
        cast(literal(query), _TsQuery())
    )
    return result


@dataclass(frozen=True)
class Candidates:
    """The `search_key`s the SQLite index found (at most MAX_CANDIDATES), as a JSON array: they
    go into the list query as one parameter and never become Python objects one by one (5,000
    rows a search made the cyclic garbage collector sweep the whole heap every few searches:
    50 ms)."""

    count: int
    keys: str

    def __len__(self) -> int:
        return self.count

    def condition(self, column: Any) -> ColumnElement[bool]:
        """`column IN (SELECT value FROM json_each(:keys))`."""
        keys = text("SELECT value FROM json_each(:search_keys)").bindparams(search_keys=self.keys)
        result: ColumnElement[bool] = column.in_(keys.columns(column_("value", Integer)))
        return result


def candidate_keys(session: Session, words: list[str]) -> Candidates | None:
    """The orders the SQLite index finds for every word (a superset of the matches), or None
    when it cannot narrow the search down (PostgreSQL, no FTS, short words only, or a common
    word)."""
    query = match_query(words)
    if query is None or session.get_bind().dialect.name != "sqlite" or not has_fts(session):
        return None
    count, keys = session.execute(
        text(
            "SELECT count(*), json_group_array(rowid) FROM "
            f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT :cap)"
        ),
        {"q": query, "cap": MAX_CANDIDATES + 1},
    ).one()
    return Candidates(int(count), str(keys)) if count <= MAX_CANDIDATES else None
