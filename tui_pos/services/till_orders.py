"""Orders at the till (CHK-9, CHK-10): make an order from the cart (pay later, or pay all or a
down payment now) and settle a chosen order. Each is one write transaction together with its
payments, journal entries and print job; an order being settled is leased to this till.
See docs/till-orders.md."""

from __future__ import annotations

import contextlib
import copy
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from decimal import Decimal

from tui_pos.core import order_actions, order_editing, order_payments
from tui_pos.core.cart import Cart
from tui_pos.core.catalog import CustomerInfo
from tui_pos.core.customer_entry import (
    CustomerForm,
    NewCustomer,
    country_of_locale,
    validate_customer,
)
from tui_pos.core.date_input import parse_date
from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.order_context import NumberSource, method_label
from tui_pos.core.order_lease import LeaseHolder, order_in_use
from tui_pos.core.order_slip import SlipFormat, build_order_slip
from tui_pos.core.order_till import (
    cart_new_lines,
    check_order_date,
    check_settleable,
    down_payment_amount,
    order_cart,
    order_credits,
    price_pins,
    settlement_sale,
)
from tui_pos.core.orders import (
    Channel,
    CustomerRef,
    DeliveryMethod,
    MethodAmount,
    Order,
    OrderType,
    Payment,
)
from tui_pos.core.payments import PaymentSession
from tui_pos.core.printdoc import PrintDocument, serialize
from tui_pos.core.sale import SaleRecord
from tui_pos.i18n import _, format_date, format_datetime
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.order_events import ORDERS_CHANNEL
from tui_pos.services.orders import OrderService
from tui_pos.store.customers import add_customer
from tui_pos.store.order_leases import OrderLeaseRepository
from tui_pos.store.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrderForm:
    """What the Make order screen collected (raw text; `prepare` validates it)."""

    delivery_method: DeliveryMethod = DeliveryMethod.PICKUP
    customer_code: str | None = None
    new_customer: CustomerForm = field(default_factory=CustomerForm)
    date_text: str = ""
    note: str = ""
    reference: str = ""
    custom_fields: Mapping[str, str] = field(default_factory=dict)


@dataclass
class PreparedOrder:
    """A validated order built from the cart, not stored yet (Cancel just drops it)."""

    order: Order
    new_customer: NewCustomer | None = None

    @property
    def total(self) -> Decimal:
        return self.order.totals().total_incl_vat


@dataclass(frozen=True)
class PlacedOrder:
    """A stored, confirmed order and what was paid on it when it was placed."""

    order: Order
    payments: tuple[Payment, ...]

    @property
    def number(self) -> str:
        return self.order.number or ""

    @property
    def paid(self) -> Decimal:
        return self.order.paid_total

    @property
    def balance(self) -> Decimal:
        return self.order.balance_due


@dataclass(frozen=True)
class OrderAtTill:
    """An order opened at this till for settling (its lease is held): shown as `cart`."""

    order: Order
    cart: Cart
    target: str  # the state it moves to when settled

    @property
    def number(self) -> str:
        return self.order.number or ""

    @property
    def paid(self) -> Decimal:
        return self.order.paid_total

    @property
    def balance(self) -> Decimal:
        return self.order.balance_due


def _restore(order: Order, snapshot: Order) -> None:
    for f in fields(Order):
        setattr(order, f.name, getattr(snapshot, f.name))


def new_customer_code() -> str:
    """A code for a customer created at the till (unique; the table refuses a clash)."""
    return "N" + uuid.uuid4().hex[:9].upper()


class TillOrderService:
    """The till's orders; one per app (it holds the lease of the order being settled)."""

    def __init__(self, checkout: CheckoutService) -> None:
        self.checkout = checkout
        self.ctx = checkout.ctx
        self.settings = self.ctx.settings
        self.orders = OrderService(self.ctx, channel=Channel.TILL, autosave_drafts=False)
        self.country = country_of_locale(self.settings.shop.locale)
        self.current: OrderAtTill | None = None

    @property
    def cashier(self) -> str:
        return self.settings.till.cashier

    @property
    def till_id(self) -> str:
        return self.ctx.till_id

    def custom_field_names(self) -> list[str]:
        return list(self.settings.orders.custom_fields)

    # -- make order (CHK-9) ----------------------------------------------------------------
    def search_customers(self, text: str, limit: int = 50) -> list[CustomerInfo]:
        return self.orders.search_customers(text, limit)

    def customer(self, code: str) -> CustomerInfo:
        return self.orders.customer(code)

    def preview_total(self, customer_code: str | None = None) -> Decimal:
        """The cart's total priced for this customer (the order's total), cart unchanged."""
        cart = self.checkout.cart
        customer = self.orders.customer(customer_code) if customer_code else None
        return sum((p.line_total for p in cart.pricer(cart.lines, customer)), Decimal(0))

    def prepare(self, form: OrderForm) -> PreparedOrder:
        """Validate the form and build the order from the cart in memory; nothing is stored and
        the cart is not changed. Bad input raises InvalidInput naming its field."""
        cart = self.checkout.cart
        if cart.is_empty:
            raise InvalidInput(_("The sale is empty: scan the articles of the order first."))
        new: NewCustomer | None = None
        if form.customer_code:
            info = self.orders.customer(form.customer_code)
        elif not form.new_customer.is_blank:
            new = validate_customer(form.new_customer, self.country)
            info = CustomerInfo(
                new_customer_code(),
                new.name,
                email=new.email,
                phone=new.phone,
                address=new.address,
                postcode=new.postcode,
                city=new.city,
            )
        else:
            raise InvalidInput(
                _("Choose a customer (F7) or type the new customer's name and details."),
                field="customer",
            )
        delivery = form.delivery_method
        what = _("Pickup date") if delivery is DeliveryMethod.PICKUP else _("Delivery date")
        if not form.date_text.strip():
            raise InvalidInput(_("{what}: give a date.").format(what=what), field="date")
        today = self.orders.today()
        when = check_order_date(
            parse_date(form.date_text, today, field="date"), today, field="date", what=what
        )
        # a new service per order: its pricer reads the customer cards and registers afresh
        orders = OrderService(
            self.ctx, channel=Channel.TILL, autosave_drafts=False, flow=self.orders.flow
        )
        order = orders.new_order(
            OrderType.SALES,
            customer=CustomerRef(info.code, info.name),
            delivery_method=delivery,
            pickup_date=when if delivery is DeliveryMethod.PICKUP else None,
            expected_delivery_date=when if delivery is DeliveryMethod.DELIVERY else None,
            note=form.note,
            customer_reference=form.reference,
            custom_fields=dict(form.custom_fields),
        )
        context, who = orders.context, orders.user
        order_editing.add_lines(context, order, cart_new_lines(cart.lines), who=who)
        for pinned in price_pins(order.lines, cart.pricer(cart.lines, info)):
            order_editing.update_line(context, order, pinned, who=who)
        return PreparedOrder(order, new)

    def payment_session(self, prepared: PreparedOrder, amount_text: str) -> PaymentSession:
        """The payment for "Pay & place order": the whole total or a down payment."""
        amount = down_payment_amount(amount_text, prepared.total)
        return PaymentSession(
            amount, cash_step=self.settings.payments.cash_rounding, has_customer=True
        )

    def place(self, prepared: PreparedOrder, session: PaymentSession | None = None) -> PlacedOrder:
        """Store the order confirmed (its number), the new customer, the payment (if any) on
        the order, journal entries and the confirmation slip's print job in ONE transaction;
        then clear the cart and print. On any failure nothing is stored and the cart stays."""
        order = prepared.order
        credits = order_credits(session) if session is not None else []
        snapshot = copy.deepcopy(order)
        try:
            with self.ctx.uow(write=True) as uow:
                if prepared.new_customer is not None:
                    assert order.header.customer is not None
                    add_customer(uow.session, order.header.customer.code, prepared.new_customer)
                number = order_actions.confirm(
                    self.orders.context, order, who=self.cashier, number_source=self._numbers(uow)
                )
                payments = tuple(self._credit(order, credit) for credit in credits)
                uow.orders.save(order)
                placed: dict[str, object] = {"order_id": order.id, "total": str(prepared.total)}
                self._journal(uow, "order_placed", number, placed)
                cash = False
                if session is not None:
                    cash = any(p.method.kind == "cash" for p in session.payments)
                    self._journal(
                        uow,
                        "order_payment",
                        number,
                        {
                            "order_id": order.id,
                            "credited": [[c.method, str(c.amount)] for c in credits],
                            "payments": [[p.method.id, str(p.amount)] for p in session.payments],
                            "rounding": str(session.rounding),
                        },
                    )
                    if cash:
                        self._journal(uow, "drawer_open", number, {"reason": "order_payment"})
                slip = self.render_slip(order, paid_now=payments, open_drawer=cash)
                self._queue(uow, slip)
                uow.commit()  # the order's save is announced on the change bus
        except BaseException:
            _restore(order, snapshot)
            raise
        self.checkout.cart.clear()
        self._kick_printer()
        return PlacedOrder(order, payments)

    def _numbers(self, uow: SqlUnitOfWork) -> NumberSource:
        numbering = self.settings.orders

        def take(order_type: OrderType) -> str:
            return uow.orders.next_number(
                order_type,
                prefix=numbering.number_prefixes.get(order_type.value, ""),
                first=numbering.first_number,
            )

        return take

    def _credit(self, order: Order, credit: MethodAmount, reference: str = "") -> Payment:
        return order_payments.take_down_payment(
            self.orders.context,
            order,
            method=credit.method,
            who=self.cashier,
            channel=Channel.TILL,
            amount=credit.amount,
            reference=reference,
        )

    def render_slip(
        self, order: Order, *, paid_now: tuple[Payment, ...] = (), open_drawer: bool = False
    ) -> PrintDocument:
        labels = {m.id: m.label for m in self.settings.payments.methods}
        return build_order_slip(
            order,
            self.ctx.shop_header(),
            SlipFormat(
                money=self.ctx.amount,
                date=format_date,
                method_label=lambda method: labels.get(method) or method_label(method),
                width=self.settings.printer.width,
            ),
            placed_at=format_datetime(order.updated_at),
            paid_now=paid_now,
            open_drawer=open_drawer,
        )

    # -- choose order and settle it (CHK-10) ----------------------------------------------
    def _lease_until(self, now: datetime) -> datetime:
        return now + timedelta(minutes=self.settings.till.order_lease_minutes)

    def _since(self, holder: LeaseHolder) -> str:
        local = holder.taken_at.astimezone(self.orders.timezone)
        if local.date() == self.orders.today():
            return local.strftime("%H:%M")
        return local.strftime("%d-%m %H:%M")

    def open(self, order_id: str) -> OrderAtTill:
        """Open an order for settling: take its lease (refused with who has it open), load it
        and check the till can settle it. The cart must be empty."""
        current = self.current
        if current is not None:
            if current.order.id == order_id:
                return current
            raise PosError(
                _("Order {number} is open at this till: pay it or put it back first.").format(
                    number=current.number
                )
            )
        if not self.checkout.cart.is_empty:
            raise InvalidInput(_("Finish or park the current sale before opening an order."))
        now = self.ctx.clock()
        with self.ctx.uow(write=True) as uow:
            holder = OrderLeaseRepository(uow.session).take(
                order_id,
                till_id=self.till_id,
                cashier=self.cashier,
                now=now,
                expires_at=self._lease_until(now),
            )
            order = uow.orders.load(order_id, flow=self.orders.flow)  # after the lease: fresh
            if holder is not None:
                raise order_in_use(order.number or "", holder, self._since(holder))
            target = check_settleable(self.orders.flow, order)
            uow.notify(ORDERS_CHANNEL, order.id)
            uow.commit()
        self.current = OrderAtTill(order, order_cart(order), target)
        return self.current

    def open_number(self, number: str) -> OrderAtTill:
        """Open the order with this number (typed, or from its QR code)."""
        return self.open(self.orders.load_by_number(number).id)

    def put_back(self) -> Order | None:
        """Close the open order unchanged and release its lease."""
        current = self.current
        if current is None:
            return None
        self.current = None
        try:
            with self.ctx.uow(write=True) as uow:
                OrderLeaseRepository(uow.session).release(current.order.id, till_id=self.till_id)
                uow.notify(ORDERS_CHANNEL, current.order.id)
                uow.commit()
        except Exception:  # the database is away: the lease expires by itself
            log.warning("could not release the lease of order %s", current.order.id, exc_info=True)
        return current.order

    def close(self) -> None:
        """App exit: put the open order back (its lease expires if that fails)."""
        self.put_back()

    def _open_order(self) -> OrderAtTill:
        if self.current is None:
            raise PosError(_("No order is open at this till."))
        return self.current

    def _lost(self, uow: SqlUnitOfWork, order: Order) -> PosError:
        holder = OrderLeaseRepository(uow.session).holder(order.id)
        self.current = None
        if holder is not None:
            return order_in_use(order.number or "", holder, self._since(holder))
        return PosError(_("This till's hold on the order expired: open the order again."))

    def start_settlement(self) -> PaymentSession:
        """Renew the lease and start paying the balance (0 when it was paid in full before)."""
        current = self._open_order()
        now = self.ctx.clock()
        with self.ctx.uow(write=True) as uow:
            leases = OrderLeaseRepository(uow.session)
            if not leases.renew(
                current.order.id, till_id=self.till_id, expires_at=self._lease_until(now)
            ):
                raise self._lost(uow, current.order)
            uow.commit()
        return PaymentSession(
            current.balance, cash_step=self.settings.payments.cash_rounding, has_customer=True
        )

    def settle(self, session: PaymentSession) -> SaleRecord:
        """Settle the open order in ONE transaction: the sale (order lines, what was paid
        before, this visit's payments, receipt with the order number), the payments on the
        order, its move to done, journal entries, the receipt's print job and the lease's
        release. On any failure nothing is stored and the order stays open here."""
        current = self._open_order()
        order = current.order
        credits = order_credits(session)
        now = self.ctx.clock()
        record = settlement_sale(
            order,
            session,
            till_id=self.till_id,
            cashier=self.cashier,
            currency=self.ctx.currency,
            now=now,
            deposit_label=_("Paid on order {number}").format(number=current.number),
        )
        snapshot = copy.deepcopy(order)
        try:
            with self.ctx.uow(write=True) as uow:
                leases = OrderLeaseRepository(uow.session)
                until = self._lease_until(now)
                if not leases.renew(order.id, till_id=self.till_id, expires_at=until):
                    raise self._lost(uow, order)
                record = replace(record, receipt_no=uow.sales.next_receipt_no(self.till_id))
                for credit in credits:
                    self._credit(order, credit, reference=record.receipt_id)
                order_actions.move_status(
                    self.orders.context, order, current.target, who=self.cashier
                )
                uow.orders.save(order)
                uow.sales.add(record)
                self._journal(
                    uow,
                    "sale",
                    record.receipt_id,
                    {
                        "uid": record.uid,
                        "total": str(record.total),
                        "rounding": str(record.rounding),
                        "payments": [[p.method_id, str(p.amount)] for p in record.payments],
                        "vat": [[str(v.rate), str(v.vat)] for v in record.vat],
                        "order_id": order.id,
                        "order": current.number,
                    },
                )
                if any(p.kind == "cash" for p in record.payments):
                    self._journal(uow, "drawer_open", record.receipt_id, {"reason": "sale"})
                self._queue(uow, self.checkout.render(record))
                leases.release(order.id, till_id=self.till_id)
                uow.commit()
        except BaseException:
            _restore(order, snapshot)
            raise
        self.current = None
        self._kick_printer()
        return record

    # -- shared --------------------------------------------------------------------------
    def _queue(self, uow: SqlUnitOfWork, doc: PrintDocument) -> None:
        uow.spool.add(
            now=self.ctx.clock(),
            till_id=self.till_id,
            kind=doc.kind,  # receipt | order_slip
            ref=doc.ref,
            payload=serialize(doc),
        )

    def _journal(self, uow: SqlUnitOfWork, kind: str, ref: str, data: dict[str, object]) -> None:
        uow.journal.append(
            now=self.ctx.clock(),
            till_id=self.till_id,
            actor=self.cashier,
            kind=kind,
            ref=ref,
            data=data,
        )

    def _kick_printer(self) -> None:
        printing = self.checkout.printing
        if printing is not None:
            with contextlib.suppress(Exception):  # printing trouble never blocks a sale
                printing.kick()
