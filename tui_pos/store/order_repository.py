"""Sales orders in SQL: load/save with optimistic concurrency, gapless numbers per type, list
pages, attachment bytes and crash-recovery drafts (ORD-1…7, 9…12)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update
from sqlmodel import Session

from tui_pos.core.errors import ConflictError, NotFound, PosError
from tui_pos.core.order_filter import OrderFilter
from tui_pos.core.order_lines import LineGroup
from tui_pos.core.order_list import DraftInfo, OrderPage
from tui_pos.core.order_status import StatusFlow, StatusKind
from tui_pos.core.orders import Order, OrderType
from tui_pos.i18n import _, format_datetime
from tui_pos.store import order_queries
from tui_pos.store.order_codec import order_from_json, order_to_json
from tui_pos.store.order_rows import (
    ATTACHMENTS,
    COUNTERS,
    DRAFTS,
    FILES,
    GROUPS,
    LINES,
    LOG,
    ORDERS,
    PAYMENTS,
    attachment_from_row,
    attachment_values,
    check_storable,
    entry_from_row,
    entry_values,
    header_from_row,
    line_from_row,
    line_values,
    order_values,
    payment_from_row,
    payment_values,
    refund_owed_from_row,
)

#: The change-bus channel every order write is announced on; the payload is the order's id.
ORDERS_CHANNEL = "orders"


class OrderRepository:
    """Orders over one Session (one transaction). `save` checks the version; the unit of work
    calls `committed()` after a successful commit, which sets each saved order's
    `stored_version`, so an order is only "saved" once its transaction is. `on_saved(order_id)`
    runs for every order written (the unit of work announces it on ORDERS_CHANNEL)."""

    def __init__(self, session: Session, *, on_saved: Callable[[str], None] | None = None) -> None:
        self.session = session
        self._saved: dict[str, tuple[Order, int]] = {}
        self._on_saved = on_saved

    def _upsert(self) -> Any:
        if self.session.get_bind().dialect.name == "postgresql":
            # Imported here: the PostgreSQL dialect is slow to load and SQLite tills never use it.
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert

    # -- reading -------------------------------------------------------------------------
    def get(self, order_id: str, *, flow: StatusFlow | None = None) -> Order | None:
        """The whole order, or None. With `flow`, `status_kind` is recomputed from it."""
        row = self.session.execute(select(ORDERS).where(ORDERS.c.id == order_id)).first()
        return self._order(row, flow) if row is not None else None

    def load(self, order_id: str, *, flow: StatusFlow | None = None) -> Order:
        order = self.get(order_id, flow=flow)
        if order is None:
            raise NotFound(_("This order does not exist (any more)."))
        return order

    def id_for_number(self, number: str, order_type: OrderType | None = None) -> str | None:
        """The id of the order with this number (and type); the oldest when types share it."""
        query = select(ORDERS.c.id).where(ORDERS.c.number == number.strip())
        if order_type is not None:
            query = query.where(ORDERS.c.type == order_type.value)
        return self.session.execute(query.order_by(ORDERS.c.created_at).limit(1)).scalar()

    def _children(self, table: Any, order_id: str) -> Sequence[Row[Any]]:
        query = select(table).where(table.c.order_id == order_id).order_by(table.c.position)
        return self.session.execute(query).all()

    def _order(self, row: Row[Any], flow: StatusFlow | None) -> Order:
        kind = StatusKind(row.status_kind)
        if flow is not None and row.status in flow.states:
            kind = flow.state(row.status).kind
        order_id = row.id
        return Order(
            id=order_id,
            type=OrderType(row.type),
            header=header_from_row(row),
            status=row.status,
            status_kind=kind,
            created_at=row.created_at,
            created_by=row.created_by,
            updated_at=row.updated_at,
            number=row.number,
            lines=[line_from_row(r) for r in self._children(LINES, order_id)],
            groups=[LineGroup(g.group_id, g.heading) for g in self._children(GROUPS, order_id)],
            payments=[payment_from_row(p) for p in self._children(PAYMENTS, order_id)],
            refund_owed=refund_owed_from_row(row),
            reminder_date=row.reminder_date,
            reminder_note=row.reminder_note,
            attachments=[attachment_from_row(a) for a in self._children(ATTACHMENTS, order_id)],
            source_quote_id=row.source_quote_id,
            converted_to_id=row.converted_to_id,
            log=[entry_from_row(e) for e in self._children(LOG, order_id)],
            version=row.version,
            stored_version=row.version,
        )

    # -- writing -------------------------------------------------------------------------
    def save(self, order: Order) -> bool:
        """Insert a new order, or update a stored one only if nobody changed it since it was
        read (`UPDATE … WHERE id AND version = stored_version`; else ConflictError and nothing
        is written). Lines and groups are replaced; payments and log entries are appended (the
        tables refuse changes); attachments are added or removed. False: nothing to save."""
        expected = self._saved[order.id][1] if order.id in self._saved else order.stored_version
        if order.version == expected:
            return False
        check_storable(order)
        values = order_values(order)
        if expected == 0:
            if self.session.execute(select(ORDERS.c.id).where(ORDERS.c.id == order.id)).first():
                raise ConflictError(
                    _("This order was already saved elsewhere; open it from the order list.")
                )
            if self.session.get_bind().dialect.name == "sqlite":  # its trigram index's key
                key = select(func.coalesce(func.max(ORDERS.c.search_key), 0) + 1)
                values["search_key"] = self.session.execute(key).scalar_one()
            self.session.execute(insert(ORDERS).values(id=order.id, **values))
        else:
            result = self.session.execute(
                update(ORDERS)
                .where(ORDERS.c.id == order.id, ORDERS.c.version == expected)
                .values(**values)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise self._conflict(order.id)
            self.session.execute(delete(LINES).where(LINES.c.order_id == order.id))
            self.session.execute(delete(GROUPS).where(GROUPS.c.order_id == order.id))
        if order.lines:
            rows = [line_values(order.id, i, line) for i, line in enumerate(order.lines)]
            self.session.execute(insert(LINES), rows)
        if order.groups:
            groups = [
                {"order_id": order.id, "position": i, "group_id": g.id, "heading": g.heading}
                for i, g in enumerate(order.groups)
            ]
            self.session.execute(insert(GROUPS), groups)
        self._append_payments(order)
        self._append_log(order)
        self._sync_attachments(order)
        self._saved[order.id] = (order, order.version)
        if self._on_saved is not None:
            self._on_saved(order.id)
        return True

    def _conflict(self, order_id: str) -> PosError:
        row = self.session.execute(
            select(ORDERS.c.updated_by, ORDERS.c.updated_at).where(ORDERS.c.id == order_id)
        ).first()
        if row is None:
            return NotFound(_("This order no longer exists; nothing was saved."))
        return ConflictError(
            _(
                "{who} changed this order at {when} while you had it open, so your changes were "
                "not saved. Reload the order and make them again."
            ).format(who=row.updated_by, when=format_datetime(row.updated_at))
        )

    def _append_payments(self, order: Order) -> None:
        query = (
            select(PAYMENTS.c.id)
            .where(PAYMENTS.c.order_id == order.id)
            .order_by(PAYMENTS.c.position)
        )
        stored = list(self.session.execute(query).scalars())
        if stored != [p.id for p in order.payments[: len(stored)]]:
            raise ConflictError(
                _("The payments on this order differ from the stored ones; reload the order.")
            )
        new = order.payments[len(stored) :]
        if new:
            rows = [payment_values(order.id, len(stored) + i, p) for i, p in enumerate(new)]
            self.session.execute(insert(PAYMENTS), rows)

    def _append_log(self, order: Order) -> None:
        query = select(func.count()).select_from(LOG).where(LOG.c.order_id == order.id)
        stored = int(self.session.execute(query).scalar_one())
        if stored > len(order.log):
            raise ConflictError(
                _("The activity log of this order is longer than yours; reload the order.")
            )
        new = order.log[stored:]
        if new:
            rows = [entry_values(order.id, stored + i, e) for i, e in enumerate(new)]
            self.session.execute(insert(LOG), rows)

    def _sync_attachments(self, order: Order) -> None:
        rows = self.session.execute(
            select(ATTACHMENTS.c.id, ATTACHMENTS.c.position).where(
                ATTACHMENTS.c.order_id == order.id
            )
        ).all()
        stored = {r.id for r in rows}
        gone = sorted(stored - {a.id for a in order.attachments})
        if gone:
            self.session.execute(delete(FILES).where(FILES.c.attachment_id.in_(gone)))
            self.session.execute(delete(ATTACHMENTS).where(ATTACHMENTS.c.id.in_(gone)))
        position = max((r.position for r in rows), default=-1) + 1
        for attachment in order.attachments:
            if attachment.id not in stored:
                values = attachment_values(order.id, position, attachment)
                self.session.execute(insert(ATTACHMENTS).values(**values))
                position += 1

    def committed(self) -> None:
        """After the commit: what was saved is now the stored version."""
        for order, version in self._saved.values():
            order.stored_version = version
        self._saved.clear()

    def rolled_back(self) -> None:
        self._saved.clear()

    def next_number(self, order_type: OrderType, *, prefix: str = "", first: int = 1) -> str:
        """Bump the type's counter inside the current transaction (gapless: it rolls back with
        it). One atomic upsert, so concurrent confirms queue on the counter row (PostgreSQL)
        or on the write lock (SQLite) and never read the same value."""
        statement = (
            self._upsert()(COUNTERS)
            .values(order_type=order_type.value, last_no=first)
            .on_conflict_do_update(
                index_elements=["order_type"], set_={"last_no": COUNTERS.c.last_no + 1}
            )
            .returning(COUNTERS.c.last_no)
        )
        number = f"{prefix}{int(self.session.execute(statement).scalar_one())}"
        if self.id_for_number(number, order_type) is not None:
            raise PosError(
                _(
                    "Order number {number} is already in use: check the order numbering "
                    "(first number, prefixes) in the configuration."
                ).format(number=number)
            )
        return number

    # -- attachment bytes ----------------------------------------------------------------
    def put_file(self, attachment_id: str, data: bytes) -> None:
        """Store an attachment's bytes; after `save` wrote its row, in the same transaction."""
        self.session.execute(insert(FILES).values(attachment_id=attachment_id, data=data))

    def file(self, attachment_id: str) -> bytes | None:
        query = select(FILES.c.data).where(FILES.c.attachment_id == attachment_id)
        data = self.session.execute(query).scalar()
        return bytes(data) if data is not None else None

    # -- lists ---------------------------------------------------------------------------
    def page(
        self,
        spec: OrderFilter,
        *,
        limit: int = 50,
        offset: int = 0,
        status_order: Sequence[str] = (),
    ) -> OrderPage:
        """A page of summary rows, filtered and sorted in SQL (see `order_queries.page`)."""
        return order_queries.page(
            self.session, spec, limit=limit, offset=offset, status_order=status_order
        )

    def count(self, spec: OrderFilter) -> int:
        return order_queries.count(self.session, spec)

    # -- drafts (ORD-9) ------------------------------------------------------------------
    def save_draft(self, owner: str, order: Order, *, now: datetime) -> None:
        """Keep (or replace) `owner`'s unsaved state of this order."""
        values = {
            "is_new": order.stored_version == 0,
            "base_version": order.stored_version,
            "saved_at": now,
            "order_type": order.type.value,
            "number": order.number,
            "customer_name": order.header.customer.name if order.header.customer else "",
            "line_count": len(order.lines),
            "total_incl_vat": order.totals().total_incl_vat,
            "payload": order_to_json(order),
        }
        self.session.execute(
            self._upsert()(DRAFTS)
            .values(owner=owner, order_id=order.id, **values)
            .on_conflict_do_update(index_elements=["owner", "order_id"], set_=values)
        )

    def drafts(self, owner: str) -> list[DraftInfo]:
        """`owner`'s drafts, newest first; `stale` when the order was saved after it began."""
        rows = self.session.execute(
            select(DRAFTS, ORDERS.c.version.label("current_version"))
            .outerjoin(ORDERS, ORDERS.c.id == DRAFTS.c.order_id)
            .where(DRAFTS.c.owner == owner)
            .order_by(DRAFTS.c.saved_at.desc())
        ).all()
        return [
            DraftInfo(
                order_id=r.order_id,
                is_new=r.is_new,
                saved_at=r.saved_at,
                order_type=OrderType(r.order_type),
                number=r.number,
                customer_name=r.customer_name,
                line_count=r.line_count,
                total_incl_vat=r.total_incl_vat,
                stale=r.current_version is not None and r.current_version != r.base_version,
            )
            for r in rows
        ]

    def draft(self, owner: str, order_id: str) -> Order | None:
        query = select(DRAFTS.c.payload).where(
            DRAFTS.c.owner == owner, DRAFTS.c.order_id == order_id
        )
        payload = self.session.execute(query).scalar()
        return order_from_json(payload) if payload is not None else None

    def discard_draft(self, owner: str, order_id: str) -> bool:
        result = self.session.execute(
            delete(DRAFTS).where(DRAFTS.c.owner == owner, DRAFTS.c.order_id == order_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
