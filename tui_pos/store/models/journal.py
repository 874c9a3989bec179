"""The append-only electronic journal (INT-1): each entry chained to the previous by a hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class JournalHead(SQLModel, table=True):
    """One row holding the newest entry's seq and hash; updating it serialises appends."""

    __tablename__ = "journal_head"

    id: int = Field(default=1, primary_key=True)
    last_seq: int = Field(default=0)
    last_hash: str = Field(default="", max_length=64)


class JournalEntry(SQLModel, table=True):
    """Immutable: database triggers refuse UPDATE and DELETE."""

    __tablename__ = "journal_entry"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    created_at: datetime
    till_id: str = Field(max_length=16, index=True)
    actor: str = Field(max_length=60)
    kind: str = Field(max_length=32, index=True)
    ref: str = Field(default="", max_length=64)
    data: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
