"""The order form driven through Pilot at 80×24, from the back-office menu (ORD-1…7, 9, 11, 12)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_BARCODE, FixedClock
from test_pilot_checkout import type_text
from textual.widgets import DataTable, Input, Static

from tui_pos.app import PosApp
from tui_pos.core.order_status import StatusKind
from tui_pos.hardware.wedge import WedgeConfig
from tui_pos.screens.choice import ChoiceScreen
from tui_pos.screens.confirm import ConfirmScreen
from tui_pos.screens.menu import MenuScreen
from tui_pos.screens.order_form import OrderFormScreen
from tui_pos.screens.picklist import PickListScreen
from tui_pos.screens.prompt import PromptScreen
from tui_pos.screens.variant_matrix import VariantMatrixScreen
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService
from tui_pos.widgets.field_form import FieldForm
from tui_pos.widgets.order_lists import LogList
from tui_pos.widgets.wedge import WedgeKeyHook

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    # The form's store calls are the service's (tested on both backends); SQLite keeps this fast.
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),
]


class KeyClock:
    """Key times for the wedge detector: a person's pace, except inside `scan` (a machine's),
    so the tests do not depend on how fast this computer is."""

    def __init__(self) -> None:
        self.now = 0.0
        self.step = 1.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class BackOffice(PosApp):
    def __init__(self, ctx: TillContext) -> None:
        super().__init__(ctx, start_printing=False, mode="backoffice")
        self.key_clock = KeyClock()

    def on_mount(self) -> None:
        # after PosApp.on_mount (Textual calls every class's handler) has made the real one
        self.call_later(self._use_key_clock)

    def _use_key_clock(self) -> None:
        self.wedge = WedgeKeyHook(self, WedgeConfig(), clock=self.key_clock)


def backoffice(ctx: TillContext) -> BackOffice:
    return BackOffice(ctx)


async def scan(pilot: Any, code: str) -> None:
    """A keyboard-wedge scanner: the code and Enter within a few milliseconds."""
    pilot.app.key_clock.now += 1.0  # the scanner is picked up
    pilot.app.key_clock.step = 0.002
    try:
        await type_text(pilot, code)
        await pilot.press("enter")
    finally:
        pilot.app.key_clock.step = 1.0
    await pilot.pause()


def form(app: PosApp) -> OrderFormScreen:
    screen = app.screen
    assert isinstance(screen, OrderFormScreen), type(screen)
    return screen


def text_of(app: PosApp, selector: str) -> str:
    """Text of a widget on the order form (also while a dialog is open over it)."""
    screen = next(s for s in reversed(app.screen_stack) if isinstance(s, OrderFormScreen))
    return str(screen.query_one(selector, Static).render()).replace("\xa0", " ")


def message(app: PosApp) -> str:
    return text_of(app, "#of-message")


def qty_by_code(screen: OrderFormScreen) -> dict[str, D]:
    return {line.article_code or "": line.qty for line in screen.order.lines}


async def until(pilot: Any, condition: Callable[[], bool], tries: int = 40) -> None:
    """Let the app run until `condition` holds (for what happens after a refresh)."""
    for _try in range(tries):
        if condition():
            return
        await pilot.pause(0.05)


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def new_order(pilot: Any, key: str = "n") -> OrderFormScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, MenuScreen)
    await pilot.press(key)
    await pilot.pause()
    return form(pilot.app)


async def add_code(pilot: Any, code: str) -> None:
    """Type a code into the (focused) entry field: < 6 characters, so typing, not a scan."""
    assert pilot.app.focused.id == "of-entry"
    await type_text(pilot, code)
    await pilot.press("enter")
    await pilot.pause()


async def choose_customer(pilot: Any, search: str) -> None:
    await pilot.press("f7")
    await settle(pilot)
    await type_text(pilot, search)
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def answer_prompt(pilot: Any, value: str) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    field = pilot.app.screen.query_one(Input)
    field.value = value
    await pilot.press("enter")
    await pilot.pause()


async def test_variant_matrix_order_confirmed_down_payment_then_cancel_with_refund_owed(
    ctx: TillContext,
) -> None:
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        # a scan (keyboard wedge): the app routes it to the form, which opens the matrix
        await scan(pilot, "TSHIRT")
        assert isinstance(app.screen, VariantMatrixScreen)
        # rows colours (Black, Navy, White), columns sizes (S, M, L, XL); the first cell has focus
        await pilot.press("2", "tab", "1", "down", "3", "enter")
        await pilot.pause()
        assert form(app) is screen
        assert qty_by_code(screen) == {
            "TSHIRT-BLA-S": D(2),
            "TSHIRT-BLA-M": D(1),
            "TSHIRT-NAV-M": D(3),
        }
        assert "Added 3 lines." in message(app)

        await choose_customer(pilot, "C114")
        assert screen.order.header.customer is not None
        assert screen.order.header.customer.code == "C114"

        await pilot.press("f3")
        await pilot.pause()
        assert screen.order.number == "SO-1"
        title = text_of(app, "#of-title")
        assert "SO-1" in title and "Confirmed" in title and "unsaved" not in title

        # down payment: method list (back office: no card), amount defaults to the balance
        await pilot.press("f5")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickListScreen)
        methods = picker.query_one(DataTable)
        assert methods.row_count >= 1
        assert "Card (pin)" not in str(methods.get_row_at(0)) + str(methods.get_row_at(1))
        await pilot.press("enter")  # cash
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one(Input).value == "119.70"
        await answer_prompt(pilot, "50")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert screen.order.paid_total == D("50.00")
        assert "balance due € 69,70" in message(app)

        await pilot.press("f12")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        asked = question.question.replace("\xa0", " ")
        assert "€ 50,00" in asked and "refunded" in asked
        await pilot.press("y")
        await pilot.pause()
        assert screen.order.status_kind is StatusKind.CANCELLED
        assert "Refund owed: € 50,00 (Cash)" in message(app)
        assert "Fully cancelled" in text_of(app, "#of-title")

    stored = OrderService(ctx).load(screen.order.id)
    assert stored.status == "cancelled" and stored.number == "SO-1"
    assert stored.refund_outstanding == D("50.00")


async def test_bad_quantity_is_refused_with_its_message_and_nothing_changes(
    ctx: TillContext,
) -> None:
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        await add_code(pilot, "1001")
        version = screen.order.version
        await pilot.press("tab")  # to the lines table
        assert screen.lines_table.has_focus
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        for bad, why in (("abc", "not a number"), ("0", "more than zero"), ("1,5", "whole")):
            await answer_prompt(pilot, bad)
            assert isinstance(app.screen, PromptScreen)  # still asking
            assert why in str(app.screen.query_one("#prompt-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert screen.order.version == version
        assert [line.qty for line in screen.order.lines] == [D(1)]

        await pilot.press("q")
        await pilot.pause()
        await answer_prompt(pilot, "4")
        assert [line.qty for line in screen.order.lines] == [D(4)]
        assert "Line changed." in message(app)


async def test_leaving_with_unsaved_changes_asks_stay_discard_or_save(ctx: TillContext) -> None:
    service = OrderService(ctx)
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        await pilot.press("escape")  # nothing typed yet: leaves without asking
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)

        screen = await new_order(pilot)
        await add_code(pilot, "1001")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert form(app) is screen and len(screen.order.lines) == 1

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert service.load_drafts() == [] and service.count() == 0

        screen = await new_order(pilot)
        await add_code(pilot, "1002")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")  # save
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
    stored = service.load(screen.order.id)
    assert [line.article_code for line in stored.lines] == ["1002"]
    assert service.load_drafts() == []


async def test_draft_is_offered_again_after_the_program_stopped_without_saving(
    ctx: TillContext,
) -> None:
    first = backoffice(ctx)
    async with first.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        await add_code(pilot, "1001")
        await add_code(pilot, "2*1002")
        order_id = screen.order.id
    # the app ended without saving (as after a crash): the draft was written on every edit

    second = backoffice(ctx)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        offer = second.screen
        assert isinstance(offer, PickListScreen)
        assert offer.query_one(DataTable).row_count == 2  # the draft, and "a new one"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(second.screen, ChoiceScreen)
        await pilot.press("r")
        await pilot.pause()
        screen = form(second)
        assert screen.order.id == order_id
        assert qty_by_code(screen) == {"1001": D(1), "1002": D(2)}
        assert "unsaved" in text_of(second, "#of-title")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved." in message(second)
    service = OrderService(ctx)
    assert len(service.load(order_id).lines) == 2
    assert service.load_drafts() == []


async def test_save_after_another_session_changed_the_order_shows_conflict_and_reloads(
    ctx: TillContext,
) -> None:
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        await add_code(pilot, "1001")
        await pilot.press("ctrl+s")
        await pilot.pause()
        order_id = screen.order.id

        other = OrderService(ctx, user="Pieter")
        theirs = other.load(order_id)
        other.add_article(theirs, "1003", "5")
        other.save(theirs)

        await add_code(pilot, "1002")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert "Pieter changed this order" in dialog.message
        assert "Pieter changed this order" in message(app)
        assert "unsaved" in text_of(app, "#of-title")  # our change is still on screen
        await pilot.press("r")  # reload
        await pilot.pause()
        assert form(app) is screen
        assert qty_by_code(screen) == {"1001": D(1), "1003": D(5)}
    stored = OrderService(ctx).load(order_id)
    assert [line.article_code for line in stored.lines] == ["1001", "1003"]


async def test_header_fields_edit_the_order_a_bad_date_is_refused_and_scans_still_add(
    ctx: TillContext,
) -> None:
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        await pilot.press("ctrl+n")  # the header tab (its fields are made when first shown)
        await pilot.pause()
        header = screen.query_one("#of-header", FieldForm)
        assert app.focused is header.field("customer")  # focus moves into the tab
        expected = header.field("expected_delivery_date")
        expected.focus()
        await pilot.pause()
        await type_text(pilot, "31-2")  # not a date
        await pilot.press("tab")
        await pilot.pause()
        assert "not a date" in message(app)
        assert screen.order.header.expected_delivery_date is None
        assert isinstance(expected, Input)
        expected.focus()
        expected.value = "1-12-2026"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.order.header.expected_delivery_date is not None
        assert screen.order.header.expected_delivery_date.isoformat() == "2026-12-01"

        # ORD-3: Ctrl+T switches the order between prices incl. and excl. VAT
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert screen.order.header.prices_include_vat is False
        assert "prices excl. VAT" in text_of(app, "#of-sub")
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")  # extra, payments, the log
        await pilot.pause()
        log = screen.query_one(LogList)
        assert app.focused is log
        texts = [str(log.get_option_at_index(i).prompt) for i in range(log.option_count)]
        assert any("Expected delivery date changed" in t and "Sanne" in t for t in texts)

        # a scan while typing in a header field adds to the order; the field keeps its text
        await pilot.press("ctrl+b", "ctrl+b", "ctrl+b")  # back to the header
        await pilot.pause()
        subject = header.field("subject")
        assert isinstance(subject, Input)
        subject.focus()
        await pilot.pause()
        await type_text(pilot, "Tea")  # a person typing, then a scan
        await scan(pilot, DEMO_BARCODE)
        assert qty_by_code(screen) == {"1001": D(1)}
        assert subject.value == "Tea" and screen.order.header.subject == "Tea"
        assert app.focused is not None and app.focused.id == "of-entry"  # on the lines tab


async def test_groups_comment_status_reminder_and_attachment(
    ctx: TillContext, clock: FixedClock, tmp_path: Path
) -> None:
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot)
        await add_code(pilot, "1001")
        await add_code(pilot, "1002")
        await pilot.press("tab")
        await pilot.press("h")  # a group heading
        await pilot.pause()
        await answer_prompt(pilot, "Kitchen")
        await pilot.press("up")  # from the heading to the line above it (1002)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "enter")  # (no group) → Kitchen
        await pilot.pause()
        kitchen = screen.order.groups[0]
        assert [ln.group_id for ln in screen.order.lines] == [None, kitchen.id]
        keys = [screen.lines_table.row_key(r) for r in range(screen.lines_table.row_count)]
        assert [k[0] for k in keys if k] == ["line", "group", "line", "sub"]
        screen.lines_table.move_cursor(row=1)  # the heading: Enter renames it
        await pilot.press("enter")
        await pilot.pause()
        await answer_prompt(pilot, "Kitchen, week 1")
        assert [g.heading for g in screen.order.groups] == ["Kitchen, week 1"]

        await choose_customer(pilot, "C114")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f6")  # status: pick "In progress"
        await pilot.pause()
        assert isinstance(app.screen, PickListScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.order.status == "in_progress"
        await pilot.press("f4")  # modify: editable again, same number
        await pilot.pause()
        assert screen.order.is_editable and screen.order.number == "SO-1"
        await pilot.press("f3")
        await pilot.pause()
        assert screen.order.status == "confirmed" and screen.order.number == "SO-1"
        assert "SO-1" in message(app)

        await pilot.press("f9")
        await pilot.pause()
        await answer_prompt(pilot, "Customer calls back")
        await pilot.press("f8")
        await pilot.pause()
        await answer_prompt(pilot, (clock.now.date() + timedelta(days=1)).isoformat())
        await answer_prompt(pilot, "ask about delivery")
        assert "OVERDUE" not in text_of(app, "#of-sub")
        clock.now += timedelta(days=3)
        screen.refresh_order()
        await pilot.pause()
        assert "OVERDUE" in text_of(app, "#of-sub")

        document = tmp_path / "drawing.pdf"
        document.write_bytes(b"%PDF-1.4 kitchen")
        await pilot.press("f10")  # every action is in the More list
        await pilot.pause()
        more = app.screen
        assert isinstance(more, PickListScreen)
        table = more.query_one(DataTable)
        actions = [
            table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)
        ]
        table.move_cursor(row=actions.index("attach"))
        await pilot.press("enter")
        await pilot.pause()
        await answer_prompt(pilot, str(document))
        assert [a.file_name for a in screen.order.attachments] == ["drawing.pdf"]
        assert "File attached." in message(app)

    stored = OrderService(ctx).load(screen.order.id)
    texts = [entry.text() for entry in stored.log]
    assert "Comment: Customer calls back" in texts
    assert any(t.startswith("Reminder set for") for t in texts)
    assert any("drawing.pdf" in t for t in texts)
    assert {entry.who for entry in stored.log} == {"Sanne"}
    assert stored.attachments[0].size == len(b"%PDF-1.4 kitchen")


async def test_quote_converts_to_a_sales_order(ctx: TillContext) -> None:
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_order(pilot, key="u")
        assert "Quote" in text_of(app, "#of-title")
        await add_code(pilot, "1001")
        await choose_customer(pilot, "C114")
        quote_id = screen.order.id
        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert screen.order.id != quote_id
        assert screen.order.source_quote_id == quote_id
        assert "Sales order" in text_of(app, "#of-title")
        assert [ln.article_code for ln in screen.order.lines] == ["1001"]
    quote = OrderService(ctx).load(quote_id)
    assert quote.status == "converted"


async def test_opening_an_order_with_unsaved_changes_kept_offers_them(ctx: TillContext) -> None:
    service = OrderService(ctx)
    order = service.new_order(customer_code="C114")
    service.add_article(order, "1001")
    service.save(order)
    service.add_article(order, "1002", "2")  # edited, never saved: only the draft has it
    app = backoffice(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(OrderFormScreen(service, service.load(order.id)))  # as the order list does
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))  # offered after mounting
        offer = app.screen
        assert isinstance(offer, ChoiceScreen)
        assert "never saved" in offer.message
        await pilot.press("r")
        await pilot.pause()
        screen = form(app)
        assert qty_by_code(screen) == {"1001": D(1), "1002": D(2)}
        assert screen.order.is_dirty
