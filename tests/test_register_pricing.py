"""Pricing with the registers in the database: the till's cart and sales-order lines."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D

import pytest

from tui_pos.core.cart import Cart
from tui_pos.core.discount_rules import Source
from tui_pos.core.order_lines import DiscountKind, ManualDiscount, PriceRequest
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.services.discount_registers import DiscountRegisterService
from tui_pos.services.pricing import RegisterPricer, price_lines_for

#: Behaviour tests; loading on PostgreSQL is covered by the two tests left on both backends.
sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def add_rule(ctx: TillContext, source: Source, **values: str) -> int:
    return DiscountRegisterService(ctx).save(source, values)


def net(svc: CheckoutService, code: str) -> D:
    return next(ln.priced.net_unit_price for ln in svc.cart.lines if ln.article.code == code)


def test_demo_customer_gets_the_demo_registers(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    svc.scan("1152")  # coffee beans 11.98; C100 has an agreed price 9.95 (+ 5 % card)
    svc.scan("1080")  # sparkling water 1.98; volume price 1.75 from 6
    assert net(svc, "1152") == D("11.98")
    svc.set_customer("C100")
    assert net(svc, "1152") == D("9.45")
    line = svc.cart.lines[0]
    assert "Customer price 9.95 (agreed for this customer) applied." in line.priced.details
    svc.change_quantity(svc.cart.lines[1].id, "6")
    assert net(svc, "1080") == D("1.66")  # 1.75 × 0.95


@sqlite_only
def test_choosing_a_customer_and_quantities_reprice_from_the_database(ctx: TillContext) -> None:
    add_rule(ctx, Source.ARTICLE_CUSTOMER, article="1003", customer="C101", price="4.00")
    add_rule(ctx, Source.CATEGORY_GROUP, category="RETAIL", group="BREAD", pct="10")
    add_rule(ctx, Source.VOLUME, article="1004", min_qty="10", pct="20")
    svc = CheckoutService(ctx)
    svc.scan("1003")  # list 5.64
    svc.scan("1004")  # list 4.68
    assert (net(svc, "1003"), net(svc, "1004")) == (D("5.64"), D("4.68"))
    svc.set_customer("C101")  # RETAIL, no card discount
    assert net(svc, "1003") == D("3.60")  # fixed 4.00 with the group's 10 % on top (PRC-2)
    assert net(svc, "1004") == D("4.21")  # group 10 %
    line_id = svc.cart.lines[1].id
    svc.change_quantity(line_id, "10")
    assert net(svc, "1004") == D("4.21")  # the group (5) outranks volume (6)
    svc.set_customer(None)
    assert net(svc, "1004") == D("3.74")  # volume 20 % for a walk-in customer
    svc.change_quantity(line_id, "9")
    assert net(svc, "1004") == D("4.68")  # back under the break


@sqlite_only
def test_rules_are_loaded_once_per_customer_and_article(ctx: TillContext) -> None:
    add_rule(ctx, Source.VOLUME, article="1003", min_qty="2", price="5.00")
    with ctx.uow() as uow:
        loaf, brown = uow.catalog.article("1003"), uow.catalog.article("1004")
        customer = uow.catalog.customer("C101")
    assert loaf and brown and customer
    pricer = RegisterPricer(ctx)
    cart = Cart(pricer=pricer.cart_pricer())
    line = cart.add(loaf, D(1))
    assert pricer.loads == 1
    cart.set_qty(line.id, D(2))  # same articles, same customer: no query
    assert pricer.loads == 1 and line.priced.net_unit_price == D("5.00")
    cart.add(brown, D(1))  # a new article: only its rules are loaded
    assert pricer.loads == 2
    cart.set_customer(customer)  # another customer: loaded again
    assert pricer.loads == 3
    cart.remove(cart.lines[1].id)
    assert pricer.loads == 3
    add_rule(ctx, Source.ARTICLE_CUSTOMER, article="1003", customer="C101", pct="50")
    cart.reprice()  # a saved rule is seen at the next repricing
    assert pricer.loads == 4 and line.priced.net_unit_price == D("2.50")


def request(code: str | None, price: str, **kw: object) -> PriceRequest:
    values: dict[str, object] = {
        "article_code": code,
        "qty": D(1),
        "unit_price": D(price),
        "vat_rate": D("9"),
        "discount": None,
        "customer_code": "C101",
        "order_date": date(2026, 11, 22),
        "prices_include_vat": True,
    }
    values.update(kw)
    return PriceRequest(**values)  # type: ignore[arg-type]


def test_order_lines_priced_with_the_registers(ctx: TillContext) -> None:
    add_rule(ctx, Source.ARTICLE_CUSTOMER, article="1003", customer="C101", price="4.36")
    add_rule(ctx, Source.CATEGORY_GROUP, category="RETAIL", group="BREAD", pct="10")
    results = price_lines_for(
        ctx,
        "C101",
        [
            request("1003", "5.64"),
            request("1004", "4.68", qty=D(2)),
            request("1004", "4.68", discount=ManualDiscount(DiscountKind.AMOUNT_OFF, D("1"))),
            request(None, "10.00"),  # a free line: no register applies
            request("1003", "5.17", prices_include_vat=False),  # an order excl. VAT
        ],
    )
    assert [(r.net_unit_price, r.line_total) for r in results] == [
        (D("3.92"), D("3.92")),  # 4.36 × 0.9
        (D("4.21"), D("8.42")),
        (D("3.68"), D("3.68")),  # the manual discount decides (PRC-1)
        (D("10.00"), D("10.00")),
        (D("3.60"), D("3.60")),  # 4.36 / 1.09 = 4.00, × 0.9
    ]
    assert "customer price 4.36" in results[0].explanation
    walk_in = price_lines_for(ctx, None, [request("1003", "5.64", customer_code=None)])
    assert walk_in[0].net_unit_price == D("5.64")


@sqlite_only
def test_line_pricer_takes_the_customer_from_each_request(ctx: TillContext) -> None:
    add_rule(ctx, Source.ARTICLE_CUSTOMER, article="1003", customer="C101", pct="25")
    pricer = RegisterPricer(ctx)
    line_pricer = pricer.line_pricer()
    assert line_pricer(request("1003", "5.64")).net_unit_price == D("4.23")
    assert line_pricer(request("1003", "5.64", customer_code="C102")).net_unit_price == D("5.64")
    assert line_pricer(request("1003", "5.64")).net_unit_price == D("4.23")
    assert pricer.for_customer("C101")(request("1003", "5.64")).net_unit_price == D("4.23")


@sqlite_only
def test_saving_a_rule_is_announced_on_the_change_bus(ctx: TillContext) -> None:
    from tui_pos.services.discount_registers import CHANGE_CHANNEL
    from tui_pos.store.notify import open_bus

    heard: list[str] = []
    arrived = threading.Event()

    def on_change(channel: str, payload: str) -> None:
        heard.append(payload)
        arrived.set()

    bus = open_bus(ctx.db)
    try:
        bus.subscribe([CHANGE_CHANNEL], on_change)
        add_rule(ctx, Source.VOLUME, article="1003", min_qty="2", pct="5")
        assert arrived.wait(5)
        assert heard == ["volume"]
    finally:
        bus.close()
