"""A sale receipt goes through python-escpos to the configured file printer, readable back."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from escpos_decode import decode

from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.services.printing import printer_for, spool_store, spool_worker


def test_sale_receipt_prints_through_escpos_file_printer(ctx: TillContext, tmp_path: Path) -> None:
    ctx.settings.printer.kind = "file"
    ctx.settings.printer.path = str(tmp_path / "receipts.bin")
    ctx.settings.shop.name = "Blåbær & Ëlise €"
    svc = CheckoutService(ctx)
    svc.scan("2*1002")
    session = svc.start_payment()
    session.add(next(m for m in ctx.till_methods() if m.kind == "cash"), D("50"))
    record = svc.complete(session)
    printer = printer_for(ctx)
    assert printer is not None
    assert spool_worker(ctx, printer).run_pending()
    assert spool_store(ctx).count_pending() == 0
    decoded = decode((tmp_path / "receipts.bin").read_bytes())
    text = "\n".join(line.text for line in decoded.lines)
    assert "Blåbær & Ëlise €" in text
    assert f"TOTAL EUR{ctx.amount(record.total):>33}" in text
    assert decoded.qr_codes == [f"receipt:{record.receipt_id}:{record.uid}"]
    assert decoded.cuts and decoded.drawer_pins == [2]
    assert "TOTAL EUR" in (tmp_path / "receipts.txt").read_text(encoding="utf-8")
