"""Translation function (gettext) and locale-aware money/date formatting (Babel)."""

from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

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


def format_money(amount: Decimal, currency: str) -> str:
    """Format an amount for the configured locale, e.g. `€ 12,50` or `kr 12,50`."""
    from babel.numbers import format_currency

    return format_currency(amount, currency, format=_money_pattern, locale=_locale)


def format_decimal(value: Decimal, min_fraction: int = 0) -> str:
    from babel.numbers import format_decimal as _fd

    fmt = "#,##0." + "0" * min_fraction if min_fraction else None
    return _fd(value, format=fmt, locale=_locale)


def format_datetime(value: datetime) -> str:
    from babel.dates import format_datetime as _fdt
    from babel.dates import get_timezone

    tz = get_timezone(_timezone) if _timezone else None
    return _fdt(value, "short", tzinfo=tz, locale=_locale)


def format_date(value: date) -> str:
    from babel.dates import format_date as _fd

    return _fd(value, "short", locale=_locale)
