"""Catalog values the domain works with: articles (pieces or weighed, variants) and customers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tui_pos.core.money import ZERO


@dataclass(frozen=True)
class ArticleInfo:
    """An article as the till sells it."""

    code: str
    name: str
    group: str
    vat_rate: Decimal
    list_price: Decimal
    unit: str = "piece"  # piece | kg
    parent_code: str | None = None
    colour: str | None = None
    size: str | None = None
    is_variant_parent: bool = False

    @property
    def weighed(self) -> bool:
        return self.unit == "kg"

    @property
    def display_name(self) -> str:
        extra = " ".join(part for part in (self.colour, self.size) if part)
        return f"{self.name} {extra}".strip()


@dataclass(frozen=True)
class CustomerInfo:
    """A customer as pricing and receipts see them."""

    code: str
    name: str
    category: str | None = None
    discount_pct: Decimal = ZERO
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
