"""The durable print spool: a job is stored (with its sale) before it is sent to the printer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Index, Text
from sqlmodel import Field, SQLModel

#: pending: waiting to print; done: the printer took it; rejected: its document can never be
#: printed (kept for the record, shown by `tui-pos doctor`, never retried).
JOB_STATUSES = ("pending", "done", "rejected")


class PrintJob(SQLModel, table=True):
    __tablename__ = "print_job"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'done', 'rejected')", name="ck_print_job_status"),
        Index("ix_print_job_queue", "till_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    till_id: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=24)  # receipt | copy | order_slip
    ref: str = Field(max_length=64, index=True)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=12, index=True)  # see JOB_STATUSES
    attempts: int = Field(default=0)
    last_error: str = Field(default="", max_length=400)
    done_at: datetime | None = None
    rejected_at: datetime | None = None
