"""Unit of work: one transaction over all repositories; writers lock up front on SQLite."""

from __future__ import annotations

from types import TracebackType

from sqlmodel import Session

from tui_pos.store.db import Database
from tui_pos.store.discount_repository import DiscountRepository
from tui_pos.store.notify.outbox import Outbox
from tui_pos.store.order_repository import OrderRepository
from tui_pos.store.repositories import (
    CatalogRepository,
    JournalRepository,
    ParkedRepository,
    SalesRepository,
    SpoolRepository,
)


class SqlUnitOfWork:
    """`with SqlUnitOfWork(db, write=True) as uow: ...; uow.commit()`; rolled back otherwise.

    `uow.notify(channel, payload)` announces a change to other processes on commit.
    """

    def __init__(self, db: Database, *, write: bool = False) -> None:
        self.db = db
        self.write = write
        self.outbox = Outbox(db)

    def __enter__(self) -> SqlUnitOfWork:
        engine = self.db.write_engine if self.write else self.db.engine
        self.session = Session(engine, expire_on_commit=False)
        if self.write:
            self.session.connection()  # BEGIN IMMEDIATE now, not at the first write
        self.catalog = CatalogRepository(self.session)
        self.sales = SalesRepository(self.session)
        self.parked = ParkedRepository(self.session)
        self.journal = JournalRepository(self.session)
        self.spool = SpoolRepository(self.session)
        self.discounts = DiscountRepository(self.session)
        self.orders = OrderRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back anything uncommitted and detaches rows without expiring them.
        self.session.close()
        self.outbox.discard()

    def notify(self, channel: str, payload: str = "") -> None:
        """Tell `channel` listeners (other tills, the order queue) about a change on commit.

        Nothing is sent if the unit of work rolls back. A bad channel raises ValueError now.
        """
        self.outbox.add(channel, payload)

    def commit(self) -> None:
        try:
            self.outbox.before_commit(self.session)
            self.session.commit()
        except BaseException:
            self.outbox.discard()
            raise
        self.orders.committed()
        self.outbox.after_commit()

    def rollback(self) -> None:
        self.session.rollback()
        self.orders.rolled_back()
        self.outbox.discard()
