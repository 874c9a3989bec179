"""Discount registers through the keys: the editor (back office) and their effect at the till."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_pilot_checkout import checkout, scan, type_text
from textual.widgets import DataTable, Input, Static

from tui_pos.app import PosApp
from tui_pos.core.discount_rules import Source
from tui_pos.screens.discount_registers import DiscountRegistersScreen
from tui_pos.screens.info import InfoScreen
from tui_pos.screens.rule_form import RuleFormScreen
from tui_pos.services.context import TillContext
from tui_pos.services.discount_registers import DiscountRegisterService

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    # the screens' behaviour; loading rules on both backends is in test_discount_store
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]


def rows(app: PosApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def fill(pilot, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Set form fields (typing each key is slow and tested elsewhere) and press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, RuleFormScreen)
    for name, value in values.items():
        screen.query_one(f"#field-{name}", Input).value = value
    screen.query_one(f"#field-{next(iter(values))}", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


def form_error(app: PosApp) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


async def test_add_edit_delete_a_rule_and_a_refused_value(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False, mode="backoffice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, DiscountRegistersScreen)
        await pilot.press("3")  # category + group
        await pilot.pause()
        before = rows(app)
        assert ["RETAIL", "SWEETS", "5 %"] in before  # the demo rules
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, {"category": "RETAIL", "group": "BREAD", "pct": "120"})
        assert isinstance(app.screen, RuleFormScreen)  # refused: stays open, nothing saved
        assert "between 0 and 100" in form_error(app)
        assert app.screen.focused is app.screen.query_one("#field-pct", Input)
        await fill(pilot, {"pct": "12,5"})
        assert isinstance(app.screen, DiscountRegistersScreen)
        assert ["RETAIL", "BREAD", "12.5 %"] in rows(app)
        assert len(rows(app)) == len(before) + 1
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(table.cursor_row)][:2] == ["RETAIL", "BREAD"]

        await pilot.press("e")  # the new rule is selected
        await pilot.pause()
        assert app.screen.query_one("#field-pct", Input).value == "12.5"
        await fill(pilot, {"group": "NOPE"})
        assert "No article group NOPE" in form_error(app)
        await fill(pilot, {"group": "WINE", "pct": "7"})
        assert ["RETAIL", "WINE", "7 %"] in rows(app)
        assert ["RETAIL", "BREAD", "12.5 %"] not in rows(app)

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert rows(app) == before

        await pilot.press("4")  # volume
        await pilot.pause()
        count = len(rows(app))
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, {"article": "1003", "min_qty": "10", "pct": "5", "price": "4"})
        assert "not both" in form_error(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscountRegistersScreen)
        assert len(rows(app)) == count
    page = DiscountRegisterService(ctx).page(Source.CATEGORY_GROUP)
    assert page.total == len(before)


async def test_customer_at_the_till_gets_the_register_price_and_ctrl_e_names_it(
    ctx: TillContext,
) -> None:
    service = DiscountRegisterService(ctx)
    service.save(Source.ARTICLE_CUSTOMER, {"article": "1003", "customer": "C101", "price": "4.00"})
    service.save(Source.ARTICLE_CATEGORY, {"article": "1003", "category": "RETAIL", "pct": "10"})
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1003")
        cart = checkout(app).service.cart
        assert cart.lines[0].priced.net_unit_price == D("5.64")
        await pilot.press("f7")
        await pilot.pause()
        await type_text(pilot, "C101")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        cart = checkout(app).service.cart
        assert cart.customer is not None and cart.customer.code == "C101"
        assert cart.lines[0].priced.net_unit_price == D("3.60")  # 4.00 − 10 %
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, InfoScreen)
        body = app.screen.lines
        assert body[0] == "Customer price 4.00 (agreed for this customer) applied."
        assert "Category discount 10 % (category RETAIL) applied." in body
        await pilot.press("escape")
        await pilot.pause()


async def test_f3_quantity_crosses_a_volume_break_live(ctx: TillContext) -> None:
    DiscountRegisterService(ctx).save(
        Source.VOLUME, {"article": "1003", "min_qty": "6", "price": "5.00"}
    )
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1003")
        line = checkout(app).service.cart.lines[0]
        assert line.priced.net_unit_price == D("5.64")
        for qty, price in (("6", "5.00"), ("5", "5.64")):
            await pilot.press("f3")
            await pilot.pause()
            field = app.screen.query_one("#prompt-input", Input)
            field.value = ""
            await type_text(pilot, qty)
            await pilot.press("enter")
            await pilot.pause()
            assert line.qty == D(qty)
            assert line.priced.net_unit_price == D(price)
            assert line.priced.line_total == D(qty) * D(price)
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = ""
        await type_text(pilot, "6")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "Volume price 5.00 (6 or more) applied." in app.screen.lines  # type: ignore[attr-defined]
