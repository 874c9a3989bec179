"""Pricing scenarios (SPEC section 4): a self-contained dict in, engine inputs and JSON out.

Format: /work/shared/pricing-cases/README.md. Every problem raises InvalidInput naming where it
is, e.g. "lines[2]: unknown article 'FOO'". The `expected` key, if present, is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tui_pos.core.discount_rules import (
    ArticleCategoryDiscount,
    ArticleCustomerDiscount,
    ArticlePrice,
    CategoryGroupDiscount,
    CustomerTerms,
    DiscountRules,
    ManualDiscount,
    Rule,
    VolumeBreak,
)
from tui_pos.core.errors import InvalidInput
from tui_pos.core.explanation import format_pct
from tui_pos.core.money import CENT, parse_amount, parse_decimal, parse_percentage, parse_quantity
from tui_pos.core.pricing import PricedCart, PricingLine, PricingSettings, price_cart
from tui_pos.i18n import _

#: Currencies a scenario may name, with their minor unit.
CURRENCY_MINOR_UNITS = {"EUR": CENT, "NOK": CENT}

_TOP_KEYS = {
    "name",
    "description",
    "settings",
    "articles",
    "customer",
    "rules",
    "lines",
    "expected",
}
_SETTINGS_KEYS = {
    "highest_discount_wins",
    "volume_discount_on_top",
    "prices_include_vat",
    "currency",
}
_RULE_KEYS = {
    "article_customer": ({"article", "customer"}, {"pct", "price"}),
    "article_category": ({"article", "category"}, {"pct", "price"}),
    "category_group": ({"category", "group", "pct"}, set()),
    "volume": ({"article", "min_qty"}, {"pct", "price"}),
}


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario: everything `price_cart` needs."""

    name: str
    currency: str
    settings: PricingSettings
    articles: Mapping[str, ArticlePrice]
    customer: CustomerTerms | None
    rules: DiscountRules
    lines: tuple[PricingLine, ...]

    def price(self) -> PricedCart:
        return price_cart(self.lines, self.customer, self.rules, self.settings)


def _fail(path: str, message: str) -> InvalidInput:
    return InvalidInput(f"{path}: {message}" if path else message)


def _object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, _("expected an object {…}."))
    return value


def _array(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, _("expected a list […]."))
    return value


def _keys(obj: Mapping[str, Any], path: str, required: set[str], optional: set[str]) -> None:
    for key in sorted(required):
        if key not in obj:
            raise _fail(path, _("missing '{key}'.").format(key=key))
    for key in obj:
        if key not in required and key not in optional:
            raise _fail(path, _("unknown key '{key}'.").format(key=key))


def _text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, _("expected a non-empty text."))
    return value.strip()


def _optional_text(value: object, path: str) -> str | None:
    return None if value is None else _text(value, path)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, _("expected true or false."))
    return value


def _number(value: object, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _fail(path, _('expected a number written as text, e.g. "12.50".'))
    return parse_decimal(value, what=path)


def _price(value: object, path: str) -> Decimal:
    number = _number(value, path)
    if number < 0:
        raise _fail(path, _("a price cannot be negative ({value}).").format(value=number))
    return parse_amount(number, what=path)


def _pct(value: object, path: str) -> Decimal:
    return parse_percentage(_number(value, path), what=path)


def _quantity(value: object, path: str) -> Decimal:
    number = _number(value, path)
    try:
        return parse_quantity(number, weighed=True)
    except InvalidInput as exc:
        raise _fail(path, exc.message) from None


def _settings(data: object) -> tuple[PricingSettings, str]:
    obj = _object(data, "settings")
    _keys(obj, "settings", _SETTINGS_KEYS, set())
    currency = _text(obj["currency"], "settings.currency").upper()
    if currency not in CURRENCY_MINOR_UNITS:
        raise _fail(
            "settings.currency",
            _("unknown currency '{currency}' (use one of {known}).").format(
                currency=currency, known=", ".join(CURRENCY_MINOR_UNITS)
            ),
        )
    settings = PricingSettings(
        highest_discount_wins=_bool(obj["highest_discount_wins"], "settings.highest_discount_wins"),
        volume_discount_on_top=_bool(
            obj["volume_discount_on_top"], "settings.volume_discount_on_top"
        ),
        prices_include_vat=_bool(obj["prices_include_vat"], "settings.prices_include_vat"),
        minor_unit=CURRENCY_MINOR_UNITS[currency],
    )
    return settings, currency


def _articles(data: object) -> dict[str, ArticlePrice]:
    articles: dict[str, ArticlePrice] = {}
    for index, item in enumerate(_array(data, "articles")):
        path = f"articles[{index}]"
        obj = _object(item, path)
        _keys(obj, path, {"code", "price", "group", "vat_rate"}, {"name"})
        code = _text(obj["code"], f"{path}.code")
        if code in articles:
            raise _fail(path, _("article '{code}' is listed twice.").format(code=code))
        articles[code] = ArticlePrice(
            code=code,
            list_price=_price(obj["price"], f"{path}.price"),
            group=_optional_text(obj["group"], f"{path}.group"),
            vat_rate=_pct(obj["vat_rate"], f"{path}.vat_rate"),
        )
    return articles


def _customer(data: object) -> CustomerTerms | None:
    if data is None:
        return None
    obj = _object(data, "customer")
    _keys(obj, "customer", {"code"}, {"name", "category", "discount_pct"})
    return CustomerTerms(
        code=_text(obj["code"], "customer.code"),
        category=_optional_text(obj.get("category"), "customer.category"),
        discount_pct=_pct(obj.get("discount_pct", "0"), "customer.discount_pct"),
    )


def _article_code(value: object, path: str, articles: Mapping[str, ArticlePrice]) -> str:
    code = _text(value, path)
    if code not in articles:
        raise _fail(path.rsplit(".", 1)[0], _("unknown article '{code}'.").format(code=code))
    return code


def _pct_or_price(obj: Mapping[str, Any], path: str) -> dict[str, Decimal]:
    if "pct" in obj and "price" in obj:
        raise _fail(path, _("give either 'pct' or 'price', not both."))
    if "pct" in obj:
        return {"pct": _pct(obj["pct"], f"{path}.pct")}
    if "price" in obj:
        return {"price": _price(obj["price"], f"{path}.price")}
    raise _fail(path, _("missing 'pct' or 'price'."))


def _rule(item: object, path: str, articles: Mapping[str, ArticlePrice]) -> Rule:
    obj = _object(item, path)
    source = obj.get("source")
    if source not in _RULE_KEYS:
        raise _fail(
            path,
            _("unknown source {source!r} (use one of {known}).").format(
                source=source, known=", ".join(_RULE_KEYS)
            ),
        )
    required, optional = _RULE_KEYS[source]
    _keys(obj, path, required | {"source"}, optional)
    if source == "category_group":
        return CategoryGroupDiscount(
            category=_text(obj["category"], f"{path}.category"),
            group=_text(obj["group"], f"{path}.group"),
            pct=_pct(obj["pct"], f"{path}.pct"),
        )
    article = _article_code(obj["article"], f"{path}.article", articles)
    value = _pct_or_price(obj, path)
    if source == "article_customer":
        return ArticleCustomerDiscount(
            article=article, customer=_text(obj["customer"], f"{path}.customer"), **value
        )
    if source == "article_category":
        return ArticleCategoryDiscount(
            article=article, category=_text(obj["category"], f"{path}.category"), **value
        )
    return VolumeBreak(
        article=article, min_qty=_quantity(obj["min_qty"], f"{path}.min_qty"), **value
    )


def _manual(data: object, path: str) -> ManualDiscount:
    obj = _object(data, path)
    _keys(obj, path, set(), {"pct", "amount", "price"})
    if len(obj) != 1:
        raise _fail(path, _("give exactly one of 'pct', 'amount' or 'price'."))
    ((key, value),) = obj.items()
    if key == "pct":
        return ManualDiscount(pct=_pct(value, f"{path}.pct"))
    if key == "amount":
        return ManualDiscount(amount=_price(value, f"{path}.amount"))
    return ManualDiscount(price=_price(value, f"{path}.price"))


def _lines(data: object, articles: Mapping[str, ArticlePrice]) -> tuple[PricingLine, ...]:
    lines = []
    for index, item in enumerate(_array(data, "lines")):
        path = f"lines[{index}]"
        obj = _object(item, path)
        _keys(obj, path, {"article", "qty"}, {"manual"})
        code = _article_code(obj["article"], f"{path}.article", articles)
        manual = obj.get("manual")
        lines.append(
            PricingLine(
                article=articles[code],
                qty=_quantity(obj["qty"], f"{path}.qty"),
                manual=None if manual is None else _manual(manual, f"{path}.manual"),
            )
        )
    return tuple(lines)


def parse_scenario(data: object) -> Scenario:
    """Validate a scenario dict (as loaded from JSON) into engine inputs; raise InvalidInput."""
    obj = _object(data, "")
    _keys(obj, "", {"settings", "articles", "lines"}, _TOP_KEYS)
    settings, currency = _settings(obj["settings"])
    articles = _articles(obj["articles"])
    customer = _customer(obj.get("customer"))
    rules = [
        _rule(item, f"rules[{index}]", articles)
        for index, item in enumerate(_array(obj.get("rules", []), "rules"))
    ]
    try:
        index = DiscountRules(rules)
    except InvalidInput as exc:
        raise _fail("rules", exc.message) from None
    name = obj.get("name")
    return Scenario(
        name=name if isinstance(name, str) else "",
        currency=currency,
        settings=settings,
        articles=articles,
        customer=customer,
        rules=index,
        lines=_lines(obj["lines"], articles),
    )


def _rate(rate: Decimal) -> str:
    return format_pct(rate)


def priced_cart_to_dict(cart: PricedCart) -> dict[str, Any]:
    """The JSON shape `tui-pos price` prints; every amount is a string."""
    return {
        "lines": [
            {
                "article": line.article.code,
                "qty": str(line.qty),
                "list_price": str(line.list_price),
                "net_unit_price": str(line.net_unit_price),
                "line_total": str(line.line_total),
                "explanation": line.explanation.summary(),
            }
            for line in cart.lines
        ],
        "vat": [
            {
                "rate": _rate(vat.rate),
                "net": str(vat.net),
                "vat": str(vat.vat),
                "gross": str(vat.gross),
            }
            for vat in cart.vat
        ],
        "total": str(cart.total),
    }


def price_scenario(data: object) -> dict[str, Any]:
    """Parse, price and render a scenario dict in one go."""
    return priced_cart_to_dict(parse_scenario(data).price())
