"""Sales orders for the screens (ORD-1…7, 9…12): create, edit, save, act, find, recover drafts.

Editing methods change the order in memory (and keep a crash-recovery draft); `save` and every
action (confirm, payment, comment, …) write the whole order in one transaction, atomically with
what the action needs (its number, the converted order, the file's bytes). An action that fails
leaves the order in memory exactly as it was. See docs/orders-service.md."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from tui_pos.core import order_actions, order_conversion, order_editing, order_payments
from tui_pos.core.barcodes import validate_gtin
from tui_pos.core.catalog import ArticleInfo, CustomerInfo
from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.money import HUNDRED, parse_quantity, round_money
from tui_pos.core.order_context import NumberSource
from tui_pos.core.order_filter import OrderFilter
from tui_pos.core.order_lines import LineGroup, LinePricer, NewLine, OrderLine
from tui_pos.core.order_list import DraftInfo, OrderPage
from tui_pos.core.order_log import LogEntry
from tui_pos.core.order_status import OrderStatus, StatusFlow
from tui_pos.core.orders import (
    Attachment,
    Channel,
    CustomerRef,
    MethodAmount,
    Order,
    OrderHeader,
    OrderType,
    Payment,
)
from tui_pos.i18n import _
from tui_pos.services.context import TillContext
from tui_pos.services.order_setup import load_flow, order_context, shop_timezone, size_text
from tui_pos.services.pricing import RegisterPricer
from tui_pos.store.uow import SqlUnitOfWork

T = TypeVar("T")
ArticleItem = tuple[ArticleInfo | str, Decimal | str]


def _restore(order: Order, snapshot: Order) -> None:
    for f in fields(Order):
        setattr(order, f.name, getattr(snapshot, f.name))


class OrderService:
    """One user's order work (a back-office session, or a till when `channel` is TILL).

    `user` is who every change is logged as (default: the till's cashier); drafts are kept per
    user. Errors are PosError with a message for the user; nothing is then changed."""

    def __init__(
        self,
        ctx: TillContext,
        *,
        user: str | None = None,
        channel: Channel = Channel.BACK_OFFICE,
        autosave_drafts: bool = True,
        pricer: LinePricer | None = None,
        flow: StatusFlow | None = None,
    ) -> None:
        self.ctx = ctx
        self.settings = ctx.settings
        self.user = (user or ctx.settings.till.cashier).strip()
        if not self.user:
            raise InvalidInput(_("Every change needs the employee who makes it."), field="user")
        self.channel = channel
        self.autosave_drafts = autosave_drafts
        self.timezone = shop_timezone(ctx.settings)
        self.flow = flow or load_flow(ctx.settings)
        self.context = order_context(
            ctx.settings,
            flow=self.flow,
            clock=self.now,
            pricer=pricer or RegisterPricer(ctx).line_pricer(),
        )

    # -- time, flow, methods -------------------------------------------------------------
    def now(self) -> datetime:
        """Now in the shop's time zone (so "today" is the shop's date)."""
        return self.ctx.clock().astimezone(self.timezone)

    def today(self) -> date:
        return self.now().date()

    def statuses(self) -> tuple[OrderStatus, ...]:
        """Every state of the flow, in the configured order (for filters and columns)."""
        return tuple(self.flow.states.values())

    def status_label(self, key: str) -> str:
        return self.flow.label(key)

    def targets(self, order: Order) -> tuple[OrderStatus, ...]:
        """The states `move_status` accepts for this order now (confirming, cancelling and
        converting have their own methods)."""
        flow = self.flow
        special = {flow.cancel, flow.convert}
        if order.is_editable:
            special.add(flow.confirm)
        return tuple(s for s in flow.targets(order.status) if s.key not in special)

    def methods(self, channel: Channel | None = None) -> list[tuple[str, str]]:
        """(id, label) of the payment methods offered on the channel (default: this service's)."""
        offered = order_payments.methods_for(self.context, channel or self.channel)
        labels = {m.id: m.label for m in self.settings.payments.methods}
        return [(method, labels.get(method, method)) for method in offered]

    # -- creating, loading, saving -------------------------------------------------------
    def new_order(
        self,
        order_type: OrderType = OrderType.SALES,
        *,
        customer_code: str | None = None,
        **header_fields: Any,
    ) -> Order:
        """A new draft order (not saved yet): employee = the user, branch and VAT basis from the
        settings, dated today; `header_fields` are other OrderHeader fields."""
        header = OrderHeader(
            employee=self.user,
            branch=self.settings.orders.branch or self.settings.till.branch,
            order_date=self.today(),
            prices_include_vat=self.settings.pricing.prices_include_vat,
        )
        if customer_code:
            header = replace(header, customer=self._customer_ref(customer_code))
        header = replace(header, **header_fields)
        return order_editing.new_order(self.context, order_type, header, who=self.user)

    def load(self, order_id: str) -> Order:
        with self.ctx.uow() as uow:
            return uow.orders.load(order_id, flow=self.flow)

    def load_by_number(self, number: str, order_type: OrderType | None = None) -> Order:
        """The order with this number (e.g. typed, or scanned from a confirmation's QR code)."""
        with self.ctx.uow() as uow:
            order_id = uow.orders.id_for_number(number, order_type)
            if order_id is None:
                raise NotFound(_("No order with number {number}.").format(number=number.strip()))
            return uow.orders.load(order_id, flow=self.flow)

    def save(self, order: Order) -> bool:
        """Write the order (new or changed) in one transaction and drop the user's draft of it.
        ConflictError when someone else saved it since it was loaded (nothing is written).
        Returns False when there was nothing to save."""
        if not order.is_dirty:
            return False
        with self.ctx.uow(write=True) as uow:
            uow.orders.save(order)
            uow.orders.discard_draft(self.user, order.id)
            uow.commit()
        return True

    def _act(
        self,
        order: Order,
        action: Callable[[SqlUnitOfWork], T],
        *,
        after_save: Callable[[SqlUnitOfWork, T], None] | None = None,
    ) -> T:
        """Run a core action inside a write transaction and save the order with it; on any
        failure the order in memory is put back as it was (a rolled-back number included)."""
        snapshot = copy.deepcopy(order)
        try:
            with self.ctx.uow(write=True) as uow:
                result = action(uow)
                uow.orders.save(order)
                if after_save is not None:
                    after_save(uow, result)
                uow.orders.discard_draft(self.user, order.id)
                uow.commit()
        except BaseException:
            _restore(order, snapshot)
            raise
        return result

    # -- editing in memory (ORD-1…3); each keeps a draft when autosave_drafts ----------------
    def _edited(self, order: Order, result: T) -> T:
        if self.autosave_drafts and order.is_dirty:
            self.save_draft(order)
        return result

    def update_header(self, order: Order, header: OrderHeader) -> None:
        """Replace the header (`dataclasses.replace(order.header, ...)`); logs each change and
        reprices when the customer, date or VAT basis changed."""
        order_editing.update_header(self.context, order, header, who=self.user)
        self._edited(order, None)

    def set_customer(self, order: Order, code: str | None) -> CustomerRef | None:
        """Choose the order's customer by code (None: no customer); reprices the lines."""
        customer = self._customer_ref(code) if code else None
        self.update_header(order, replace(order.header, customer=customer))
        return customer

    def add_line(self, order: Order, new: NewLine) -> OrderLine:
        """A free line or a prepared one (description, qty, price and VAT rate typed)."""
        return self._edited(order, order_editing.add_line(self.context, order, new, who=self.user))

    def add_article(
        self,
        order: Order,
        article: ArticleInfo | str,
        qty: Decimal | str = "1",
        *,
        group_id: str | None = None,
    ) -> OrderLine:
        """Add an article (ArticleInfo, or a code/barcode) priced for the order's customer."""
        return self.add_articles(order, [(article, qty)], group_id=group_id)[0]

    def add_articles(
        self, order: Order, items: Sequence[ArticleItem], *, group_id: str | None = None
    ) -> list[OrderLine]:
        """Add several articles at once (ORD-2: "add many", the variant matrix); all or none."""
        new_lines = [self._article_line(order, article, qty, group_id) for article, qty in items]
        added = order_editing.add_lines(self.context, order, new_lines, who=self.user)
        return self._edited(order, added)

    def _article_line(
        self, order: Order, article: ArticleInfo | str, qty: Decimal | str, group_id: str | None
    ) -> NewLine:
        info = self.find_article(article) if isinstance(article, str) else article
        if info.is_variant_parent:
            raise InvalidInput(
                _("{name} comes in variants: choose a colour and size.").format(name=info.name)
            )
        quantity = parse_quantity(
            qty, weighed=info.weighed, max_qty=self.settings.till.max_line_quantity
        )
        return NewLine(
            description=info.display_name,
            qty=quantity,
            unit_price=self._list_price(info, order.header.prices_include_vat),
            vat_rate=info.vat_rate,
            article_code=info.code,
            weighed=info.weighed,
            group_id=group_id,
        )

    def _list_price(self, article: ArticleInfo, include_vat: bool) -> Decimal:
        """The catalog price in the order's VAT basis."""
        if include_vat == self.settings.pricing.prices_include_vat:
            return article.list_price
        factor = (HUNDRED + article.vat_rate) / HUNDRED
        price = article.list_price
        return round_money(price * factor if include_vat else price / factor)

    def update_line(self, order: Order, changed: OrderLine) -> OrderLine:
        """Apply an edited copy of a line (`dataclasses.replace(order.line(id), qty=...)`)."""
        line = order_editing.update_line(self.context, order, changed, who=self.user)
        return self._edited(order, line)

    def remove_line(self, order: Order, line_id: str) -> None:
        order_editing.remove_line(self.context, order, line_id, who=self.user)
        self._edited(order, None)

    def reprice(self, order: Order) -> int:
        """Price every line again; returns how many changed."""
        return self._edited(order, order_editing.reprice(self.context, order, who=self.user))

    def add_group(self, order: Order, heading: str) -> LineGroup:
        group = order_editing.add_group(self.context, order, heading, who=self.user)
        return self._edited(order, group)

    def rename_group(self, order: Order, group_id: str, heading: str) -> None:
        order_editing.rename_group(self.context, order, group_id, heading, who=self.user)
        self._edited(order, None)

    def remove_group(self, order: Order, group_id: str) -> None:
        order_editing.remove_group(self.context, order, group_id, who=self.user)
        self._edited(order, None)

    # -- actions: each saves the order (with any pending edits) in one transaction -------
    def _numbers(self, uow: SqlUnitOfWork) -> NumberSource:
        numbering = self.settings.orders

        def take(order_type: OrderType) -> str:
            return uow.orders.next_number(
                order_type,
                prefix=numbering.number_prefixes.get(order_type.value, ""),
                first=numbering.first_number,
            )

        return take

    def confirm(self, order: Order) -> str:
        """Confirm ("bevestigen", ORD-4): the first time the order gets the next gapless number
        of its type, taken in the same transaction that saves it. Returns the number."""
        return self._act(
            order,
            lambda uow: order_actions.confirm(
                self.context, order, who=self.user, number_source=self._numbers(uow)
            ),
        )

    def modify(self, order: Order) -> None:
        """Modify ("wijzigen"): a confirmed order becomes editable again; its number stays."""
        self._act(order, lambda uow: order_actions.modify(self.context, order, who=self.user))

    def move_status(self, order: Order, target: str) -> None:
        """Move along the flow (QUE-2, ORD-7); see `targets(order)` for what is allowed."""
        self._act(
            order, lambda uow: order_actions.move_status(self.context, order, target, who=self.user)
        )

    def cancel(
        self, order: Order, *, confirmed: bool, reason: str = ""
    ) -> tuple[MethodAmount, ...]:
        """Cancel ("fully cancelled"); the UI asks first and passes confirmed=True. Returns the
        down payments to refund per method (kept on the order; pay them with `record_refund`)."""
        return self._act(
            order,
            lambda uow: order_actions.cancel(
                self.context, order, who=self.user, confirmed=confirmed, reason=reason
            ),
        )

    def take_down_payment(
        self,
        order: Order,
        *,
        method: str,
        amount: Decimal | str | None = None,
        reference: str = "",
    ) -> Payment:
        """A (down) payment on this service's channel (ORD-5); amount defaults to the balance."""
        return self._act(
            order,
            lambda uow: order_payments.take_down_payment(
                self.context,
                order,
                method=method,
                who=self.user,
                channel=self.channel,
                amount=amount,
                reference=reference,
            ),
        )

    def record_refund(
        self,
        order: Order,
        *,
        method: str,
        amount: Decimal | str | None = None,
        reference: str = "",
    ) -> Payment:
        """Money paid back on a cancelled order (ORD-4); amount defaults to all still owed."""
        return self._act(
            order,
            lambda uow: order_payments.record_refund(
                self.context,
                order,
                method=method,
                who=self.user,
                channel=self.channel,
                amount=amount,
                reference=reference,
            ),
        )

    def add_comment(self, order: Order, text: str) -> LogEntry:
        return self._act(
            order, lambda uow: order_actions.add_comment(self.context, order, text, who=self.user)
        )

    def set_reminder(self, order: Order, when: date, note: str = "") -> None:
        """Set or move the follow-up date (ORD-11); not in the past."""
        self._act(
            order,
            lambda uow: order_actions.set_reminder(
                self.context, order, when, who=self.user, note=note
            ),
        )

    def clear_reminder(self, order: Order) -> None:
        self._act(
            order, lambda uow: order_actions.clear_reminder(self.context, order, who=self.user)
        )

    def _check_size(self, file_name: str, size: int) -> None:
        limit = self.settings.orders.attachment_max_bytes
        if size <= limit:
            return
        shown, most = size_text(size), size_text(limit)
        if shown == most:  # "10.5 MB; files up to 10.5 MB" would not say what is wrong
            shown, most = _("{n} bytes").format(n=size), _("{n} bytes").format(n=limit)
        raise InvalidInput(
            _("“{name}” is {size}; files up to {max} can be attached.").format(
                name=file_name, size=shown, max=most
            ),
            field="file",
        )

    def add_attachment(self, order: Order, data: bytes, file_name: str) -> Attachment:
        """Store a file on the order (ORD-12): bytes and metadata in one transaction."""
        self._check_size(file_name, len(data))
        digest = hashlib.sha256(data).hexdigest()
        return self._act(
            order,
            lambda uow: order_actions.add_attachment(
                self.context,
                order,
                file_name=file_name,
                size=len(data),
                sha256=digest,
                stored_path=f"db:{digest}",
                who=self.user,
            ),
            after_save=lambda uow, attachment: uow.orders.put_file(attachment.id, data),
        )

    def add_attachment_file(self, order: Order, path: Path | str) -> Attachment:
        """Attach a file from disk (checks the size before reading it)."""
        path = Path(path).expanduser()
        try:
            self._check_size(path.name, path.stat().st_size)
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise NotFound(_("No file {path}.").format(path=path)) from None
        except PermissionError:
            raise PosError(_("No permission to read {path}.").format(path=path)) from None
        return self.add_attachment(order, data, path.name)

    def attachment_bytes(self, attachment_id: str) -> bytes:
        with self.ctx.uow() as uow:
            data = uow.orders.file(attachment_id)
        if data is None:
            raise NotFound(_("This attachment's file is missing (it may have been removed)."))
        return data

    def remove_attachment(self, order: Order, attachment_id: str) -> Attachment:
        """Take a file off the order; its bytes are deleted with it."""
        return self._act(
            order,
            lambda uow: order_actions.remove_attachment(
                self.context, order, attachment_id, who=self.user
            ),
        )

    def convert_quote(self, quote: Order, order_type: OrderType = OrderType.SALES) -> Order:
        """Quote → new draft order (ORD-6); both are saved in one transaction. Returns the new
        order (saved, editable)."""
        snapshot = copy.deepcopy(quote)
        try:
            with self.ctx.uow(write=True) as uow:
                order = order_conversion.convert_quote(
                    self.context, quote, who=self.user, order_type=order_type
                )
                uow.orders.save(order)
                uow.orders.save(quote)
                uow.orders.discard_draft(self.user, quote.id)
                uow.commit()
        except BaseException:
            _restore(quote, snapshot)
            raise
        return order

    # -- finding orders (ORD-10, ORD-11, CHK-10, QUE-1) ----------------------------------
    def page(
        self, spec: OrderFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> OrderPage:
        """A page of order summaries; default filter: open orders, oldest first."""
        with self.ctx.uow() as uow:
            return uow.orders.page(
                spec or OrderFilter.open_orders(),
                limit=limit,
                offset=offset,
                status_order=tuple(self.flow.states),
            )

    def count(self, spec: OrderFilter | None = None) -> int:
        with self.ctx.uow() as uow:
            return uow.orders.count(spec or OrderFilter.open_orders())

    # -- catalog look-ups for the form -----------------------------------------------------
    def find_article(self, code: str) -> ArticleInfo:
        """An article by barcode or article code (UPC-A/EAN normalised); NotFound otherwise."""
        code = code.strip()
        if not code:
            raise InvalidInput(_("Scan a barcode or type an article code."))
        if len(code) > 48:
            raise InvalidInput(_("“{code}…” is too long for a barcode.").format(code=code[:20]))
        with self.ctx.uow() as uow:
            found = uow.catalog.article_by_barcode(code) or uow.catalog.article(code)
            if found is None and code.isdigit() and len(code) >= 8:
                normalized = validate_gtin(code)
                if normalized != code:
                    found = uow.catalog.article_by_barcode(normalized)
        if found is None:
            raise NotFound(_("No article with code or barcode “{code}”.").format(code=code))
        return found

    def search_articles(self, text: str, limit: int = 50) -> list[ArticleInfo]:
        with self.ctx.uow() as uow:
            return uow.catalog.search_articles(text, limit)

    def variants(self, parent_code: str) -> list[ArticleInfo]:
        with self.ctx.uow() as uow:
            return uow.catalog.variants(parent_code)

    def search_customers(self, text: str, limit: int = 50) -> list[CustomerInfo]:
        with self.ctx.uow() as uow:
            return uow.catalog.search_customers(text, limit)

    def customer(self, code: str) -> CustomerInfo:
        with self.ctx.uow() as uow:
            found = uow.catalog.customer(code.strip())
        if found is None:
            raise NotFound(_("No customer with code {code}.").format(code=code.strip()))
        return found

    def _customer_ref(self, code: str) -> CustomerRef:
        customer = self.customer(code)
        return CustomerRef(customer.code, customer.name)

    # -- crash-recovery drafts (ORD-9) ---------------------------------------------------
    def save_draft(self, order: Order) -> bool:
        """Keep the order's unsaved state for this user (replacing the previous draft); an order
        without unsaved changes has no draft. Returns whether a draft is kept."""
        with self.ctx.uow(write=True) as uow:
            if order.is_dirty:
                uow.orders.save_draft(self.user, order, now=self.ctx.clock())
            else:
                uow.orders.discard_draft(self.user, order.id)
            uow.commit()
        return order.is_dirty

    def load_drafts(self) -> list[DraftInfo]:
        """This user's kept drafts, newest first (offer them after a crash)."""
        with self.ctx.uow() as uow:
            return uow.orders.drafts(self.user)

    def restore_draft(self, order_id: str) -> Order:
        """The order as it was in the draft, unsaved (is_dirty). Saving it conflicts when
        someone else saved the order after the draft began (DraftInfo.stale)."""
        with self.ctx.uow() as uow:
            order = uow.orders.draft(self.user, order_id)
        if order is None:
            raise NotFound(_("There is no draft of this order (any more)."))
        return order

    def discard_draft(self, order_id: str) -> bool:
        with self.ctx.uow(write=True) as uow:
            found = uow.orders.discard_draft(self.user, order_id)
            uow.commit()
        return found
