"""Orders at the till through the service (CHK-9, CHK-10) on every backend: placing from the
cart, paying with it, settling the balance, each one transaction; the lease between tills."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal as D
from typing import Any

import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import text

from tui_pos.core.customer_entry import CustomerForm
from tui_pos.core.errors import ConflictError, InvalidInput, PosError
from tui_pos.core.order_lease import OrderInUse
from tui_pos.core.order_qr import parse_order_qr
from tui_pos.core.orders import DeliveryMethod
from tui_pos.core.payments import PaymentMethod, PaymentSession
from tui_pos.core.printdoc import OpenDrawer, deserialize
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.services.till_orders import OrderForm, TillOrderService

#: For tests of validation and pricing only: no SQL of their own, so one backend is enough.
sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

CASH = PaymentMethod("cash", "Cash", "cash")
CARD = PaymentMethod("card", "Card (pin)", "card")
TOMORROW = "+1"


def count(ctx: TillContext, table: str, where: str = "") -> int:
    with ctx.db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table} {where}")).scalar_one())


def job_rows(ctx: TillContext) -> list[tuple[str, str, str]]:
    """(kind, ref, payload) of this till's print jobs, in order."""
    query = text("SELECT kind, ref, payload FROM print_job WHERE till_id = :till ORDER BY id")
    with ctx.db.engine.connect() as conn:
        return [(r.kind, r.ref, r.payload) for r in conn.execute(query, {"till": ctx.till_id})]


def jobs(ctx: TillContext) -> list[tuple[str, str, str]]:
    """(kind, ref, plain text) of every queued print job."""
    return [(kind, ref, deserialize(payload).plain_text()) for kind, ref, payload in job_rows(ctx)]


def journal_kinds(ctx: TillContext) -> list[str]:
    with ctx.uow() as uow:
        return [e.kind for e in uow.journal.entries()]


def till(ctx: TillContext, *items: str) -> TillOrderService:
    checkout = CheckoutService(ctx)
    for item in items:
        checkout.scan(item)
    return TillOrderService(checkout)


def existing(customer: str = "C100", **fields: Any) -> OrderForm:
    return OrderForm(customer_code=customer, date_text=TOMORROW, **fields)


def paid(amount: str, *payments: tuple[PaymentMethod, str]) -> PaymentSession:
    session = PaymentSession(D(amount), cash_step=D("0.05"), has_customer=True)
    for method, value in payments:
        session.add(method, D(value))
    return session


@pytest.fixture
def second_till(ctx: TillContext, clock: FixedClock) -> Iterator[TillContext]:
    """Till T2 (cashier Anna) on the same database."""
    settings = make_settings()
    settings.till.id, settings.till.cashier = "T2", "Anna"
    yield TillContext(settings=settings, db=ctx.db, clock=clock)


@sqlite_only
def test_prepare_prices_the_order_as_the_till_did_and_leaves_the_cart(ctx: TillContext) -> None:
    svc = till(ctx, "3*1002", "1003")
    checkout = svc.checkout
    checkout.change_discount(checkout.cart.lines[0].id, "10")
    checkout.set_customer("C100")  # 5 % standard discount
    before = [(ln.article.code, ln.qty, ln.manual, ln.priced) for ln in checkout.cart.lines]
    prepared = svc.prepare(existing("C100"))
    order = prepared.order
    assert [(ln.article_code, ln.qty) for ln in order.lines] == [("1002", 3), ("1003", 1)]
    assert [ln.line_total for ln in order.lines] == [
        ln.priced.line_total for ln in checkout.cart.lines
    ]
    assert prepared.total == checkout.cart.totals().total
    assert order.lines[0].discount is not None  # the manual 10 % travels with the line
    assert [(ln.article.code, ln.qty, ln.manual, ln.priced) for ln in checkout.cart.lines] == before
    assert count(ctx, "orders") == 0 and order.number is None


def test_place_and_pay_later_stores_a_confirmed_order_and_queues_its_slip(
    ctx: TillContext,
) -> None:
    svc = till(ctx, "1002", "2*1003")
    total = svc.checkout.cart.totals().total
    form = existing("C101", note="Ring twice", reference="PO-7")
    placed = svc.place(svc.prepare(form))
    assert placed.number == "SO-1" and placed.paid == 0 and placed.balance == total
    assert svc.checkout.cart.is_empty
    stored = OrderService(ctx).load(placed.order.id)
    assert stored.status == "confirmed" and stored.number == "SO-1"
    assert stored.header.customer is not None and stored.header.customer.code == "C101"
    assert stored.header.note == "Ring twice" and stored.header.customer_reference == "PO-7"
    assert stored.header.pickup_date == OrderService(ctx).today() + timedelta(days=1)
    assert stored.totals().total_incl_vat == total and not stored.payments
    ((kind, ref, slip),) = jobs(ctx)
    assert (kind, ref) == ("order_slip", "SO-1")
    assert f"[QR order:SO-1:{stored.id}]" in slip
    assert "Order SO-1" in slip and "Daan Jansen" in slip and "Ring twice" in slip
    assert f"Balance due{ctx.amount(total):>31}" in slip
    assert parse_order_qr(f"order:SO-1:{stored.id}").order_id == stored.id
    assert journal_kinds(ctx) == ["order_placed"]


def test_a_new_customer_is_stored_with_the_order(ctx: TillContext) -> None:
    svc = till(ctx, "1002")
    new = CustomerForm(
        name=" Jan  Smit ",
        email="jan@example.nl",
        phone="+31 6 1234 5678",
        postcode="1234ab",
        address="Kerkstraat 1",
        city="Utrecht",
    )
    form = OrderForm(new_customer=new, date_text=TOMORROW, delivery_method=DeliveryMethod.DELIVERY)
    placed = svc.place(svc.prepare(form))
    customer = placed.order.header.customer
    assert customer is not None and customer.name == "Jan Smit"
    info = OrderService(ctx).customer(customer.code)
    assert (info.postcode, info.email, info.phone) == (
        "1234 AB",
        "jan@example.nl",
        "+31 6 1234 5678",
    )
    stored = OrderService(ctx).load(placed.order.id)
    assert stored.header.delivery_method is DeliveryMethod.DELIVERY
    assert stored.header.expected_delivery_date is not None and stored.header.pickup_date is None


@sqlite_only
@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        (OrderForm(date_text=TOMORROW), "customer", "Choose a customer"),
        (
            OrderForm(new_customer=CustomerForm(name="Jan", email="jan@x"), date_text=TOMORROW),
            "email",
            "not valid",
        ),
        (
            OrderForm(new_customer=CustomerForm(name="Jan", phone="06-abc"), date_text=TOMORROW),
            "phone",
            "digits",
        ),
        (
            OrderForm(
                new_customer=CustomerForm(name="Jan", phone="0612345678", postcode="123 AB"),
                date_text=TOMORROW,
            ),
            "postcode",
            "1234 AB",
        ),
        (OrderForm(customer_code="C100", date_text="-1"), "date", "in the past"),
        (OrderForm(customer_code="C100", date_text=""), "date", "give a date"),
        (OrderForm(customer_code="C100", date_text="31-02-2027"), "date", "not a date"),
        (
            OrderForm(customer_code="C100", date_text=TOMORROW, custom_fields={"x": "1"}),
            "custom_fields",
            "Unknown extra field",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    ctx: TillContext, form: OrderForm, field: str, words: str
) -> None:
    svc = till(ctx, "1002")
    with pytest.raises(InvalidInput, match=words) as caught:
        svc.prepare(form)
    assert caught.value.field == field
    assert count(ctx, "orders") == 0 and count(ctx, "customer", "WHERE code LIKE 'N%'") == 0
    assert len(svc.checkout.cart) == 1


@sqlite_only
def test_norwegian_postcodes_have_four_digits(ctx: TillContext) -> None:
    ctx.settings.shop.locale = "nb_NO"
    svc = till(ctx, "1002")
    form = OrderForm(
        new_customer=CustomerForm(name="Kari", phone="41234567", postcode="1234 AB"),
        date_text=TOMORROW,
    )
    with pytest.raises(InvalidInput, match="like 1234"):
        svc.prepare(form)
    prepared = svc.prepare(
        OrderForm(
            new_customer=CustomerForm(name="Kari", phone="41234567", postcode="0150"),
            date_text=TOMORROW,
        )
    )
    assert prepared.new_customer is not None and prepared.new_customer.postcode == "0150"


def test_pay_and_place_with_a_cash_down_payment(ctx: TillContext) -> None:
    svc = till(ctx, "5*1002")
    prepared = svc.prepare(existing("C102"))
    session = svc.payment_session(prepared, "3,02")
    session.add(CASH, D("5"))  # cash due 3,00 (rounded): the order is credited 3,02
    placed = svc.place(prepared, session)
    stored = OrderService(ctx).load(placed.order.id)
    assert [(p.method, p.amount, p.channel.value) for p in stored.payments] == [
        ("cash", D("3.02"), "till")
    ]
    assert stored.balance_due == prepared.total - D("3.02") == placed.balance
    assert journal_kinds(ctx) == ["order_placed", "order_payment", "drawer_open"]
    ((_kind, _ref, slip),) = jobs(ctx)
    assert f"Paid{ctx.amount(D('3.02')):>38}" in slip
    slip_doc = deserialize(job_rows(ctx)[0][2])
    assert isinstance(slip_doc.blocks[-1], OpenDrawer)


@sqlite_only
def test_a_down_payment_above_the_total_is_refused(ctx: TillContext) -> None:
    svc = till(ctx, "1002")
    prepared = svc.prepare(existing())
    with pytest.raises(InvalidInput, match="more than the order total"):
        svc.payment_session(prepared, str(prepared.total + 1))


def test_a_failing_place_stores_nothing_and_takes_no_number(
    ctx: TillContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = till(ctx, "1002", "1003")
    form = OrderForm(new_customer=CustomerForm(name="Jan", phone="0612345678"), date_text=TOMORROW)
    prepared = svc.prepare(form)
    session = svc.payment_session(prepared, str(prepared.total))
    session.add(CARD, prepared.total)

    def broken(self: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("tui_pos.store.repositories.SpoolRepository.add", broken)
    with pytest.raises(RuntimeError):
        svc.place(prepared, session)
    for table in ("orders", "order_payment", "journal_entry", "print_job", "order_counter"):
        assert count(ctx, table) == 0, table
    assert count(ctx, "customer", "WHERE name = 'Jan'") == 0
    assert len(svc.checkout.cart) == 2
    assert prepared.order.number is None and not prepared.order.payments
    assert prepared.order.status == "draft"
    monkeypatch.undo()
    placed = svc.place(prepared, session)  # the cashier tries again: same number, paid once
    assert placed.number == "SO-1" and placed.balance == 0
    assert count(ctx, "order_payment") == 1


def place_with_down_payment(ctx: TillContext, down: str = "2") -> tuple[str, D]:
    svc = till(ctx, "3*1002", "1003")
    prepared = svc.prepare(existing("C101"))
    svc.place(prepared, paid(down, (CARD, down)))
    return prepared.order.id, prepared.total


def test_settling_pays_only_the_balance_and_completes_the_order(ctx: TillContext) -> None:
    order_id, total = place_with_down_payment(ctx)
    svc = till(ctx)
    opened = svc.open(order_id)
    assert opened.paid == D("2") and opened.balance == total - 2
    assert opened.cart.totals().total == total and len(opened.cart) == 2
    session = svc.start_settlement()
    assert session.total == total - 2
    session.add(CASH, D("50"))
    record = svc.settle(session)
    assert svc.current is None
    stored = OrderService(ctx).load(order_id)
    assert stored.status == "completed" and stored.balance_due == 0
    assert [(p.method, p.amount) for p in stored.payments] == [
        ("card", D("2")),
        ("cash", total - 2),
    ]
    assert stored.payments[-1].reference == record.receipt_id
    assert record.order_ref == "SO-1" and record.subtotal == total
    assert next((p.method_id, p.amount) for p in record.payments) == ("order_deposit", D("2"))
    assert record.total == sum(p.amount for p in record.payments)
    with ctx.uow() as uow:
        again = uow.sales.get(ctx.till_id, record.receipt_no)
    assert again is not None and again.order_ref == "SO-1"
    receipt = next(t for kind, _ref, t in jobs(ctx) if kind == "receipt")
    assert "Order SO-1" in receipt and "Paid on order SO-1" in receipt
    assert count(ctx, "order_lease") == 0
    assert journal_kinds(ctx)[-2:] == ["sale", "drawer_open"]
    with pytest.raises(Exception, match="immutable"), ctx.db.write_engine.begin() as conn:
        conn.execute(text("UPDATE sale SET order_ref = 'SO-2'"))  # the migration kept the guard


def test_an_order_paid_in_full_is_completed_without_a_payment(ctx: TillContext) -> None:
    svc = till(ctx, "1002")
    prepared = svc.prepare(existing())
    total = prepared.total
    svc.place(prepared, paid(str(total), (CARD, str(total))))
    opened = svc.open(prepared.order.id)
    session = svc.start_settlement()
    assert opened.balance == 0 and session.settled
    record = svc.settle(session)
    assert [(p.method_id, p.amount) for p in record.payments] == [("order_deposit", total)]
    assert OrderService(ctx).load(prepared.order.id).status == "completed"


def test_a_failing_settlement_leaves_the_order_and_its_lease(
    ctx: TillContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_id, total = place_with_down_payment(ctx)
    svc = till(ctx)
    svc.open(order_id)
    session = svc.start_settlement()
    session.add(CARD, total - 2)
    sales_before, journal_before = count(ctx, "sale"), count(ctx, "journal_entry")

    def broken(self: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("tui_pos.store.repositories.SpoolRepository.add", broken)
    with pytest.raises(RuntimeError):
        svc.settle(session)
    stored = OrderService(ctx).load(order_id)
    assert stored.status == "confirmed" and stored.paid_total == 2
    assert count(ctx, "sale") == sales_before and count(ctx, "journal_entry") == journal_before
    assert count(ctx, "order_lease") == 1 and svc.current is not None
    assert svc.current.order.paid_total == 2 and svc.current.order.status == "confirmed"
    monkeypatch.undo()
    svc.settle(session)
    assert OrderService(ctx).load(order_id).balance_due == 0


def test_an_order_changed_elsewhere_is_not_settled(ctx: TillContext) -> None:
    order_id, total = place_with_down_payment(ctx)
    svc = till(ctx)
    svc.open(order_id)
    back_office = OrderService(ctx, user="Piet")
    order = back_office.load(order_id)
    back_office.add_comment(order, "Customer called")
    session = svc.start_settlement()
    session.add(CARD, total - 2)
    with pytest.raises(ConflictError, match="Piet changed this order"):
        svc.settle(session)
    assert count(ctx, "sale") == 0 and OrderService(ctx).load(order_id).paid_total == 2


def test_the_second_till_is_refused_with_who_has_the_order(
    ctx: TillContext, second_till: TillContext, clock: FixedClock
) -> None:
    order_id, _total = place_with_down_payment(ctx)
    anna = till(second_till)
    anna.open(order_id)
    mine = till(ctx)
    with pytest.raises(OrderInUse, match=r"Order SO-1 is open at till T2 \(Anna\) since 11:30"):
        mine.open(order_id)
    assert mine.current is None
    anna.put_back()
    mine.open(order_id)  # released: this till may take it now
    with pytest.raises(OrderInUse, match="till T1 \\(Sanne\\)"):
        anna.open(order_id)


def test_an_expired_lease_can_be_taken_over_and_the_first_till_is_told(
    ctx: TillContext, second_till: TillContext, clock: FixedClock
) -> None:
    order_id, total = place_with_down_payment(ctx)
    anna = till(second_till)
    anna.open(order_id)
    clock.now += timedelta(minutes=ctx.settings.till.order_lease_minutes + 1)
    mine = till(ctx)
    mine.open(order_id)  # Anna's till crashed: her hold expired
    with pytest.raises(OrderInUse, match="open at till T1"):
        anna.start_settlement()
    assert anna.current is None
    session = mine.start_settlement()
    session.add(CARD, total - 2)
    mine.settle(session)
    assert OrderService(ctx).load(order_id).status == "completed"


def test_one_order_cannot_be_settled_twice(ctx: TillContext, second_till: TillContext) -> None:
    order_id, total = place_with_down_payment(ctx)
    mine = till(ctx)
    mine.open(order_id)
    session = mine.start_settlement()
    session.add(CARD, total - 2)
    mine.settle(session)
    anna = till(second_till)
    with pytest.raises(PosError, match="nothing to settle"):
        anna.open(order_id)
    assert count(ctx, "order_lease") == 0


@sqlite_only
def test_an_order_cannot_be_opened_over_a_sale(ctx: TillContext) -> None:
    order_id, _total = place_with_down_payment(ctx)
    svc = till(ctx, "1002")
    with pytest.raises(InvalidInput, match="Finish or park"):
        svc.open(order_id)
    assert count(ctx, "order_lease") == 0


def test_two_tills_opening_one_order_at_once_one_gets_it(
    ctx: TillContext, second_till: TillContext
) -> None:
    order_id, _total = place_with_down_payment(ctx)
    tills = [till(ctx), till(second_till)]
    start = threading.Barrier(2)
    outcome: dict[int, str] = {}

    def open_it(i: int) -> None:
        start.wait()
        try:
            tills[i].open(order_id)
            outcome[i] = "opened"
        except OrderInUse as exc:
            outcome[i] = exc.message

    threads = [threading.Thread(target=open_it, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcome.values())[-1] == "opened"
    assert sorted(outcome.values())[0].startswith("Order SO-1 is open at till T")
    assert count(ctx, "order_lease") == 1
