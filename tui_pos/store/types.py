"""Exact Decimal columns as scaled integers (cents, milli-units), never a float; UTC times."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with a fixed number of places, kept as an integer (e.g. cents) in any database.

    SQLite has no exact decimal type (SQLAlchemy's Numeric goes through REAL there), so money and
    quantities are stored as integers of their smallest unit: exact, sortable and summable in SQL.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self._factor = Decimal(10) ** places

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal | int):
            raise TypeError(f"ScaledDecimal takes Decimal or int, not {type(value).__name__}")
        scaled = Decimal(value) * self._factor
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places)  # exact, with `places` decimals


def Money() -> ScaledDecimal:
    return ScaledDecimal(2)


def Quantity() -> ScaledDecimal:
    return ScaledDecimal(3)


def Percent() -> ScaledDecimal:
    return ScaledDecimal(4)


class UtcDateTime(TypeDecorator[datetime]):
    """A tz-aware datetime stored in UTC and read back tz-aware on every backend.

    SQLite keeps no offset, so a naive value read back is UTC by construction; naive values are
    refused on write (they would be ambiguous)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise TypeError("UtcDateTime takes a timezone-aware datetime")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):  # pragma: no cover - drivers return datetimes
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
