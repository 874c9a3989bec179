"""VAT per rate over the sum of that rate's line totals (PRC-8)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from tui_pos.core.money import HUNDRED, ZERO, round_money


@dataclass(frozen=True)
class VatLine:
    """Net, VAT and gross for one VAT rate."""

    rate: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


def vat_breakdown(
    totals: Iterable[tuple[Decimal, Decimal]], *, prices_include_vat: bool
) -> list[VatLine]:
    """Group (rate, line total) pairs by rate and compute VAT once per rate, half-up.

    With prices incl. VAT the line totals are gross: VAT = gross × rate / (100 + rate).
    Otherwise they are net: VAT = net × rate / 100. Sorted by rate.
    """
    sums: dict[Decimal, Decimal] = {}
    for rate, amount in totals:  # equal rates (21, 21.0) are one key; normalized below
        sums[rate] = sums.get(rate, ZERO) + amount
    lines = []
    for key in sorted(sums):
        amount = sums[key]
        rate = key.normalize() if key else ZERO
        if prices_include_vat:
            vat = round_money(amount * rate / (HUNDRED + rate))
            lines.append(VatLine(rate, amount - vat, vat, amount))
        else:
            vat = round_money(amount * rate / HUNDRED)
            lines.append(VatLine(rate, amount, vat, amount + vat))
    return lines


def total_gross(lines: Iterable[VatLine]) -> Decimal:
    return sum((line.gross for line in lines), ZERO)
