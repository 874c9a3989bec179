"""VAT per rate (PRC-8): one line per rate however the rate is written, half-up once per rate."""

from __future__ import annotations

from decimal import Decimal

from tui_pos.core.vat import VatLine, vat_breakdown

D = Decimal


def test_equal_rates_written_differently_make_one_line() -> None:
    totals = [
        (D("21.00"), D("12.10")),
        (D("0.0"), D("1.00")),
        (D("9"), D("10.90")),
        (D("21"), D("1.21")),
        (D("0"), D("2.00")),
        (D("2.1E+1"), D("0.01")),
    ]
    lines = vat_breakdown(totals, prices_include_vat=True)
    assert lines == [
        VatLine(D("0"), D("3.00"), D("0.00"), D("3.00")),
        VatLine(D("9"), D("10.00"), D("0.90"), D("10.90")),
        VatLine(D("21"), D("11.01"), D("2.31"), D("13.32")),
    ]
    assert [str(line.rate) for line in lines] == ["0", "9", "21"]


def test_prices_excluding_vat_round_once_per_rate() -> None:
    # 3 × 0.05 at 9 %: per line 0.0045 rounds to 0.00, over the sum 0.0135 rounds to 0.01
    lines = vat_breakdown([(D("9.0"), D("0.05"))] * 3, prices_include_vat=False)
    assert lines == [VatLine(D("9"), D("0.15"), D("0.01"), D("0.16"))]
