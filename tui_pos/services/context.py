"""The till's wiring: settings, database, clock, printer and formatting, built once at start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from tui_pos import i18n
from tui_pos.config import Settings
from tui_pos.core.payments import PaymentMethod
from tui_pos.store.db import Database

if TYPE_CHECKING:
    from tui_pos.core.receipt import ShopHeader
    from tui_pos.store.uow import SqlUnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class TillContext:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = utc_now

    def uow(self, *, write: bool = False) -> SqlUnitOfWork:
        # Imported here: the unit of work brings the ORM tables, which a till's first frame
        # does not need (PosApp loads them right after it, see `warm_up`).
        from tui_pos.store.uow import SqlUnitOfWork

        return SqlUnitOfWork(self.db, write=write)

    @property
    def till_id(self) -> str:
        return self.settings.till.id

    @property
    def currency(self) -> str:
        return self.settings.shop.currency

    def money(self, amount: Decimal) -> str:
        """`€ 12,50` / `kr 12,50` for the configured locale."""
        return i18n.format_money(amount, self.currency)

    def amount(self, amount: Decimal) -> str:
        """A bare amount with two decimals in the locale, e.g. `12,50`."""
        return i18n.format_decimal(amount.quantize(Decimal("0.01")), min_fraction=2)

    def till_methods(self) -> list[PaymentMethod]:
        return [
            PaymentMethod(m.id, m.label, m.kind) for m in self.settings.payments.methods if m.till
        ]

    def shop_header(self) -> ShopHeader:
        from tui_pos.core.receipt import ShopHeader

        shop = self.settings.shop
        return ShopHeader(
            name=shop.name,
            address=tuple(shop.address),
            vat_number=shop.vat_number,
            phone=shop.phone,
        )
