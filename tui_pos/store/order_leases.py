"""Order leases in SQL: taken by one atomic upsert inside a write transaction, so two tills
that open the same order at the same moment cannot both get it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from tui_pos.core.order_lease import LeaseHolder
from tui_pos.store.models import OrderLease

_TABLE = OrderLease.__table__  # type: ignore[attr-defined]


def _holder(row: OrderLease) -> LeaseHolder:
    return LeaseHolder(row.order_id, row.till_id, row.cashier, row.taken_at, row.expires_at)


class OrderLeaseRepository:
    """Use inside a write unit of work: `OrderLeaseRepository(uow.session)`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def take(
        self, order_id: str, *, till_id: str, cashier: str, now: datetime, expires_at: datetime
    ) -> LeaseHolder | None:
        """Take (or renew) the lease: None when this till has it now; otherwise the holder that
        has it. A lease that expired, or one this till and cashier already held, is taken
        over (a till that crashed gets its own order back)."""
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        values = {
            "order_id": order_id,
            "till_id": till_id,
            "cashier": cashier,
            "taken_at": now,
            "expires_at": expires_at,
        }
        statement = (
            insert(OrderLease)
            .values(**values)
            .on_conflict_do_update(
                index_elements=["order_id"],
                set_={k: v for k, v in values.items() if k != "order_id"},
                where=or_(
                    _TABLE.c.expires_at <= now,
                    and_(_TABLE.c.till_id == till_id, _TABLE.c.cashier == cashier),
                ),
            )
            .returning(_TABLE.c.order_id)
        )
        if self.session.execute(statement).first() is not None:
            return None
        holder = self.holder(order_id)
        assert holder is not None  # the conflicting row exists: we are in its transaction
        return holder

    def renew(self, order_id: str, *, till_id: str, expires_at: datetime) -> bool:
        """Extend this till's lease; False when it no longer holds it."""
        result = self.session.execute(
            update(_TABLE)
            .where(_TABLE.c.order_id == order_id, _TABLE.c.till_id == till_id)
            .values(expires_at=expires_at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def holder(self, order_id: str) -> LeaseHolder | None:
        row = self.session.exec(select(OrderLease).where(OrderLease.order_id == order_id)).first()
        return _holder(row) if row else None

    def release(self, order_id: str, *, till_id: str) -> bool:
        """Drop this till's lease (someone else's, taken over after expiry, stays)."""
        result = self.session.execute(
            delete(_TABLE).where(_TABLE.c.order_id == order_id, _TABLE.c.till_id == till_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def held_by(self, till_id: str) -> list[LeaseHolder]:
        rows = self.session.exec(select(OrderLease).where(OrderLease.till_id == till_id))
        return [_holder(row) for row in rows]
