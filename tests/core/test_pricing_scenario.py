"""Scenario parsing: valid scenarios become engine inputs; every malformed one names its problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tui_pos.core.errors import InvalidInput
from tui_pos.core.scenario import parse_scenario, price_scenario

BASE: dict[str, Any] = {
    "name": "t",
    "settings": {
        "highest_discount_wins": False,
        "volume_discount_on_top": False,
        "prices_include_vat": True,
        "currency": "EUR",
    },
    "articles": [
        {"code": "TEA", "name": "Tea", "price": "10.00", "group": "FOOD", "vat_rate": "9"},
        {"code": "MUG", "price": "12.50", "group": "HOME", "vat_rate": "21"},
    ],
    "customer": {"code": "C1", "name": "Jansen", "category": "HORECA", "discount_pct": "5"},
    "rules": [
        {"source": "article_customer", "article": "MUG", "customer": "C1", "pct": "10"},
        {"source": "article_category", "article": "TEA", "category": "HORECA", "price": "8.00"},
        {"source": "category_group", "category": "HORECA", "group": "HOME", "pct": "3"},
        {"source": "volume", "article": "TEA", "min_qty": "10", "pct": "10"},
    ],
    "lines": [
        {"article": "TEA", "qty": "3"},
        {"article": "MUG", "qty": "1", "manual": {"amount": "0.50"}},
        {"article": "TEA", "qty": "0.5"},
    ],
    "expected": {"anything": "ignored"},
}


def test_valid_scenario_prices() -> None:
    result = price_scenario(copy.deepcopy(BASE))
    assert [(line["net_unit_price"], line["line_total"]) for line in result["lines"]] == [
        ("7.60", "22.80"),
        ("12.00", "12.00"),
        ("7.60", "3.80"),
    ]
    assert result["lines"][2]["qty"] == "0.5"
    assert result["lines"][0]["list_price"] == "10.00"
    assert [vat["rate"] for vat in result["vat"]] == ["9", "21"]
    assert result["total"] == "38.60"


def test_optional_parts() -> None:
    data = copy.deepcopy(BASE)
    del data["rules"], data["name"], data["expected"]
    data["customer"] = None
    scenario = parse_scenario(data)
    assert scenario.customer is None and len(scenario.rules) == 0
    data["customer"] = {"code": "C9"}
    customer = parse_scenario(data).customer
    assert customer is not None and customer.category is None
    assert customer.discount_pct == Decimal(0)


def test_json_numbers_as_decimals_are_accepted() -> None:
    data = copy.deepcopy(BASE)
    data["lines"][0]["qty"] = 3
    data["articles"][0]["price"] = Decimal("10.00")
    assert price_scenario(data)["lines"][0]["line_total"] == "22.80"


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


BAD = {
    "not-an-object": (lambda d: d.clear() or d.update({"x": 1}), "missing 'articles'"),
    "unknown-article-in-line": (
        _set(["lines", 2, "article"], "FOO"),
        "lines[2]: unknown article 'FOO'",
    ),
    "unknown-article-in-rule": (
        _set(["rules", 3, "article"], "FOO"),
        "rules[3]: unknown article 'FOO'",
    ),
    "pct-over-100": (_set(["rules", 0, "pct"], "101"), "rules[0].pct must be between 0 and 100"),
    "pct-negative": (_set(["rules", 2, "pct"], "-1"), "rules[2].pct must be between 0 and 100"),
    "customer-pct-over-100": (
        _set(["customer", "discount_pct"], "150"),
        "customer.discount_pct must be between 0 and 100",
    ),
    "negative-price": (
        _set(["articles", 1, "price"], "-12.50"),
        "articles[1].price: a price cannot be negative",
    ),
    "negative-rule-price": (
        _set(["rules", 1, "price"], "-8"),
        "rules[1].price: a price cannot be negative",
    ),
    "negative-manual-amount": (
        _set(["lines", 1, "manual"], {"amount": "-1"}),
        "lines[1].manual.amount: a price cannot be negative",
    ),
    "bad-number": (_set(["lines", 0, "qty"], "three"), "lines[0].qty: “three” is not a number"),
    "float-number": (_set(["articles", 0, "price"], 10.5), "articles[0].price: expected a number"),
    "bool-number": (_set(["lines", 0, "qty"], True), "lines[0].qty: expected a number"),
    "zero-qty": (_set(["lines", 0, "qty"], "0"), "lines[0].qty: Quantity must be more than zero"),
    "three-decimals-price": (
        _set(["articles", 0, "price"], "1.005"),
        "articles[0].price: 1.005 has more than two decimals",
    ),
    "missing-price": (_delete(["articles", 0, "price"]), "articles[0]: missing 'price'"),
    "missing-qty": (_delete(["lines", 1, "qty"]), "lines[1]: missing 'qty'"),
    "missing-settings": (_delete(["settings"]), "missing 'settings'"),
    "missing-setting": (_delete(["settings", "currency"]), "settings: missing 'currency'"),
    "setting-not-bool": (
        _set(["settings", "highest_discount_wins"], "yes"),
        "settings.highest_discount_wins: expected true or false",
    ),
    "unknown-currency": (_set(["settings", "currency"], "XYZ"), "unknown currency 'XYZ'"),
    "unknown-source": (_set(["rules", 0, "source"], "coupon"), "rules[0]: unknown source 'coupon'"),
    "pct-and-price": (_set(["rules", 0, "price"], "5"), "rules[0]: give either 'pct' or 'price'"),
    "neither-pct-nor-price": (_delete(["rules", 0, "pct"]), "rules[0]: missing 'pct' or 'price'"),
    "typo-key-in-line": (
        _set(["lines", 0, "manaul"], {"pct": "5"}),
        "lines[0]: unknown key 'manaul'",
    ),
    "two-manual-kinds": (
        _set(["lines", 1, "manual"], {"pct": "5", "price": "1"}),
        "lines[1].manual: give exactly one of",
    ),
    "lines-not-a-list": (_set(["lines"], {"article": "TEA"}), "lines: expected a list"),
    "article-not-object": (_set(["articles", 0], "TEA"), "articles[0]: expected an object"),
    "duplicate-article": (
        _set(["articles", 1, "code"], "TEA"),
        "articles[1]: article 'TEA' is listed twice",
    ),
    "duplicate-rule": (
        _set(["rules", 0], {"source": "volume", "article": "TEA", "min_qty": "10", "price": "1"}),
        "rules: Two discount rules for the same thing",
    ),
    "volume-min-zero": (_set(["rules", 3, "min_qty"], "0"), "rules[3].min_qty"),
    "empty-code": (
        _set(["articles", 0, "code"], " "),
        "articles[0].code: expected a non-empty text",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_malformed_scenario_names_the_problem(name: str) -> None:
    change, message = BAD[name]
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(InvalidInput) as caught:
        parse_scenario(data)
    assert message in caught.value.message


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(InvalidInput, match="expected an object"):
        parse_scenario([1, 2])
