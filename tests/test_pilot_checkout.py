"""The till driven through Textual's Pilot, as a cashier would (80×24)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import DEMO_BARCODE, NORWAY_CONFIG, RecordingPrinter, make_settings
from textual.widgets import Input, Static

from tui_pos.app import PosApp
from tui_pos.screens.checkout import CheckoutScreen
from tui_pos.screens.payment import PaymentScreen
from tui_pos.services.context import TillContext
from tui_pos.services.printing import spool_worker
from tui_pos.store.db import Database

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press(ch if ch != "*" else "asterisk")


async def scan(pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, code)
    await pilot.press("enter")
    await pilot.pause()


def message(app: PosApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def checkout(app: PosApp) -> CheckoutScreen:
    screen = app.screen
    assert isinstance(screen, CheckoutScreen), type(screen)
    return screen


async def pay(pilot, keys: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Open payment and pay with (method key, amount) pairs; '' amount accepts the suggestion."""
    await pilot.press("f10")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PaymentScreen)
    for key, amount in keys:
        await pilot.press(key)
        await pilot.pause()
        if amount:
            await set_amount(pilot, amount)
        await pilot.press("enter")
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def set_amount(pilot, amount: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("#pay-amount", Input)
    field.value = ""
    await pilot.pause()
    await type_text(pilot, amount)
    assert field.value == amount


def receipts(ctx: TillContext) -> list[str]:
    printer = RecordingPrinter()
    spool_worker(ctx, printer).run_pending()
    return [d.plain_text() for d in printer.documents]


async def test_full_sale_scan_pay_cash_prints_receipt_with_total(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, DEMO_BARCODE)
        await scan(pilot, "3*1002")
        screen = checkout(app)
        assert len(screen.service.cart) == 2
        total = screen.service.cart.totals().total
        await pay(pilot, [("c", "50")])
        assert isinstance(app.screen, PaymentScreen)
        summary = str(app.screen.query_one("#pay-summary", Static).render())
        assert "CHANGE" in summary
        await pilot.press("enter")  # next customer
        await pilot.pause()
        assert checkout(app).service.cart.is_empty
        assert "T1-000001" in message(app)
    (receipt,) = receipts(ctx)
    from tui_pos.core.money import cash_round

    paid = cash_round(total, D("0.05"))
    assert f"TOTAL EUR{ctx.amount(paid):>33}" in receipt
    assert "Cash" in receipt and ctx.amount(D("50") - paid) in receipt


async def test_bad_input_shows_message_and_changes_nothing(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, DEMO_BARCODE)
        await scan(pilot, "8710000000018")
        assert "check digit" in message(app)
        await scan(pilot, "8710000000024")
        assert "Unknown barcode" in message(app)
        await scan(pilot, "0*1002")
        assert "more than zero" in message(app)
        cart = checkout(app).service.cart
        assert [(line.article.code, line.qty) for line in cart.lines] == [("1001", 1)]
        await pilot.press("f4")  # price
        await pilot.pause()
        field = app.screen.query_one("#prompt-input", Input)
        field.value = ""
        await type_text(pilot, "1x,5")
        await pilot.press("enter")
        await pilot.pause()
        assert "not a number" in str(app.screen.query_one("#prompt-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert cart.lines[0].manual is None


async def test_payment_short_of_total_stays_open(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        total = checkout(app).service.cart.totals().total
        await pay(pilot, [("k", "0.10")])
        screen = app.screen
        assert isinstance(screen, PaymentScreen) and not screen.session.settled
        assert screen.session.remaining == total - D("0.10")
        await pilot.press("k")
        await pilot.pause()
        await set_amount(pilot, "999")
        await pilot.press("enter")
        await pilot.pause()
        assert "at most" in str(screen.query_one("#pay-message", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(checkout(app).service.cart) == 1
    assert receipts(ctx) == []


async def test_split_payment_card_then_cash(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "5*1002")
        total = checkout(app).service.cart.totals().total
        await pay(pilot, [("k", "1.00"), ("c", "100")])
        screen = app.screen
        assert isinstance(screen, PaymentScreen) and screen.record is not None
        assert [p.method_id for p in screen.record.payments] == ["card", "cash"]
        assert screen.record.payments[1].amount + D("1.00") == screen.record.total
        assert abs(screen.record.total - total) < D("0.05")


async def test_park_and_resume_through_the_keys(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        await scan(pilot, "1003")
        await pilot.press("f8")
        await pilot.pause()
        assert checkout(app).service.cart.is_empty
        await scan(pilot, DEMO_BARCODE)
        await pilot.press("f9")
        await pilot.pause()
        assert "Finish or park" in message(app)
        await pilot.press("f12")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        codes = [line.article.code for line in checkout(app).service.cart.lines]
        assert codes == ["1002", "1003"]


async def test_void_line_and_void_sale_are_logged(ctx: TillContext) -> None:
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        await scan(pilot, "1003")
        await pilot.press("delete")
        await pilot.pause()
        assert [ln.article.code for ln in checkout(app).service.cart.lines] == ["1002"]
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert len(checkout(app).service.cart) == 1
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert checkout(app).service.cart.is_empty
    with ctx.uow() as uow:
        assert [e.kind for e in uow.journal.entries()] == ["line_void", "sale_void"]


@pytest.mark.parametrize(
    ("config", "price", "expected_total", "expected_rounding"),
    [
        (None, "12.47", "12.45", "-0.02"),
        (NORWAY_CONFIG, "99.50", "100.00", "0.50"),
    ],
)
async def test_cash_rounding_nl_and_no(
    database: Database,
    clock,
    config,
    price: str,
    expected_total: str,  # type: ignore[no-untyped-def]
    expected_rounding: str,
) -> None:
    settings = make_settings(config) if config else make_settings()
    ctx = TillContext(settings=settings, db=database, clock=clock)
    with ctx.uow(write=True) as uow:
        from sqlmodel import select

        from tui_pos.store.models import Article

        article = uow.session.exec(select(Article).where(Article.code == "1002")).one()
        article.list_price = D(price)
        uow.session.add(article)
        uow.commit()
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        await pay(pilot, [("c", "")])
        screen = app.screen
        assert isinstance(screen, PaymentScreen) and screen.record is not None
        assert screen.record.total == D(expected_total)
        assert screen.record.rounding == D(expected_rounding)
    (receipt,) = receipts(ctx)
    assert "Cash rounding" in receipt


async def test_wedge_scan_works_when_focus_is_not_on_the_scan_field(ctx: TillContext) -> None:
    from tui_pos.hardware.wedge import WedgeConfig
    from tui_pos.widgets.cart_table import CartTable
    from tui_pos.widgets.wedge import WedgeKeyHook

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # A frozen clock: every key arrives "at once", as from a scanner, however busy the CI is.
        app.wedge = WedgeKeyHook(app, WedgeConfig(), clock=lambda: 0.0)
        await scan(pilot, "1002")
        app.screen.query_one(CartTable).focus()
        await pilot.pause()
        await scan(pilot, DEMO_BARCODE)  # Pilot types as fast as a scanner
        await app.workers.wait_for_complete()
        await pilot.pause()
        codes = [line.article.code for line in checkout(app).service.cart.lines]
        assert codes == ["1002", "1001"]
        assert app.screen.query_one("#scan", Input).value == ""


async def test_choosing_a_customer_reprices_and_the_line_explains_why(ctx: TillContext) -> None:
    from tui_pos.screens.info import InfoScreen

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        line = checkout(app).service.cart.lines[0]
        list_price = line.article.list_price
        assert line.priced.net_unit_price == list_price
        await pilot.press("f7")
        await pilot.pause()
        await type_text(pilot, "C100")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        cart = checkout(app).service.cart
        assert cart.customer is not None and cart.customer.discount_pct == D("5")
        expected = (list_price * D("0.95")).quantize(D("0.01"))
        assert cart.lines[0].priced.net_unit_price == expected
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, InfoScreen)
        body = " ".join(app.screen.lines)
        assert "Customer discount 5 % (customer card) applied" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckoutScreen)


async def test_weighed_article_asks_weight_and_refuses_a_bad_one(ctx: TillContext) -> None:
    with ctx.uow() as uow:
        cheese = uow.catalog.search_articles("Young Gouda", 1)[0]
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, cheese.code)
        field = app.screen.query_one("#prompt-input", Input)
        await type_text(pilot, "0,1234")
        await pilot.press("enter")
        await pilot.pause()
        assert "three" in str(app.screen.query_one("#prompt-error", Static).render())
        field.value = ""
        await type_text(pilot, "0,756")
        await pilot.press("enter")
        await pilot.pause()
        (line,) = checkout(app).service.cart.lines
        assert line.article.code == cheese.code and line.qty == D("0.756")


async def test_article_names_use_the_width_the_cart_has(ctx: TillContext) -> None:
    from textual.widgets.data_table import ColumnKey

    from tui_pos.widgets.cart_table import CartTable

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        table = app.screen.query_one(CartTable)
        name = checkout(app).service.cart.lines[0].article.display_name
        shown = str(table.get_cell_at((0, 1)))
        assert shown == name[: max(12, table.size.width - 36)]
        assert table.columns[ColumnKey("name")].width >= 12
        assert name[:12] in table.render_line(1).text


async def test_a_scan_leaves_the_footer_alone(ctx: TillContext) -> None:
    """Refreshing the bindings remounts every footer key (two frames and much of a scan's
    CPU): a scan changes no binding, so the keys stay the same widgets."""
    from textual.widgets._footer import FooterKey

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "1002")
        keys = list(app.screen.query(FooterKey))
        await scan(pilot, "1003")
        await scan(pilot, "1003")
        assert list(app.screen.query(FooterKey)) == keys
        assert [key.description for key in keys][:2] == ["PAY", "Search"]


async def test_the_scan_field_follows_its_text_long_or_short(ctx: TillContext) -> None:
    """It sizes itself without a layout while the text fits: it must still scroll when not."""
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#scan", Input)
        await type_text(pilot, "1002")
        assert field.virtual_size.width == 5 and field.scroll_offset.x == 0
        await type_text(pilot, "9" * 74)  # wider than the field (74 cells at 80 columns)
        await pilot.pause()
        assert field.virtual_size.width == 79
        assert field.scroll_offset.x == 79 - field.scrollable_content_region.width
        for _ in range(70):
            await pilot.press("backspace")
        await pilot.pause()
        assert field.value == "10029999" and field.scroll_offset.x == 0


@pytest.mark.parametrize(
    ("rows", "quick"),
    [
        ([("Lines", "3"), ("", ""), ("VAT 9 %", "0,61"), ("Excl. VAT", "6,77")], True),
        ([("Lines", "120"), ("Discount", "1.234,56"), ("VAT 21 %", "12.345,67")], True),
        ([("", ""), ("Café ø", "日本")], True),
        ([("Total excl. VAT", "€ 12.345,67"), ("Order", "SO-1234")], False),  # too wide
        ([("Customer", ""), ("Anna [VIP]", "")], False),  # markup
        ([("Customer", ""), ("Anna :smile:", "")], False),  # an emoji code
    ],
)
async def test_the_totals_panel_draws_as_a_rich_grid_would(
    ctx: TillContext, rows: list[tuple[str, str]], quick: bool
) -> None:
    """The panel draws its rows itself where it can (Rich tables are slow to draw), exactly
    as the Rich grid it used before would."""
    from rich.text import Text
    from textual.visual import Visual, visualize

    from tui_pos.widgets.strips import join_alike
    from tui_pos.widgets.totals import TotalsPanel, grid, grid_layout, grid_strips

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(TotalsPanel)
        styled = [*rows, (Text("TOTAL", style="bold"), Text("€ 7,38", style="bold reverse"))]
        styled += [(Text("Paid", style="dim"), Text("1,00", style=""))]
        panel._rows = styled  # type: ignore[assignment]
        width, height = panel.size

        def drawn(renderable: object) -> list[str]:
            visual = visualize(panel, renderable, markup=False)
            strips = Visual.to_strips(panel, visual, width, height, panel.visual_style)
            return [join_alike(strip).render(app.console) for strip in strips]

        assert isinstance(panel.render(), Text) == quick
        assert drawn(panel.render()) == drawn(grid(styled))
        # ...and where it can, without drawing the Text either: the same segments.
        layout = grid_layout(styled, width)
        assert (layout is not None) == quick
        if layout is not None:
            visual = visualize(panel, grid(styled), markup=False)
            as_textual = [
                list(join_alike(strip))
                for strip in Visual.to_strips(panel, visual, width, height, panel.visual_style)
            ]
            fast = grid_strips(layout, height, panel.visual_style.rich_style)
            assert [list(strip) for strip in fast] == as_textual
