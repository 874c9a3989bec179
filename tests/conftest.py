"""Shared fixtures: settings, databases (SQLite always, PostgreSQL when TUI_POS_PG_URL is set)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tui_pos import i18n
from tui_pos.config import DEFAULT_CONFIG, REPO_ROOT, Settings, load_settings
from tui_pos.core.printdoc import PrintDocument
from tui_pos.services.bootstrap import load_demo
from tui_pos.services.context import TillContext
from tui_pos.store.db import Database, open_database
from tui_pos.store.migrate import upgrade

PG_URL = os.environ.get("TUI_POS_PG_URL", "")
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.pg)] if PG_URL else ["sqlite"]
NORWAY_CONFIG = REPO_ROOT / "config" / "examples" / "norway.toml"


class FixedClock:
    """A clock tests can move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 22, 10, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class RecordingPrinter:
    """A printer that keeps what it printed; fails while `offline` is set."""

    def __init__(self) -> None:
        self.documents: list[PrintDocument] = []
        self.offline = False

    def print_document(self, doc: PrintDocument) -> None:
        if self.offline:
            raise OSError("printer offline")
        self.documents.append(doc)


def make_settings(config: Path = DEFAULT_CONFIG, **overrides: object) -> Settings:
    settings = load_settings(config)
    for key, value in overrides.items():
        section, name = key.split("__")
        setattr(getattr(settings, section), name, value)
    i18n.setup(
        settings.shop.language,
        settings.shop.locale,
        settings.shop.money_pattern,
        settings.shop.timezone,
    )
    return settings


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the demo catalog, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(f"sqlite:///{path}")
    upgrade(db)
    ctx = TillContext(settings=make_settings(), db=db)
    load_demo(ctx)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database of the backend named by the `backend` parameter."""
    backend = getattr(request, "param", "sqlite")
    yield from _database(backend, tmp_path, template=None)


@pytest.fixture(params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Database]:
    """A migrated database with the demo catalog, on each backend."""
    yield from _database(request.param, tmp_path, template=sqlite_template)


def _database(backend: str, tmp_path: Path, template: Path | None) -> Iterator[Database]:
    if backend == "sqlite":
        path = tmp_path / "pos.db"
        if template is not None:
            shutil.copy(template, path)
        db = open_database(f"sqlite:///{path}")
        if template is None:
            upgrade(db)
        yield db
        db.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    db = open_database(_pg_schema_url(schema))
    upgrade(db)
    if template is not None:
        load_demo(TillContext(settings=make_settings(), db=db))
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings() -> Settings:
    return make_settings()


@pytest.fixture
def ctx(database: Database, settings: Settings, clock: FixedClock) -> TillContext:
    return TillContext(settings=settings, db=database, clock=clock)


@pytest.fixture
def printer() -> RecordingPrinter:
    return RecordingPrinter()


@pytest.fixture(autouse=True)
def _english_nl_locale() -> Iterator[None]:
    i18n.setup("en", "nl_NL", None, "Europe/Amsterdam")
    yield
    i18n.setup("en", "nl_NL", None, "Europe/Amsterdam")


DEMO_BARCODE = "8710000000017"  # article 1001, White loaf (fixed in the demo data)
