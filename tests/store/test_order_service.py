"""OrderService on a real database: quote conversion, down payments and refunds, crash-recovery
drafts, attachments, pricing for the customer (ORD-2, 4, 5, 6, 9, 12)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from order_store_helpers import (  # noqa: F401 (database fixtures)
    count_rows,
    database,
    order_settings,
    placed,
    service,
    shared_pg_database,
)

from tui_pos.config import Settings
from tui_pos.core.errors import ConflictError, InvalidInput, NotFound, PosError
from tui_pos.core.order_filter import OrderFilter
from tui_pos.core.order_lines import NewLine
from tui_pos.core.orders import Channel, MethodAmount, OrderType
from tui_pos.services.context import TillContext
from tui_pos.services.orders import OrderService


@pytest.fixture
def settings() -> Settings:
    settings = order_settings()
    settings.orders.attachment_max_bytes = 1000
    return settings


@pytest.fixture
def svc(ctx: TillContext) -> OrderService:
    return service(ctx)


def test_quote_conversion_saves_both_orders_in_one_transaction(
    svc: OrderService, ctx: TillContext
) -> None:
    quote = placed(svc, OrderType.QUOTE, customer_code="C100", article="1152")
    svc.confirm(quote)
    order = svc.convert_quote(quote)
    assert not quote.is_dirty and not order.is_dirty
    stored_quote, stored_order = svc.load(quote.id), svc.load(order.id)
    assert stored_quote == quote and stored_order == order
    assert (stored_quote.status, stored_quote.converted_to_id) == ("converted", order.id)
    assert stored_order.source_quote_id == quote.id and stored_order.is_editable
    assert stored_order.totals() == stored_quote.totals()
    # C100's agreed price for 1152 (demo register: 9.95) less their 5 % standard discount
    assert [ln.net_unit_price for ln in stored_order.lines] == [D("9.45")]

    second = placed(svc, OrderType.QUOTE)
    stale = service(ctx, user="piet").load(second.id)
    svc.add_comment(second, "the customer wants it in blue")
    orders_before = count_rows(ctx.db, "orders")
    with pytest.raises(ConflictError):
        service(ctx, user="piet").convert_quote(stale)
    assert count_rows(ctx.db, "orders") == orders_before, "the new order was rolled back too"
    assert stale.converted_to_id is None and stale.status == "draft"
    assert svc.load(second.id).converted_to_id is None


def test_down_payments_are_stored_within_the_balance_and_channel_rules(
    svc: OrderService, ctx: TillContext
) -> None:
    order = placed(svc, article="1152")  # 2 × 11.98
    svc.confirm(order)
    total = order.totals().total_incl_vat
    before = (order.version, len(order.log))
    with pytest.raises(InvalidInput, match="more than the balance due"):
        svc.take_down_payment(order, method="cash", amount=total + D("0.01"))
    with pytest.raises(PosError, match="only be taken at the till"):
        svc.take_down_payment(order, method="card", amount="5")
    assert (order.version, len(order.log)) == before and not order.payments
    assert svc.load(order.id) == order
    assert [m for m, _label in svc.methods()] == ["cash", "account", "voucher", "transfer"]

    svc.take_down_payment(order, method="cash", amount="10,00", reference="receipt 12")
    assert svc.page().rows[0].balance_due == total - D("10")
    till = service(ctx, user="kassa", channel=Channel.TILL)
    assert "card" in [m for m, _label in till.methods()]
    settle = till.load(order.id)
    payment = till.take_down_payment(settle, method="card")  # the rest, by default
    assert payment.amount == total - D("10") and settle.balance_due == 0
    stored = svc.load(order.id)
    assert [(p.method, p.amount, p.channel, p.who) for p in stored.payments] == [
        ("cash", D("10.00"), Channel.BACK_OFFICE, "anna"),
        ("card", total - D("10"), Channel.TILL, "kassa"),
    ]
    assert stored.payments[0].reference == "receipt 12"
    with pytest.raises(PosError, match="Nothing is left to pay"):
        till.take_down_payment(settle, method="cash")


def test_cancelling_keeps_the_refunds_owed_and_the_refunds_made(
    svc: OrderService, ctx: TillContext
) -> None:
    order = placed(svc, article="1152")
    svc.confirm(order)
    svc.take_down_payment(order, method="cash", amount="5")
    svc.take_down_payment(order, method="transfer", amount="3")
    with pytest.raises(PosError, match="confirm"):
        svc.cancel(order, confirmed=False)
    assert svc.load(order.id).status == "confirmed"
    owed = svc.cancel(order, confirmed=True, reason="customer moved away")
    assert owed == (MethodAmount("cash", D("5.00")), MethodAmount("transfer", D("3.00")))
    stored = svc.load(order.id)
    assert stored.status == "cancelled" and stored.refund_owed == owed
    assert stored.refund_outstanding == D("8.00") and stored.balance_due == 0
    assert "customer moved away" in stored.log[-3].text()
    with pytest.raises(InvalidInput):
        svc.record_refund(stored, method="cash", amount="9")
    svc.record_refund(stored, method="cash", amount="5")
    again = svc.load(order.id)
    assert again.refund_outstanding == D("3.00") and again.payments[-1].amount == D("5.00")
    cancelled = svc.page(OrderFilter(statuses=frozenset({"cancelled"}))).rows
    assert [(r.id, r.balance_due) for r in cancelled] == [(order.id, D("0.00"))]


def test_drafts_keep_unsaved_work_until_it_is_saved(svc: OrderService, ctx: TillContext) -> None:
    anna = service(ctx, autosave_drafts=True)
    order = anna.new_order(customer_code="C100")
    assert anna.load_drafts() == []
    anna.add_article(order, "1001", "4")
    [info] = anna.load_drafts()
    assert (info.order_id, info.is_new, info.line_count, info.stale) == (order.id, True, 1, False)
    assert info.total_incl_vat == order.totals().total_incl_vat
    restored = anna.restore_draft(order.id)  # e.g. after a crash
    assert restored == order and restored.is_dirty
    assert service(ctx, user="piet").load_drafts() == [], "drafts are per user"
    anna.save(restored)
    assert anna.load_drafts() == []

    mine = anna.load(order.id)
    anna.update_header(mine, replace(mine.header, subject="draft subject"))
    [info] = anna.load_drafts()
    assert not info.is_new and not info.stale
    piet = service(ctx, user="piet")
    piet.add_comment(piet.load(order.id), "meanwhile")
    assert anna.load_drafts()[0].stale
    with pytest.raises(ConflictError):
        anna.save(anna.restore_draft(order.id))
    assert anna.discard_draft(order.id) and anna.load_drafts() == []
    with pytest.raises(NotFound):
        anna.restore_draft(order.id)
    assert not anna.save_draft(anna.load(order.id)), "a clean order keeps no draft"
    assert count_rows(ctx.db, "order_draft") == 0


def test_attachments_keep_their_bytes_in_the_database(
    svc: OrderService, ctx: TillContext, tmp_path: Path
) -> None:
    order = placed(svc)
    data = bytes(range(256)) * 3
    attachment = svc.add_attachment(order, data, "plan.pdf")
    assert (attachment.size, attachment.file_name) == (768, "plan.pdf")
    assert svc.load(order.id).attachments == [attachment]
    assert service(ctx, user="piet").attachment_bytes(attachment.id) == data
    with pytest.raises(InvalidInput, match=r"“big\.bin” is 1001 bytes; files up to 1000 bytes"):
        svc.add_attachment(order, b"x" * 1001, "big.bin")
    with pytest.raises(PosError, match="already attached"):
        svc.add_attachment(order, data, "copy.pdf")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 jpeg")
    from_disk = svc.add_attachment_file(order, photo)
    with pytest.raises(NotFound):
        svc.add_attachment_file(order, tmp_path / "missing.jpg")
    assert [a.file_name for a in svc.load(order.id).attachments] == ["plan.pdf", "photo.jpg"]
    svc.remove_attachment(order, attachment.id)
    with pytest.raises(NotFound):
        svc.attachment_bytes(attachment.id)
    assert svc.load(order.id).attachments == [from_disk]
    assert count_rows(ctx.db, "order_attachment_data") == 1


def test_lines_are_priced_for_the_customer_and_the_order_s_vat_basis(
    svc: OrderService, ctx: TillContext
) -> None:
    order = svc.new_order(customer_code="C101")  # no customer discount
    line = svc.add_article(order, svc.find_article("8710000000017"), "2")
    assert (line.article_code, line.net_unit_price) == ("1001", D("0.97"))
    svc.set_customer(order, "C100")  # 5 % customer discount: repriced
    assert order.lines[0].net_unit_price == D("0.92")
    svc.update_header(order, replace(order.header, prices_include_vat=False))
    excl = svc.add_article(order, "1001")
    assert (excl.unit_price, excl.net_unit_price) == (D("0.89"), D("0.85"))  # 0.97 / 1.09, -5 %
    free = svc.add_line(order, NewLine("Installation", D("1"), D("10.00"), D("21")))
    # seed 002: the standard discount is a % of the whole order, typed lines included
    assert free.net_unit_price == D("9.50")
    with pytest.raises(InvalidInput, match="variants"):
        svc.add_article(order, "TSHIRT")
    with pytest.raises(NotFound):
        svc.add_article(order, "NO-SUCH")
    assert [s.key for s in svc.targets(order)] == []  # a draft is confirmed, not moved
    with pytest.raises(InvalidInput, match="more than two decimals"):
        svc.add_line(order, NewLine("Odd VAT", D("1"), D("1.00"), D("21.00001")))
    assert [line.description for line in order.lines][-1] == "Installation"
    svc.save(order)
    svc.confirm(order)
    assert "ready_for_pickup" in [s.key for s in svc.targets(order)]
    assert "cancelled" not in [s.key for s in svc.targets(order)]
    assert svc.load_by_number("SO-1").id == order.id
    with pytest.raises(NotFound):
        svc.load_by_number("SO-2")
