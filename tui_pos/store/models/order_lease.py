"""Which till has an order open for settling (one row per order; expires after a while)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from tui_pos.store.types import UtcDateTime


def _when() -> Column[Any]:
    return Column(UtcDateTime(), nullable=False)


class OrderLease(SQLModel, table=True):
    """Taken with an atomic insert (or a takeover once `expires_at` has passed); deleted when
    the order is settled or put back. No foreign key: the lease is a lock, not order data."""

    __tablename__ = "order_lease"

    order_id: str = Field(primary_key=True, max_length=32)
    till_id: str = Field(max_length=16)
    cashier: str = Field(max_length=60)
    taken_at: datetime = Field(sa_column=_when())
    expires_at: datetime = Field(sa_column=_when())
