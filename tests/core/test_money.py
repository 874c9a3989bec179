"""Money parsing and rounding: half-up, cash steps, clear errors for bad input."""

from decimal import Decimal as D

import pytest

from tui_pos.core.errors import InvalidInput
from tui_pos.core.money import cash_round, parse_amount, parse_quantity, round_money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.425", "0.43"),
        ("0.435", "0.44"),
        ("2.675", "2.68"),
        ("-0.425", "-0.43"),
        ("1.004", "1.00"),
    ],
)
def test_round_money_is_half_up_not_bankers(value: str, expected: str) -> None:
    assert round_money(D(value)) == D(expected)


@pytest.mark.parametrize(
    ("amount", "step", "expected"),
    [
        ("12.47", "0.05", "12.45"),
        ("12.48", "0.05", "12.50"),
        ("12.475", "0.05", "12.50"),
        ("12.42", "0.05", "12.40"),
        ("12.43", "0.05", "12.45"),
        ("12.49", "1.00", "12.00"),
        ("12.50", "1.00", "13.00"),
        ("99.51", "1.00", "100.00"),
        ("12.47", "0", "12.47"),
    ],
)
def test_cash_round(amount: str, step: str, expected: str) -> None:
    assert cash_round(D(amount), D(step)) == D(expected)


@pytest.mark.parametrize("text", ["12,50", "12.50", " 12.5 "])
def test_parse_amount_accepts_comma_and_dot(text: str) -> None:
    assert parse_amount(text, what="Price") == D("12.50")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("12,5a", "not a number"),
        ("abc", "not a number"),
        ("-1", "cannot be negative"),
        ("1.234", "more than two decimals"),
        ("8710000000017", "too large"),
        ("NaN", "not a number"),
    ],
)
def test_parse_amount_rejects_with_clear_message(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_amount(text, what="Price")
    assert fragment in err.value.message


@pytest.mark.parametrize(
    ("text", "weighed", "fragment"),
    [
        ("0", False, "more than zero"),
        ("-2", False, "more than zero"),
        ("100000", False, "too large"),
        ("1.5", False, "whole quantity"),
        ("0.1234", True, "three"),
        ("two", False, "not a number"),
    ],
)
def test_parse_quantity_rejects(text: str, weighed: bool, fragment: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_quantity(text, weighed=weighed)
    assert fragment in err.value.message


def test_parse_quantity_weighed_decimals() -> None:
    assert parse_quantity("0,756", weighed=True) == D("0.756")
