"""Unit of work: one transaction over all repositories; writers lock up front on SQLite."""

from __future__ import annotations

from types import TracebackType

from sqlmodel import Session

from tui_pos.store.db import Database
from tui_pos.store.discount_repository import DiscountRepository
from tui_pos.store.repositories import (
    CatalogRepository,
    JournalRepository,
    ParkedRepository,
    SalesRepository,
    SpoolRepository,
)


class SqlUnitOfWork:
    """`with SqlUnitOfWork(db, write=True) as uow: ...; uow.commit()`; rolled back otherwise."""

    def __init__(self, db: Database, *, write: bool = False) -> None:
        self.db = db
        self.write = write

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
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back anything uncommitted and detaches rows without expiring them.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
