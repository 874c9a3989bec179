"""SQL repositories: catalog, sales, parked carts, journal and print spool over one Session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, or_, update
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.journal import JournalRecord, make_entry
from tui_pos.core.sale import SaleLineRecord, SalePaymentRecord, SaleRecord
from tui_pos.core.vat import VatLine
from tui_pos.store.models import (
    Article,
    Barcode,
    Customer,
    JournalEntry,
    JournalHead,
    ParkedSale,
    PrintJob,
    ReceiptCounter,
    Sale,
    SaleLine,
    SalePayment,
    SaleVat,
)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


_ARTICLE = _table(Article)
_BARCODE = _table(Barcode)
_ARTICLE_INFO_COLUMNS = [
    _ARTICLE.c[name]
    for name in (
        "code",
        "name",
        "group_code",
        "vat_rate",
        "list_price",
        "unit",
        "parent_code",
        "colour",
        "size",
        "is_variant_parent",
    )
]
_SALE = _table(Sale)
_SALE_LINE = _table(SaleLine)
_SALE_PAYMENT = _table(SalePayment)
_SALE_VAT = _table(SaleVat)
_JOURNAL_HEAD = _table(JournalHead)
_JOURNAL_ENTRY = _table(JournalEntry)
_PRINT_JOB = _table(PrintJob)


# Hot-path statements, built once. They run on the session's connection (see `_core`): going
# through Session.execute for Core statements costs several times the statement itself.
_ARTICLE_BY_BARCODE = (
    sql_select(*_ARTICLE_INFO_COLUMNS)
    .join_from(_BARCODE, _ARTICLE, _BARCODE.c.article_code == _ARTICLE.c.code)
    .where(_BARCODE.c.code == bindparam("barcode"))
    .limit(1)
)
_INSERT_SALE = insert(_SALE).returning(_SALE.c.id)
_INSERT_SALE_LINE = insert(_SALE_LINE)
_INSERT_SALE_PAYMENT = insert(_SALE_PAYMENT)
_INSERT_SALE_VAT = insert(_SALE_VAT)
_SELECT_JOURNAL_HEAD = (
    sql_select(_JOURNAL_HEAD.c.last_seq, _JOURNAL_HEAD.c.last_hash)
    .where(_JOURNAL_HEAD.c.id == 1)
    .with_for_update()
)
_INSERT_JOURNAL_ENTRY = insert(_JOURNAL_ENTRY)
_UPDATE_JOURNAL_HEAD = (
    update(_JOURNAL_HEAD)
    .where(_JOURNAL_HEAD.c.id == 1)
    .values(last_seq=bindparam("seq"), last_hash=bindparam("hash"))
)
_INSERT_PRINT_JOB = (
    insert(_PRINT_JOB)
    .values(status="pending", attempts=0, last_error="")
    .returning(_PRINT_JOB.c.id)
)


def _core(session: Session) -> Connection:
    """The session's connection for Core statements, after flushing pending ORM changes (a
    Core statement on the connection does not autoflush)."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection()


@lru_cache(maxsize=2)
def _next_receipt_statement(dialect: str) -> Any:
    counter = _table(ReceiptCounter)
    return (
        _upsert_insert(dialect)(counter)
        .values(till_id=bindparam("till_id"), last_no=1)
        .on_conflict_do_update(index_elements=["till_id"], set_={"last_no": counter.c.last_no + 1})
        .returning(counter.c.last_no)
    )


def _upsert_insert(dialect: str) -> Callable[..., Any]:
    """The dialect's INSERT (with ON CONFLICT). PostgreSQL's is imported only when used: its
    dialect package takes a tenth of a second to load, which a SQLite till never needs."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def article_info(row: Article) -> ArticleInfo:
    return ArticleInfo(
        code=row.code,
        name=row.name,
        group=row.group_code,
        vat_rate=row.vat_rate,
        list_price=row.list_price,
        unit=row.unit,
        parent_code=row.parent_code,
        colour=row.colour,
        size=row.size,
        is_variant_parent=row.is_variant_parent,
    )


def customer_info(row: Customer) -> CustomerInfo:
    return CustomerInfo(
        code=row.code,
        name=row.name,
        category=row.category,
        discount_pct=row.discount_pct,
        email=row.email,
        phone=row.phone,
        address=row.address,
        postcode=row.postcode,
        city=row.city,
    )


class CatalogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def article(self, code: str) -> ArticleInfo | None:
        row = self.session.exec(select(Article).where(Article.code == code)).first()
        return article_info(row) if row else None

    def article_by_barcode(self, barcode: str) -> ArticleInfo | None:
        # Core columns, not ORM objects: this runs on every scan.
        row = _core(self.session).execute(_ARTICLE_BY_BARCODE, {"barcode": barcode}).first()
        return article_info(row) if row else None  # type: ignore[arg-type]

    def search_articles(self, text: str, limit: int = 50) -> list[ArticleInfo]:
        text = text.strip().lower()
        query = select(Article).where(col(Article.active))
        if text:
            pattern = f"%{text}%"
            query = query.where(
                or_(
                    col(Article.name_lower).like(pattern),
                    col(Article.code).ilike(f"{text}%"),
                    col(Article.code).in_(
                        select(Barcode.article_code).where(col(Barcode.code).like(f"{text}%"))
                    ),
                )
            )
        rows = self.session.exec(query.order_by(col(Article.name)).limit(limit))
        return [article_info(r) for r in rows]

    def variants(self, parent_code: str) -> list[ArticleInfo]:
        rows = self.session.exec(
            select(Article).where(Article.parent_code == parent_code).order_by(col(Article.code))
        )
        return [article_info(r) for r in rows]

    def customer(self, code: str) -> CustomerInfo | None:
        row = self.session.exec(select(Customer).where(Customer.code == code)).first()
        return customer_info(row) if row else None

    def search_customers(self, text: str, limit: int = 50) -> list[CustomerInfo]:
        text = text.strip().lower()
        query = select(Customer)
        if text:
            query = query.where(
                or_(
                    col(Customer.name_lower).like(f"%{text}%"),
                    col(Customer.code).ilike(f"{text}%"),
                    col(Customer.email).ilike(f"%{text}%"),
                    col(Customer.phone).like(f"%{text}%"),
                )
            )
        rows = self.session.exec(query.order_by(col(Customer.name)).limit(limit))
        return [customer_info(r) for r in rows]

    def count_articles(self) -> int:
        return int(self.session.exec(select(func.count()).select_from(Article)).one())


class SalesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_receipt_no(self, till_id: str) -> int:
        """Bump the till's counter inside the current transaction (gapless: rolls back with it)."""
        conn = _core(self.session)
        statement = _next_receipt_statement(conn.dialect.name)
        return int(conn.execute(statement, {"till_id": till_id}).scalar_one())

    def add(self, sale: SaleRecord) -> int:
        """Insert the sale with its lines, payments and VAT: four Core statements, no ORM
        objects (the unit-of-work bookkeeping was most of a sale's cost)."""
        conn = _core(self.session)
        sale_id = conn.execute(
            _INSERT_SALE,
            {
                "uid": sale.uid,
                "till_id": sale.till_id,
                "receipt_no": sale.receipt_no,
                "created_at": sale.created_at,
                "cashier": sale.cashier,
                "customer_code": sale.customer_code,
                "currency": sale.currency,
                "prices_include_vat": sale.prices_include_vat,
                "subtotal": sale.subtotal,
                "rounding": sale.rounding,
                "total": sale.total,
                "change": sale.change,
                "training": sale.training,
                "order_ref": sale.order_ref,
            },
        ).scalar_one()
        if sale.lines:
            conn.execute(
                _INSERT_SALE_LINE, [{"sale_id": sale_id, **vars(line)} for line in sale.lines]
            )
        if sale.payments:
            conn.execute(
                _INSERT_SALE_PAYMENT,
                [{"sale_id": sale_id, **vars(payment)} for payment in sale.payments],
            )
        if sale.vat:
            conn.execute(
                _INSERT_SALE_VAT,
                [
                    {
                        "sale_id": sale_id,
                        "rate": v.rate,
                        "net": v.net,
                        "vat": v.vat,
                        "gross": v.gross,
                    }
                    for v in sale.vat
                ],
            )
        return int(sale_id)

    def get(self, till_id: str, receipt_no: int) -> SaleRecord | None:
        row = self.session.exec(
            select(Sale).where(Sale.till_id == till_id, Sale.receipt_no == receipt_no)
        ).first()
        return self._record(row) if row else None

    def last(self, till_id: str) -> SaleRecord | None:
        row = self.session.exec(
            select(Sale).where(Sale.till_id == till_id).order_by(col(Sale.receipt_no).desc())
        ).first()
        return self._record(row) if row else None

    def count(self) -> int:
        return int(self.session.exec(select(func.count()).select_from(Sale)).one())

    def _record(self, row: Sale) -> SaleRecord:
        lines = self.session.exec(
            select(SaleLine).where(SaleLine.sale_id == row.id).order_by(col(SaleLine.position))
        )
        payments = self.session.exec(
            select(SalePayment)
            .where(SalePayment.sale_id == row.id)
            .order_by(col(SalePayment.position))
        )
        vat = self.session.exec(
            select(SaleVat).where(SaleVat.sale_id == row.id).order_by(col(SaleVat.rate))
        )
        customer = (
            self.session.exec(select(Customer).where(Customer.code == row.customer_code)).first()
            if row.customer_code
            else None
        )
        return SaleRecord(
            uid=row.uid,
            till_id=row.till_id,
            created_at=row.created_at,
            cashier=row.cashier,
            currency=row.currency,
            prices_include_vat=row.prices_include_vat,
            subtotal=row.subtotal,
            rounding=row.rounding,
            total=row.total,
            change=row.change,
            lines=tuple(
                SaleLineRecord(
                    position=r.position,
                    article_code=r.article_code,
                    description=r.description,
                    unit=r.unit,
                    qty=r.qty,
                    list_price=r.list_price,
                    net_unit_price=r.net_unit_price,
                    line_total=r.line_total,
                    vat_rate=r.vat_rate,
                    discount_text=r.discount_text,
                    note=r.note,
                )
                for r in lines
            ),
            payments=tuple(
                SalePaymentRecord(
                    p.position, p.method_id, p.method_label, p.kind, p.amount, p.tendered
                )
                for p in payments
            ),
            vat=tuple(VatLine(v.rate, v.net, v.vat, v.gross) for v in vat),
            customer_code=row.customer_code,
            customer_name=customer.name if customer else None,
            receipt_no=row.receipt_no,
            training=row.training,
            order_ref=row.order_ref,
        )


class ParkedRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def park(
        self,
        *,
        till_id: str,
        cashier: str,
        now: datetime,
        label: str,
        total: Decimal,
        line_count: int,
        payload: str,
    ) -> int:
        row = ParkedSale(
            till_id=till_id,
            parked_at=now,
            cashier=cashier,
            label=label,
            total=total,
            line_count=line_count,
            payload=payload,
        )
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def list(self) -> list[ParkedSale]:
        return list(self.session.exec(select(ParkedSale).order_by(col(ParkedSale.parked_at))))

    def take(self, parked_id: int) -> ParkedSale | None:
        row = self.session.get(ParkedSale, parked_id)
        if row is not None:
            self.session.delete(row)
            self.session.flush()
        return row


class JournalRepository:
    """Appends to the hash chain. Entries are written when the unit of work commits (or reads
    the journal): the head row is then read, and on PostgreSQL locked, once and as late as
    possible, so concurrent tills wait on it for the shortest time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._pending: list[dict[str, Any]] = []

    def append(
        self,
        *,
        now: datetime,
        till_id: str,
        actor: str,
        kind: str,
        ref: str,
        data: dict[str, object],
    ) -> None:
        self._pending.append(
            {"created_at": now, "till_id": till_id, "actor": actor, "kind": kind, "ref": ref}
            | {"data": dict(data)}
        )

    def flush(self) -> list[JournalRecord]:
        """Write the appended entries, chained after the current head; they are returned."""
        if not self._pending:
            return []
        pending, self._pending = self._pending, []
        conn = _core(self.session)
        head = conn.execute(_SELECT_JOURNAL_HEAD).first()
        if head is None:  # the migration creates it; this is a broken database
            raise RuntimeError("journal_head row missing: run the migrations")
        seq, digest = head.last_seq, head.last_hash
        written: list[JournalRecord] = []
        for request in pending:
            entry = make_entry(prev_seq=seq, prev_hash=digest, **request)
            written.append(entry)
            seq, digest = entry.seq, entry.hash
        conn.execute(_INSERT_JOURNAL_ENTRY, [vars(entry) for entry in written])
        conn.execute(_UPDATE_JOURNAL_HEAD, {"seq": seq, "hash": digest})
        return written

    def entries(self) -> Iterator[JournalRecord]:
        self.flush()
        for row in self.session.exec(select(JournalEntry).order_by(col(JournalEntry.seq))):
            yield JournalRecord(
                row.seq,
                row.created_at,
                row.till_id,
                row.actor,
                row.kind,
                row.ref,
                row.data,
                row.prev_hash,
                row.hash,
            )

    def count(self, kind: str | None = None) -> int:
        self.flush()
        query = select(func.count()).select_from(JournalEntry)
        if kind:
            query = query.where(JournalEntry.kind == kind)
        return int(self.session.exec(query).one())


class SpoolRepository:
    """Adds print jobs inside a unit of work (a sale's receipt commits with the sale); the
    spool worker reads and updates them through `store.spool_store.SqlSpoolStore`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, now: datetime, till_id: str, kind: str, ref: str, payload: str) -> int:
        job = {"created_at": now, "till_id": till_id, "kind": kind, "ref": ref, "payload": payload}
        return int(_core(self.session).execute(_INSERT_PRINT_JOB, job).scalar_one())
