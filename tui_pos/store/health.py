"""Database checks for `tui-pos doctor`: reachable, schema current, SQLite durability settings.

Nothing here creates or changes a database: a missing SQLite file is reported, not made, and
the journal mode is read from the file header instead of through a connection (which would
switch it to WAL).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tui_pos.core.checks import Check
from tui_pos.i18n import _
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import alembic_config

#: SQLite header bytes 18 and 19: file format write/read version, 2 in WAL mode.
_WAL_HEADER_OFFSET = 18
#: PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
_SYNCHRONOUS_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
START_ADVICE = "Start the till once (`tui-pos`): it creates and upgrades the database."

Opener = Callable[[str], Database]
#: Seconds to wait for a database server that does not answer.
CONNECT_TIMEOUT = 5


def open_for_check(url: str) -> Database:
    """Open a database for checking: a server that does not answer fails within seconds."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return open_database(parsed.render_as_string(hide_password=False), pool=False)


def safe_url(url: str) -> str:
    """The URL as it may be shown: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory databases and other backends)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def sqlite_is_wal(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(_WAL_HEADER_OFFSET)
        return fh.read(2) == b"\x02\x02"


def check_database(
    url: str, *, open_db: Opener = open_for_check
) -> tuple[list[Check], Database | None]:
    """The checks, and the open database when it is reachable and current (for the spool
    checks; the caller disposes of it)."""
    shown = safe_url(url)
    name = _("Database")
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        return [
            Check(
                name,
                "fail",
                _("{url} is not a database URL").format(url=shown),
                _("Fix [database] url, e.g. sqlite:///var/tui-pos.db."),
            )
        ], None
    path = sqlite_path(url) if backend == "sqlite" else None
    if path is not None and not path.is_file():
        return [
            Check(
                name,
                "fail",
                _("{url}: the file {path} does not exist").format(url=shown, path=path),
                _(START_ADVICE),
            )
        ], None
    checks: list[Check] = []
    wal_before = sqlite_is_wal(path) if path is not None else None
    try:
        db = open_db(url)
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return [
            Check(
                name,
                "fail",
                _("{url}: not reachable: {error}").format(url=shown, error=_first_line(exc)),
                _reach_advice(backend),
            )
        ], None
    checks.append(Check(name, "ok", _("{url}: reachable").format(url=shown)))
    current = _schema_check(db)
    checks.append(current)
    if backend == "sqlite":
        checks.extend(_sqlite_checks(db, wal_before))
    if current.failed:
        db.dispose()
        return checks, None
    return checks, db


def _schema_check(db: Database) -> Check:
    name = _("Schema")
    scripts = ScriptDirectory.from_config(alembic_config())
    heads = set(scripts.get_heads())
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    shown_heads = ", ".join(sorted(heads))
    if current == heads:
        return Check(name, "ok", _("migrations current ({revision})").format(revision=shown_heads))
    if not current:
        return Check(name, "fail", _("empty: no migration applied"), _(START_ADVICE))
    shown_current = ", ".join(sorted(current))
    if current - {script.revision for script in scripts.walk_revisions()}:
        return Check(
            name,
            "fail",
            _("at {current}, which this tui-pos does not know (newer?)").format(
                current=shown_current
            ),
            _("Update tui-pos on this till to the version the other tills run."),
        )
    return Check(
        name,
        "fail",
        _("at {current}; this tui-pos needs {heads}").format(
            current=shown_current, heads=shown_heads
        ),
        _(START_ADVICE),
    )


def _sqlite_checks(db: Database, wal_before: bool | None) -> list[Check]:
    with db.engine.connect() as conn:
        synchronous = int(conn.exec_driver_sql("PRAGMA synchronous").scalar_one())
    checks = []
    if wal_before:
        checks.append(Check(_("SQLite journal"), "ok", "WAL"))
    else:
        checks.append(
            Check(
                _("SQLite journal"),
                "warn",
                _("not WAL yet (the file was made by another program or an old version)"),
                _("The till switches it to WAL when it starts; start it once."),
            )
        )
    level = _SYNCHRONOUS_NAMES.get(synchronous, str(synchronous))
    if synchronous >= 2:
        checks.append(Check(_("SQLite synchronous"), "ok", level))
    else:
        checks.append(
            Check(
                _("SQLite synchronous"),
                "fail",
                _("{level}: a power cut can lose the last sales").format(level=level),
                _("Something overrides the till's PRAGMA synchronous=FULL; remove it."),
            )
        )
    return checks


def _reach_advice(backend: str) -> str:
    if backend == "sqlite":
        return _("Check that this user may read and write the file and its directory.")
    return _(
        "Check that the database server runs and is reachable from this till (host, port, "
        "firewall), and the user name and password in [database] url."
    )


def _first_line(exc: Exception) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message.splitlines()[0][:200]
