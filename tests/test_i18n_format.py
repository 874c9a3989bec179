"""Locale number formatting: the cached fast paths give exactly what Babel gives."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from babel import localedata
from babel.numbers import format_currency
from babel.numbers import format_decimal as babel_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_pos import i18n

SHOP_LOCALES = ["nl_NL", "nb_NO", "sv_SE", "da_DK", "de_DE", "de_CH", "fr_FR", "en_US", "en_IN"]
# Every locale Babel has, thinned out: separators differ in ways nobody would list by hand.
ALL_LOCALES = sorted(localedata.locale_identifiers())[::7]

amounts = st.decimals(
    min_value=Decimal("-99999999.999"),
    max_value=Decimal("99999999.999"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.fixture
def restore_locale() -> Iterator[None]:
    yield
    i18n.setup("en", "en_US")


@pytest.mark.usefixtures("restore_locale")
@pytest.mark.parametrize("locale", SHOP_LOCALES + ALL_LOCALES)
def test_fixed_decimals_match_babel(locale: str) -> None:
    i18n.setup("en", locale)
    values = ["0", "-0", "0.005", "-0.004", "12.5", "-1234567.891", "1E+3", "999.995", "7"]
    for raw in values:
        value = Decimal(raw)
        for places in (1, 2, 3):
            expected = babel_decimal(value, format="#,##0." + "0" * places, locale=locale)
            assert i18n.format_decimal(value, places) == expected, (locale, raw, places)


@pytest.mark.usefixtures("restore_locale")
@settings(max_examples=300, deadline=None)
@given(value=amounts, locale=st.sampled_from(SHOP_LOCALES), places=st.integers(1, 3))
def test_fixed_decimals_match_babel_for_any_amount(
    value: Decimal, locale: str, places: int
) -> None:
    i18n.setup("en", locale)
    expected = babel_decimal(value, format="#,##0." + "0" * places, locale=locale)
    assert i18n.format_decimal(value, places) == expected


@pytest.mark.usefixtures("restore_locale")
@settings(max_examples=200, deadline=None)
@given(
    value=amounts,
    locale=st.sampled_from(SHOP_LOCALES),
    currency=st.sampled_from(["EUR", "NOK", "SEK", "JPY"]),
    pattern=st.sampled_from([None, "¤ #,##0.00;¤ -#,##0.00"]),
)
def test_money_matches_babel(
    value: Decimal, locale: str, currency: str, pattern: str | None
) -> None:
    i18n.setup("en", locale, pattern)
    expected = format_currency(value, currency, format=pattern, locale=locale)
    assert i18n.format_money(value, currency) == expected


@pytest.mark.usefixtures("restore_locale")
def test_plain_decimal_keeps_babels_default_pattern() -> None:
    i18n.setup("en", "nl_NL")
    assert i18n.format_decimal(Decimal("1234.5")) == "1.234,5"
    assert i18n.format_decimal(Decimal("2.125"), 2) == "2,12"  # half-even, as Babel rounds
