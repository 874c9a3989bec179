"""Order totals incl./excl. VAT per rate, discounts, and subtotals per line group (ORD-2, ORD-3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tui_pos.core.money import ZERO
from tui_pos.core.order_lines import LineGroup, OrderLine
from tui_pos.core.vat import VatLine, vat_breakdown


@dataclass(frozen=True)
class GroupSubtotal:
    """One section's subtotal; `group_id` None is the ungrouped lines. `amount` is the sum of
    the line totals in the order's VAT basis; excl./incl. are for display (VAT per section
    may differ by a cent from the order's VAT, which is computed over all lines)."""

    group_id: str | None
    heading: str
    amount: Decimal
    excl_vat: Decimal
    incl_vat: Decimal


@dataclass(frozen=True)
class OrderTotals:
    vat_lines: tuple[VatLine, ...]
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    discount_total: Decimal
    subtotals: tuple[GroupSubtotal, ...]


def _breakdown(lines: Sequence[OrderLine], prices_include_vat: bool) -> list[VatLine]:
    return vat_breakdown(
        ((line.vat_rate, line.line_total) for line in lines), prices_include_vat=prices_include_vat
    )


def compute_totals(
    lines: Sequence[OrderLine], groups: Sequence[LineGroup], *, prices_include_vat: bool
) -> OrderTotals:
    """Totals of an order's lines; VAT once per rate over all lines (PRC-8)."""
    vat_lines = _breakdown(lines, prices_include_vat)
    sections: list[tuple[str | None, str, list[OrderLine]]] = []
    ungrouped = [line for line in lines if line.group_id is None]
    if ungrouped:
        sections.append((None, "", ungrouped))
    for group in groups:
        sections.append((group.id, group.heading, [ln for ln in lines if ln.group_id == group.id]))
    subtotals = []
    for group_id, heading, section in sections:
        breakdown = _breakdown(section, prices_include_vat)
        subtotals.append(
            GroupSubtotal(
                group_id=group_id,
                heading=heading,
                amount=sum((line.line_total for line in section), ZERO),
                excl_vat=sum((v.net for v in breakdown), ZERO),
                incl_vat=sum((v.gross for v in breakdown), ZERO),
            )
        )
    return OrderTotals(
        vat_lines=tuple(vat_lines),
        total_excl_vat=sum((v.net for v in vat_lines), ZERO),
        total_vat=sum((v.vat for v in vat_lines), ZERO),
        total_incl_vat=sum((v.gross for v in vat_lines), ZERO),
        discount_total=sum((line.discount_amount for line in lines), ZERO),
        subtotals=tuple(subtotals),
    )
