"""The print spool in the database (table print_job): the SpoolStore the till's SpoolWorker uses.

Every method is its own short transaction, so the spool thread never holds the write lock while
a printer is slow. Jobs belong to one till: its worker sees only its own jobs, so tills sharing
a PostgreSQL database never print each other's receipts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import func
from sqlmodel import col, select

from tui_pos.core.errors import NotFound
from tui_pos.hardware.spool import JobState, SpoolJob
from tui_pos.i18n import _
from tui_pos.store.db import Database
from tui_pos.store.models import PrintJob
from tui_pos.store.uow import SqlUnitOfWork

#: The longest error text kept on a job (the column's width).
MAX_ERROR = 400


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def spool_job(row: PrintJob) -> SpoolJob:
    assert row.id is not None
    return SpoolJob(
        id=row.id,
        kind=row.kind,
        ref=row.ref,
        payload=row.payload,
        created_at=_utc(row.created_at),
        attempts=row.attempts,
        last_error=row.last_error or None,
        state=cast(JobState, row.status),
    )


class SqlSpoolStore:
    """A `hardware.spool.SpoolStore` over the print_job table, for one till."""

    def __init__(
        self,
        db: Database,
        till_id: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.till_id = till_id
        self.clock = clock

    def add(self, kind: str, ref: str, payload: str) -> SpoolJob:
        with SqlUnitOfWork(self.db, write=True) as uow:
            job_id = uow.spool.add(
                now=self.clock(), till_id=self.till_id, kind=kind, ref=ref, payload=payload
            )
            row = uow.session.get(PrintJob, job_id)
            assert row is not None
            uow.commit()
            return spool_job(row)

    def get(self, job_id: int) -> SpoolJob | None:
        with SqlUnitOfWork(self.db) as uow:
            row = uow.session.get(PrintJob, job_id)
            return spool_job(row) if row is not None and row.till_id == self.till_id else None

    def latest_for_ref(self, ref: str) -> SpoolJob | None:
        with SqlUnitOfWork(self.db) as uow:
            row = uow.session.exec(
                select(PrintJob)
                .where(PrintJob.till_id == self.till_id, PrintJob.ref == ref)
                .order_by(col(PrintJob.id).desc())
                .limit(1)
            ).first()
            return spool_job(row) if row is not None else None

    def pending(self, limit: int) -> list[SpoolJob]:
        return self._jobs("pending", limit, oldest_first=True)

    def count_pending(self) -> int:
        return self._count("pending")

    def rejected(self, limit: int) -> list[SpoolJob]:
        return self._jobs("rejected", limit, oldest_first=False)

    def count_rejected(self) -> int:
        return self._count("rejected")

    def mark_done(self, job_id: int) -> None:
        self._change(job_id, status="done", done_at=self.clock())

    def mark_failed(self, job_id: int, error: str) -> None:
        with SqlUnitOfWork(self.db, write=True) as uow:
            row = self._row(uow, job_id)
            row.attempts += 1
            row.last_error = error[:MAX_ERROR]
            uow.session.add(row)
            uow.commit()

    def mark_rejected(self, job_id: int, error: str) -> None:
        self._change(
            job_id, status="rejected", rejected_at=self.clock(), last_error=error[:MAX_ERROR]
        )

    # -- helpers -----------------------------------------------------------------------
    def _count(self, status: JobState) -> int:
        with SqlUnitOfWork(self.db) as uow:
            return int(
                uow.session.exec(
                    select(func.count())
                    .select_from(PrintJob)
                    .where(PrintJob.till_id == self.till_id, PrintJob.status == status)
                ).one()
            )

    def _jobs(self, status: JobState, limit: int, *, oldest_first: bool) -> list[SpoolJob]:
        if limit <= 0:
            return []
        order = col(PrintJob.id) if oldest_first else col(PrintJob.id).desc()
        with SqlUnitOfWork(self.db) as uow:
            rows = uow.session.exec(
                select(PrintJob)
                .where(PrintJob.till_id == self.till_id, PrintJob.status == status)
                .order_by(order)
                .limit(limit)
            ).all()
            return [spool_job(row) for row in rows]

    def _change(self, job_id: int, **values: object) -> None:
        with SqlUnitOfWork(self.db, write=True) as uow:
            row = self._row(uow, job_id)
            for name, value in values.items():
                setattr(row, name, value)
            uow.session.add(row)
            uow.commit()

    def _row(self, uow: SqlUnitOfWork, job_id: int) -> PrintJob:
        row = uow.session.get(PrintJob, job_id)
        if row is None or row.till_id != self.till_id:
            raise NotFound(_("Print job {id} does not exist.").format(id=job_id))
        return row
