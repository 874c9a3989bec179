"""Translation function (gettext) and locale-aware money/date formatting (Babel)."""

from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_locale = "en_US"
_money_pattern: str | None = None
_timezone: str | None = None


def setup(
    language: str, locale: str, money_pattern: str | None = None, timezone: str | None = None
) -> None:
    """Install the `language` catalogue (English fallback) and format for `locale` (nl_NL...)."""
    global _translation, _locale, _money_pattern, _timezone
    _locale = locale
    _timezone = timezone
    _money_pattern = money_pattern or None
    _translation = gettext.translation(
        "tui_pos", localedir=_LOCALE_DIR, languages=[language], fallback=True
    )


def current_locale() -> str:
    return _locale


def _(message: str) -> str:
    """Translate a user-facing message."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (it is translated when shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


@lru_cache(maxsize=32)
def _number_format(locale: str, kind: str, pattern: str | None) -> tuple[Any, Any]:
    """The parsed Babel locale and number pattern; Babel parses both on every call otherwise,
    which was most of the time spent rendering a receipt."""
    from babel import Locale
    from babel.numbers import parse_pattern

    parsed = Locale.parse(locale)
    if pattern:
        return parsed, parse_pattern(pattern)
    formats = parsed.currency_formats if kind == "currency" else parsed.decimal_formats
    return parsed, formats["standard" if kind == "currency" else None]


def format_money(amount: Decimal, currency: str) -> str:
    """Format an amount for the configured locale, e.g. `€ 12,50` or `kr 12,50`."""
    locale, pattern = _number_format(_locale, "currency", _money_pattern)
    return str(pattern.apply(amount, locale, currency=currency, currency_digits=True))


@lru_cache(maxsize=32)
def _separators(locale: str) -> tuple[str, str]:
    """(group, decimal) symbols of the locale's Latin digits."""
    symbols = _number_format(locale, "decimal", None)[0].number_symbols["latn"]
    return symbols["group"], symbols["decimal"]


def format_decimal(value: Decimal, min_fraction: int = 0) -> str:
    """`value` in the locale; with `min_fraction`, exactly that many decimals (`#,##0.00`)."""
    if min_fraction and value.is_finite():
        # What Babel's `#,##0.00` gives, without its per-call pattern machinery (amounts are
        # formatted for every cart row and receipt line): Python's grouping with the locale's
        # separators swapped in. tests/test_i18n_format.py holds it to Babel's output.
        text = format(value, f",.{min_fraction}f")
        sign = "-" if text.startswith("-") else ""
        group, decimal = _separators(_locale)
        body = text.lstrip("-").replace(",", "\0").replace(".", decimal).replace("\0", group)
        return sign + body
    fmt = "#,##0." + "0" * min_fraction if min_fraction else None
    locale, pattern = _number_format(_locale, "decimal", fmt)
    return str(pattern.apply(value, locale))


def format_datetime(value: datetime) -> str:
    from babel.dates import format_datetime as _fdt
    from babel.dates import get_timezone

    tz = get_timezone(_timezone) if _timezone else None
    return _fdt(value, "short", tzinfo=tz, locale=_locale)


def format_date(value: date) -> str:
    from babel.dates import format_date as _fd

    return _fd(value, "short", locale=_locale)
