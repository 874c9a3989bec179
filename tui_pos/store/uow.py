"""Unit of work: one transaction over all repositories; writers lock up front on SQLite."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

from sqlmodel import Session

from tui_pos.store.db import Database
from tui_pos.store.discount_repository import DiscountRepository
from tui_pos.store.notify.outbox import Outbox
from tui_pos.store.repositories import (
    CatalogRepository,
    JournalRepository,
    ParkedRepository,
    SalesRepository,
    SpoolRepository,
)

if TYPE_CHECKING:
    from tui_pos.store.order_repository import OrderRepository

_REPOSITORIES = ("catalog", "sales", "parked", "journal", "spool", "discounts", "orders")


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
        for name in _REPOSITORIES:  # a unit of work entered again gets fresh repositories
            self.__dict__.pop(name, None)
        if self.write:
            self.session.connection()  # BEGIN IMMEDIATE now, not at the first write
        return self

    # Repositories are made when first used: a scan's unit of work needs one of seven.
    @cached_property
    def catalog(self) -> CatalogRepository:
        return CatalogRepository(self.session)

    @cached_property
    def sales(self) -> SalesRepository:
        return SalesRepository(self.session)

    @cached_property
    def parked(self) -> ParkedRepository:
        return ParkedRepository(self.session)

    @cached_property
    def journal(self) -> JournalRepository:
        return JournalRepository(self.session)

    @cached_property
    def spool(self) -> SpoolRepository:
        return SpoolRepository(self.session)

    @cached_property
    def discounts(self) -> DiscountRepository:
        return DiscountRepository(self.session)

    @cached_property
    def orders(self) -> OrderRepository:
        # Imported here: the order repository brings the order tables and model, which most
        # sales and a till's start do not need.
        from tui_pos.store.order_repository import OrderRepository

        return OrderRepository(self.session, on_saved=self._order_saved)

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

    def _order_saved(self, order_id: str) -> None:
        from tui_pos.store.order_repository import ORDERS_CHANNEL

        self.notify(ORDERS_CHANNEL, order_id)  # the order queue and kiosks reload it

    def commit(self) -> None:
        try:
            if "journal" in self.__dict__:
                self.journal.flush()
            self.outbox.before_commit(self.session)
            self.session.commit()
        except BaseException:
            self.outbox.discard()
            raise
        if "orders" in self.__dict__:
            self.orders.committed()
        self.outbox.after_commit()

    def rollback(self) -> None:
        self.session.rollback()
        if "orders" in self.__dict__:
            self.orders.rolled_back()
        self.outbox.discard()
