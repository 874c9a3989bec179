"""Make order and Choose order at the till, driven through Pilot at 80×24 (CHK-9, CHK-10)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import text
from test_pilot_checkout import checkout, message, scan, set_amount, type_text
from textual.widgets import Input, Label, Static
from textual.widgets._footer import FooterKey

from tui_pos.app import PosApp
from tui_pos.core.order_qr import parse_order_qr
from tui_pos.core.printdoc import deserialize
from tui_pos.screens.checkout import CheckoutScreen
from tui_pos.screens.make_order import MakeOrderScreen
from tui_pos.screens.order_list import OrderListScreen
from tui_pos.screens.payment import PaymentScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.screens.till_orders import open_order_in_till
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.services.till_orders import OrderForm, TillOrderService

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    # The screens only talk to the services; their SQL is tested on every backend.
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]


def orders(ctx: TillContext) -> list[tuple[str | None, str, D, D]]:
    """(number, status, paid, balance) of every stored order, in number order."""
    with ctx.db.engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM orders ORDER BY number")).scalars().all()
    svc = OrderService(ctx)
    return [(o.number, o.status, o.paid_total, o.balance_due) for o in (svc.load(i) for i in ids)]


def print_jobs(ctx: TillContext) -> list[tuple[str, str]]:
    """(kind, plain text) of this till's print jobs, in order."""
    query = text("SELECT kind, payload FROM print_job WHERE till_id = :till ORDER BY id")
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(query, {"till": ctx.till_id}).all()
    return [(kind, deserialize(payload).plain_text()) for kind, payload in rows]


def make_order_screen(app: PosApp) -> MakeOrderScreen:
    screen = app.screen
    assert isinstance(screen, MakeOrderScreen), type(screen)
    return screen


def footer_keys(app: PosApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


def form_message(app: PosApp) -> str:
    return str(app.screen.query_one("#mo-message", Static).render())


async def open_make_order(pilot) -> MakeOrderScreen:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+o")
    await pilot.pause()
    return make_order_screen(pilot.app)


async def settle_workers(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def place_order(ctx: TillContext, *, down: str | None = None) -> str:
    """An order for C101 placed at the till, with a card down payment; returns its id."""
    checkout_service = CheckoutService(ctx)
    checkout_service.scan("3*1002")
    checkout_service.scan("1003")
    svc = TillOrderService(checkout_service)
    prepared = svc.prepare(OrderForm(customer_code="C101", date_text="+1"))
    session = None
    if down is not None:
        session = svc.payment_session(prepared, down)
        from tui_pos.core.payments import PaymentMethod

        session.add(PaymentMethod("card", "Card (pin)", "card"), D(down))
    return svc.place(prepared, session).order.id


async def test_cancel_leaves_the_cart_exactly_as_it_was(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "3*1002")
        await scan(pilot, "1003")
        cart = checkout(app).service.cart
        cart.set_manual(cart.lines[0].id, None)
        before = [(ln.id, ln.article.code, ln.qty, ln.manual, ln.priced) for ln in cart.lines]
        screen = await open_make_order(pilot)
        total = str(screen.query_one("#mo-total", Label).render())
        assert ctx.money(cart.totals().total) in total
        await type_text(pilot, "Jan")
        await pilot.press("f7")  # an existing customer instead
        await pilot.pause()
        assert isinstance(app.screen, PickListScreen)
        await type_text(pilot, "Daan")
        await pilot.pause()
        await settle_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert make_order_screen(app).customer is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckoutScreen)
        after = [(ln.id, ln.article.code, ln.qty, ln.manual, ln.priced) for ln in cart.lines]
        assert after == before and cart.customer is None
    assert orders(ctx) == [] and print_jobs(ctx) == []


async def test_place_and_pay_later_with_a_new_customer(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "2*1002")
        total = checkout(app).service.cart.totals().total
        screen = await open_make_order(pilot)
        await type_text(pilot, "Jan")
        screen.query_one("#mo-name", Input).value = "Jan Smit"
        await pilot.press("tab")
        await type_text(pilot, "jan@x")
        await pilot.press("f9")
        await pilot.pause()
        assert "E-mail “jan@x” is not valid" in form_message(app)
        assert app.focused is screen.query_one("#mo-email", Input)
        await type_text(pilot, ".nl")
        screen.query_one("#mo-phone", Input).value = "0612345678"
        screen.query_one("#mo-postcode", Input).value = "1234ab"
        await pilot.press("f6")  # the extra data tab
        await pilot.pause()
        assert app.focused is screen.query_one("#mo-note", Input)
        await type_text(pilot, "Ring")
        await pilot.press("f9")
        await settle_workers(pilot)
        assert isinstance(app.screen, CheckoutScreen)
        assert checkout(app).service.cart.is_empty
        assert message(app) == f"Order SO-1 placed, to pay later: {ctx.money(total)}."
    assert orders(ctx) == [("SO-1", "confirmed", D(0), total)]
    ((kind, slip),) = print_jobs(ctx)
    order = OrderService(ctx).load_by_number("SO-1")
    assert kind == "order_slip" and f"[QR order:SO-1:{order.id}]" in slip
    assert "Jan Smit" in slip and "Note: Ring" in slip
    assert order.header.customer is not None
    assert OrderService(ctx).customer(order.header.customer.code).postcode == "1234 AB"


async def test_pay_and_place_with_a_down_payment(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "5*1002")
        total = checkout(app).service.cart.totals().total
        await open_make_order(pilot)
        await pilot.press("f7")
        await pilot.pause()
        await type_text(pilot, "Emma")
        await settle_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f5")  # delivery
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        field = prompt.query_one(Input)
        assert field.value == str(total)
        field.value = ""
        await type_text(pilot, "2,50")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PaymentScreen)
        await pilot.press("c")
        await set_amount(pilot, "10")
        await pilot.press("enter")
        await settle_workers(pilot)
        await pilot.press("enter")  # next customer
        await pilot.pause()
        assert isinstance(app.screen, CheckoutScreen)
        assert checkout(app).service.cart.is_empty
        assert f"Order SO-1 placed: paid {ctx.money(D('2.50'))}" in message(app)
    assert orders(ctx) == [("SO-1", "confirmed", D("2.50"), total - D("2.50"))]
    order = OrderService(ctx).load_by_number("SO-1")
    assert [(p.method, p.amount) for p in order.payments] == [("cash", D("2.50"))]
    assert order.header.customer is not None and order.header.customer.name == "Emma Bakker"
    assert order.header.delivery_method.value == "delivery"
    ((kind, slip),) = print_jobs(ctx)
    assert kind == "order_slip" and "Balance due" in slip and ctx.amount(total - D("2.5")) in slip


async def test_leaving_the_payment_places_nothing(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        await open_make_order(pilot)
        await type_text(pilot, "Jan")
        await pilot.press("tab")
        app.screen.query_one("#mo-email", Input).value = "jan@example.nl"
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("enter")  # the whole total
        await pilot.pause()
        assert isinstance(app.screen, PaymentScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MakeOrderScreen)
        assert "not placed" in form_message(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(checkout(app).service.cart) == 1
    assert orders(ctx) == []


async def test_settling_an_order_with_a_down_payment(ctx: TillContext) -> None:
    order_id = place_order(ctx, down="2")
    total = OrderService(ctx).load(order_id).totals().total_incl_vat
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, OrderListScreen) and app.screen.choose
        await settle_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = checkout(app)
        assert "Order SO-1 (Daan Jansen): to pay" in message(app)
        assert screen.cart_table.row_count == 2
        panel = screen.query_one("#totals", Static)
        totals = "\n".join(panel.render_line(y).text for y in range(panel.size.height))
        assert "SO-1" in totals and ctx.money(total - 2) in totals
        await scan(pilot, "1002")  # the order is open: no other articles now
        assert "Order SO-1 is open" in message(app)
        await pilot.press("f10")
        await pilot.pause()
        payment = app.screen
        assert isinstance(payment, PaymentScreen) and payment.session.total == total - 2
        await pilot.press("k")
        await pilot.press("enter")
        await settle_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Order SO-1 settled, receipt T1-000001" in message(app)
        assert screen.cart_table.row_count == 0
    assert orders(ctx) == [("SO-1", "completed", total, D(0))]
    receipt = next(text for kind, text in print_jobs(ctx) if kind == "receipt")
    assert "Order SO-1" in receipt and "Paid on order SO-1" in receipt
    assert f"Card (pin){ctx.amount(total - 2):>32}" in receipt


async def test_the_second_till_is_refused_with_who_has_it(
    ctx: TillContext, clock: FixedClock
) -> None:
    order_id = place_order(ctx)
    settings = make_settings()
    settings.till.id, settings.till.cashier = "T2", "Anna"
    other = TillContext(settings=settings, db=ctx.db, clock=clock)
    TillOrderService(CheckoutService(other)).open(order_id)
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+k")
        await settle_workers(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert message(app) == "Order SO-1 is open at till T2 (Anna) since 11:30."
        assert checkout(app).open_order is None
        open_order_in_till(app, order_id)  # the queue / kiosk way: a notification
        await pilot.pause()
        assert any("till T2 (Anna)" in n.message for n in app._notifications)


async def test_put_back_and_the_kiosk_opener(ctx: TillContext) -> None:
    order_id = place_order(ctx)
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f11")  # the menu over the till
        await pilot.pause()
        open_order_in_till(app, order_id)
        await pilot.pause()
        screen = checkout(app)
        assert screen.open_order is not None and "Order SO-1" in message(app)
        assert "Put back" in footer_keys(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.open_order is None and "put back unchanged" in message(app)
        assert "Put back" not in footer_keys(app)
        qr = f"order:SO-1:{order_id}"
        assert parse_order_qr(qr).order_id == order_id
        screen.handle_scan(qr)  # the confirmation's QR code opens it too
        await pilot.pause()
        assert screen.open_order is not None
    with ctx.uow() as uow:  # the app's exit released the lease
        from tui_pos.store.order_leases import OrderLeaseRepository

        assert OrderLeaseRepository(uow.session).holder(order_id) is None
    assert orders(ctx) == [
        ("SO-1", "confirmed", D(0), OrderService(ctx).load(order_id).balance_due)
    ]
