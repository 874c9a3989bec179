"""The durable print spool: a job is stored (with its sale) before it is sent to the printer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class PrintJob(SQLModel, table=True):
    __tablename__ = "print_job"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime
    till_id: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=24)  # receipt | copy | order_slip
    ref: str = Field(max_length=64, index=True)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=12, index=True)  # pending | done
    attempts: int = Field(default=0)
    last_error: str = Field(default="", max_length=400)
    done_at: datetime | None = None
