"""Change bus between processes: another process commits, this one hears it within a second."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bus_helpers import SHARED_BACKENDS, Recorder, open_test_database, run_python

from tui_pos.store.db import Database
from tui_pos.store.notify import open_bus

PUBLISHER = """
import sys, time
from tui_pos.store.db import open_database
from tui_pos.store.uow import SqlUnitOfWork

db = open_database(sys.argv[1])
with SqlUnitOfWork(db, write=True) as uow:
    uow.notify("orders", "rolled-back")
    uow.rollback()
with SqlUnitOfWork(db, write=True) as uow:
    uow.notify("orders", "from-child")
    committing = time.monotonic()
    uow.commit()
print(committing)
"""


@pytest.fixture(params=SHARED_BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    yield from open_test_database(request.param, tmp_path)


@pytest.mark.slow
def test_change_committed_by_another_process_is_heard_within_a_second(db: Database) -> None:
    heard = Recorder()
    with open_bus(db) as bus:
        bus.subscribe(["orders"], heard)
        committing = float(run_python(PUBLISHER, db.url))
        change = heard.wait_for("from-child")
    assert change.at - committing < 1.0
    assert heard.payloads() == ["from-child"]  # the rolled-back change was never sent
