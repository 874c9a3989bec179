"""The print spool in the database: SqlSpoolStore on SQLite and PostgreSQL, and migration 0003."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import FixedClock
from sqlalchemy import text

from tui_pos.core.errors import NotFound
from tui_pos.store.db import Database
from tui_pos.store.migrate import alembic_config, is_current, upgrade
from tui_pos.store.models import metadata
from tui_pos.store.spool_store import SqlSpoolStore

REVISION = "0003_spool_rejected"


def test_jobs_come_oldest_first_with_attempts_done_and_rejected(
    database: Database, clock: FixedClock
) -> None:
    store = SqlSpoolStore(database, "T1", clock)
    first, second, third = (store.add("receipt", f"R-{n}", f'{{"n": {n}}}') for n in (1, 2, 3))
    assert first.id < second.id < third.id
    assert first.created_at == clock.now and first.created_at.tzinfo is not None
    assert [job.ref for job in store.pending(10)] == ["R-1", "R-2", "R-3"]
    assert [job.ref for job in store.pending(2)] == ["R-1", "R-2"]
    assert store.pending(0) == []

    store.mark_failed(first.id, "offline")
    store.mark_failed(first.id, "paper out " * 100)
    job = store.get(first.id)
    assert job is not None and job.attempts == 2 and job.state == "pending"
    assert job.last_error is not None and len(job.last_error) == 400

    store.mark_done(first.id)
    store.mark_rejected(second.id, "bad payload")
    assert [job.ref for job in store.pending(10)] == ["R-3"]
    assert store.count_pending() == 1 and store.count_rejected() == 1
    [rejected] = store.rejected(10)
    assert (rejected.ref, rejected.state, rejected.last_error) == ("R-2", "rejected", "bad payload")
    done = store.get(first.id)
    assert done is not None and done.state == "done"
    with pytest.raises(NotFound):
        store.mark_done(9999)


def test_reprint_lookup_finds_the_newest_job_for_a_ref(database: Database) -> None:
    store = SqlSpoolStore(database, "T1")
    store.add("receipt", "T1-000001", "{}")
    copy = store.add("copy", "T1-000001", "{}")
    latest = store.latest_for_ref("T1-000001")
    assert latest is not None and latest.id == copy.id and latest.kind == "copy"
    assert store.latest_for_ref("T1-000404") is None


def test_each_till_sees_only_its_own_jobs(database: Database) -> None:
    mine, theirs = SqlSpoolStore(database, "T1"), SqlSpoolStore(database, "T2")
    job = mine.add("receipt", "T1-000001", "{}")
    theirs.add("receipt", "T2-000001", "{}")
    assert [j.ref for j in mine.pending(10)] == ["T1-000001"]
    assert mine.count_pending() == theirs.count_pending() == 1
    assert theirs.get(job.id) is None
    with pytest.raises(NotFound):
        theirs.mark_done(job.id)
    assert mine.count_pending() == 1


def test_the_status_column_takes_only_known_states(database: Database) -> None:
    store = SqlSpoolStore(database, "T1")
    job = store.add("receipt", "R-1", "{}")
    with pytest.raises(Exception, match=r"(?i)check"), database.write_engine.begin() as conn:
        conn.execute(text("UPDATE print_job SET status = 'lost' WHERE id = :id"), {"id": job.id})
    assert store.count_pending() == 1


def test_migration_matches_the_print_job_model(database: Database) -> None:
    assert is_current(database)
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, metadata)

    assert "print_job" not in repr(diffs)  # check constraints are not compared: see above


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_migration_downgrades_rejected_jobs_and_upgrades_again(
    fresh_database: Database,
) -> None:
    store = SqlSpoolStore(fresh_database, "T1")
    bad = store.add("receipt", "R-1", "{}")
    store.mark_rejected(bad.id, "unreadable")
    store.add("receipt", "R-2", "{}")
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(REVISION).down_revision
    cfg = alembic_config()
    with fresh_database.write_engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, str(previous))
    with fresh_database.engine.connect() as conn:
        rows = conn.execute(text("SELECT ref, status FROM print_job ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [("R-1", "done"), ("R-2", "pending")]
    upgrade(fresh_database)
    assert is_current(fresh_database)
    assert [job.ref for job in store.pending(10)] == ["R-2"]
