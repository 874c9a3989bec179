"""Checkout service against a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import DEMO_BARCODE, RecordingPrinter
from sqlalchemy import text

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.core.journal import verify_chain
from tui_pos.hardware.spool import SpoolState
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.services.printing import spool_worker


def print_spool(ctx: TillContext, printer: RecordingPrinter) -> SpoolState:
    """One pass of the till's spool worker: print what is waiting, in order."""
    worker = spool_worker(ctx, printer)
    worker.run_pending()
    return worker.state


def table_counts(ctx: TillContext) -> dict[str, int]:
    with ctx.db.engine.connect() as conn:
        return {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in (
                "sale",
                "sale_line",
                "sale_payment",
                "sale_vat",
                "print_job",
                "journal_entry",
                "receipt_counter",
            )
        }


def cash(ctx: TillContext):
    return next(m for m in ctx.till_methods() if m.kind == "cash")


def card(ctx: TillContext):
    return next(m for m in ctx.till_methods() if m.kind == "card")


def sell(svc: CheckoutService, *codes: str, tender: str | None = None):
    for code in codes:
        svc.scan(code)
    session = svc.start_payment()
    session.add(cash(svc.ctx), D(tender) if tender else session.cash_due())
    return svc.complete(session)


def test_scan_adds_line_and_repeated_scan_adds_quantity(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    svc.scan(DEMO_BARCODE)
    svc.scan(DEMO_BARCODE)
    assert len(svc.cart) == 1 and svc.cart.lines[0].qty == 2
    svc.scan("3*1002")
    assert svc.cart.lines[1].qty == 3


@pytest.mark.parametrize(
    ("code", "error", "fragment"),
    [
        ("8710000000024", NotFound, "Unknown barcode"),
        ("8710000000018", InvalidInput, "check digit should be 7"),
        ("87100000000", InvalidInput, "not a valid length"),
        ("NOPE", NotFound, "No article"),
        ("0*1001", InvalidInput, "more than zero"),
        ("100000*1001", InvalidInput, "too large"),
    ],
)
def test_bad_scans_give_clear_errors_and_change_nothing(
    ctx: TillContext, code: str, error: type[PosError], fragment: str
) -> None:
    svc = CheckoutService(ctx)
    svc.scan(DEMO_BARCODE)
    before = [(line.article.code, line.qty) for line in svc.cart.lines]
    with pytest.raises(error) as err:
        svc.scan(code)
    assert fragment in err.value.message
    assert [(line.article.code, line.qty) for line in svc.cart.lines] == before


@pytest.mark.parametrize(
    ("action", "value", "fragment"),
    [
        ("change_quantity", "0", "more than zero"),
        ("change_quantity", "-3", "more than zero"),
        ("change_quantity", "99999999", "too large"),
        ("change_price", "12,5x", "not a number"),
        ("change_price", "abc", "not a number"),
        ("change_discount", "150", "between 0 and 100"),
    ],
)
def test_bad_line_edits_refused_and_line_unchanged(
    ctx: TillContext, action: str, value: str, fragment: str
) -> None:
    svc = CheckoutService(ctx)
    line = svc.scan(DEMO_BARCODE).line
    assert line is not None
    before = (line.qty, line.priced)
    with pytest.raises(InvalidInput) as err:
        getattr(svc, action)(line.id, value)
    assert fragment in err.value.message
    assert (line.qty, line.priced) == before


def test_weighed_article_asks_for_weight_then_prices_it(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    outcome = svc.scan(_code_of(ctx, "Young Gouda per kg"))
    assert outcome.needs_weight is not None
    line = svc.add(outcome.needs_weight, "0,756")
    assert line.priced.line_total == (D("0.756") * line.article.list_price).quantize(D("0.01"))


def _code_of(ctx: TillContext, name: str) -> str:
    with ctx.uow() as uow:
        return uow.catalog.search_articles(name, 1)[0].code


def test_variant_parent_asks_for_variant(ctx: TillContext) -> None:
    outcome = CheckoutService(ctx).scan("TSHIRT")
    assert outcome.needs_variant is not None
    assert {(v.colour, v.size) for v in outcome.variants} >= {("Black", "S"), ("White", "XL")}


def test_full_sale_commits_once_with_gapless_receipt_numbers(
    ctx: TillContext, printer: RecordingPrinter
) -> None:
    svc = CheckoutService(ctx)
    first = sell(svc, DEMO_BARCODE, "2*1002")
    second = sell(svc, "1003")
    assert (first.receipt_no, second.receipt_no) == (1, 2)
    assert svc.cart.is_empty
    counts = table_counts(ctx)
    assert counts["sale"] == 2 and counts["print_job"] == 2
    with ctx.uow() as uow:
        stored = uow.sales.get("T1", 1)
    assert stored is not None
    assert stored.total == first.total
    assert [line.article_code for line in stored.lines] == ["1001", "1002"]
    assert sum(line.line_total for line in stored.lines) == stored.subtotal
    print_spool(ctx, printer)
    assert [d.ref for d in printer.documents] == ["T1-000001", "T1-000002"]
    receipt = printer.documents[0].plain_text()
    assert ctx.amount(first.total) in receipt and "T1-000001" in receipt


def test_commit_failure_leaves_no_partial_rows_and_prints_nothing(
    ctx: TillContext, printer: RecordingPrinter, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = CheckoutService(ctx)
    sell(svc, DEMO_BARCODE)  # one good sale first: counters exist
    before = table_counts(ctx)
    svc.scan("1002")
    session = svc.start_payment()
    session.add(cash(ctx), session.cash_due())
    from tui_pos.store.repositories import SpoolRepository

    def broken_add(self: SpoolRepository, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(SpoolRepository, "add", broken_add)
    with pytest.raises(RuntimeError):
        svc.complete(session)
    assert table_counts(ctx) == before
    assert len(svc.cart) == 1, "the cart stays so the cashier can try again"
    monkeypatch.undo()
    print_spool(ctx, printer)
    assert [d.ref for d in printer.documents] == ["T1-000001"]
    record = svc.complete(session)
    assert record.receipt_no == 2, "the failed attempt used no receipt number"


def test_offline_printer_never_blocks_the_sale_and_prints_later(
    ctx: TillContext, printer: RecordingPrinter
) -> None:
    printer.offline = True
    svc = CheckoutService(ctx)
    sell(svc, DEMO_BARCODE)
    sell(svc, "1002")
    state = print_spool(ctx, printer)
    assert state.queue_length == 2 and "offline" in (state.last_error or "")
    printer.offline = False
    assert print_spool(ctx, printer).queue_length == 0
    assert [d.ref for d in printer.documents] == ["T1-000001", "T1-000002"]
    assert print_spool(ctx, printer).queue_length == 0
    assert len(printer.documents) == 2, "nothing printed twice"


def test_sales_and_journal_are_immutable_in_the_database(ctx: TillContext) -> None:
    sell(CheckoutService(ctx), DEMO_BARCODE)
    for statement in (
        "UPDATE sale SET total = 0",
        "DELETE FROM sale_line",
        "UPDATE journal_entry SET kind = 'x'",
        "DELETE FROM journal_entry",
    ):
        with pytest.raises(Exception, match="immutable"), ctx.db.write_engine.begin() as conn:
            conn.execute(text(statement))


def test_voids_parks_and_sales_are_journaled_in_an_intact_chain(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    line = svc.scan(DEMO_BARCODE).line
    svc.scan("1002")
    assert line is not None
    svc.void_line(line.id)
    assert [ln.article.code for ln in svc.cart.lines] == ["1002"]
    parked = svc.park("lady with the dog")
    assert svc.cart.is_empty
    svc.resume(parked)
    assert [ln.article.code for ln in svc.cart.lines] == ["1002"]
    svc.void_sale()
    assert svc.cart.is_empty
    sell(svc, "1003")
    with ctx.uow() as uow:
        entries = list(uow.journal.entries())
    assert [e.kind for e in entries] == [
        "line_void",
        "park",
        "resume",
        "sale_void",
        "sale",
        "drawer_open",
    ]
    assert verify_chain(entries) == []


def test_park_keeps_customer_discounts_and_notes(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    line = svc.scan("1002").line
    assert line is not None
    svc.change_discount(line.id, "10")
    svc.change_note(line.id, "gift wrap")
    svc.set_customer("C100")
    total = svc.cart.totals().total
    svc.resume(svc.park())
    assert svc.cart.totals().total == total
    assert svc.cart.lines[0].note == "gift wrap"
    assert svc.cart.customer is not None and svc.cart.customer.code == "C100"


def test_resume_twice_is_refused(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    svc.scan("1002")
    parked = svc.park()
    svc.resume(parked)
    svc.void_sale()
    with pytest.raises(NotFound):
        svc.resume(parked)


def test_split_payment_is_stored_with_each_method(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    svc.scan("3*1002")
    session = svc.start_payment()
    session.add(card(ctx), D("1.00"))
    session.add(cash(ctx), D("50"))
    record = svc.complete(session)
    with ctx.uow() as uow:
        stored = uow.sales.get("T1", record.receipt_no)
    assert stored is not None
    assert [(p.method_id, p.amount) for p in stored.payments] == [
        ("card", D("1.00")),
        ("cash", record.total - D("1.00")),
    ]
    assert stored.change == D("50") - (record.total - D("1.00"))


def test_payment_short_of_total_is_refused(ctx: TillContext) -> None:
    svc = CheckoutService(ctx)
    svc.scan("1002")
    session = svc.start_payment()
    session.add(card(ctx), D("0.01"))
    with pytest.raises(InvalidInput, match="to pay"):
        svc.complete(session)
    assert table_counts(ctx)["sale"] == 0


def test_reprint_is_marked_copy(ctx: TillContext, printer: RecordingPrinter) -> None:
    svc = CheckoutService(ctx)
    sell(svc, DEMO_BARCODE)
    svc.reprint()
    print_spool(ctx, printer)
    original, copy = (d.plain_text() for d in printer.documents)
    assert "COPY" not in original and copy.count("*** COPY ***") == 2
