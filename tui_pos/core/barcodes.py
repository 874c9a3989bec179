"""Barcode meaning: GTIN check digits, weight/price-embedded in-store codes, GS1 element strings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tui_pos.core.errors import InvalidInput
from tui_pos.core.gs1 import GROUP_SEPARATOR, parse_gs1
from tui_pos.i18n import _

GTIN_LENGTHS = (8, 12, 13, 14)
#: AIM symbology identifiers ("]C1" ...) that announce GS1 element strings.
_GS1_SYMBOLOGIES = frozenset({"C1", "e0", "d2", "Q3", "J1"})
_SYMBOLOGY_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")


class ScanKind(StrEnum):
    """What the till does with a scanned code."""

    ARTICLE = "article"  # look up `lookup_code`, quantity 1
    WEIGHT = "weight"  # look up `lookup_code`, quantity = `weight` in kg
    PRICE = "price"  # look up `lookup_code`, the line costs `price`
    OTHER = "other"  # not a GTIN (internal code, order QR, coupon): look up `lookup_code` as is


class RuleType(StrEnum):
    WEIGHT = "weight"
    PRICE = "price"
    ARTICLE = "article"


@dataclass(frozen=True)
class Scan:
    """The meaning of one scanned (or typed) barcode."""

    code: str
    kind: ScanKind
    #: The catalog barcode to find the article by. For a weight/price-embedded code this is the
    #: "base code": the same code with the embedded value zeroed and the check digit recomputed,
    #: a valid EAN-13 the catalog stores as the article's barcode.
    lookup_code: str
    #: The bare article key digits of a weight/price-embedded code (a PLU), else None.
    article_key: str | None = None
    weight: Decimal | None = None  # kg
    price: Decimal | None = None
    batch: str | None = None
    expiry: date | None = None
    #: Every application identifier of a GS1 element string, decoded by python-stdnum.
    gs1: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NomenclatureRule:
    """How EAN-13 codes starting with `prefix` are read: PREFIX + KEY + VALUE + check digit.

    The value takes the digits between the article key and the check digit and has `decimals`
    decimals. There is no separate price check digit in this scheme: the EAN-13 check digit
    covers the whole code.
    """

    prefix: str
    type: RuleType
    key_digits: int = 5
    decimals: int = 3

    @property
    def value_digits(self) -> int:
        return 13 - 1 - len(self.prefix) - self.key_digits

    def __post_init__(self) -> None:
        if not self.prefix.isdigit():
            raise InvalidInput(
                _("Barcode rule “{prefix}”: the prefix must be digits.").format(prefix=self.prefix)
            )
        if self.key_digits < 0 or self.decimals < 0:
            raise InvalidInput(
                _("Barcode rule {prefix}: digit counts cannot be negative.").format(
                    prefix=self.prefix
                )
            )
        if self.type is not RuleType.ARTICLE and not 0 < self.value_digits >= self.decimals:
            raise InvalidInput(
                _(
                    "Barcode rule {prefix}: {key} key digits leave {value} digits for the value,"
                    " too few for {decimals} decimals."
                ).format(
                    prefix=self.prefix,
                    key=self.key_digits,
                    value=self.value_digits,
                    decimals=self.decimals,
                )
            )


@dataclass(frozen=True)
class Nomenclature:
    """A named set of rules for in-store (GS1 restricted circulation, 20–29) EAN-13 codes."""

    name: str
    rules: tuple[NomenclatureRule, ...]

    def rule_for(self, code: str) -> NomenclatureRule | None:
        """The rule with the longest prefix matching a 13-digit code, if any."""
        matching = [r for r in self.rules if code.startswith(r.prefix)]
        return max(matching, key=lambda r: len(r.prefix), default=None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Nomenclature:
        """Build from config.

        {"name": "odoo"} or {"name": "norway"} picks a built-in one. {"name": "my shop",
        "rules": [...]} defines one; add "base": "odoo" to start from a built-in one, whose rules
        the listed ones replace for the same prefix. A rule is {"prefix": "21", "type": "weight" |
        "price" | "article", "key_digits": 5, "decimals": 3}.
        """
        name = str(data.get("name", "custom"))
        raw_rules = data.get("rules")
        base_name = data.get("base", None if raw_rules is not None else name)
        base = None
        if base_name is not None:
            base = BUILTIN_NOMENCLATURES.get(str(base_name))
            if base is None:
                raise InvalidInput(
                    _("Unknown barcode nomenclature “{name}” (known: {known}).").format(
                        name=base_name, known=", ".join(sorted(BUILTIN_NOMENCLATURES))
                    )
                )
        if raw_rules is None:
            assert base is not None
            return base
        rules = [_rule_from_dict(r) for r in raw_rules]
        custom_prefixes = {r.prefix for r in rules}
        inherited = [r for r in base.rules if r.prefix not in custom_prefixes] if base else []
        return cls(name=name, rules=(*rules, *inherited))


def _rule_from_dict(data: Mapping[str, Any]) -> NomenclatureRule:
    try:
        rule_type = RuleType(str(data["type"]))
        return NomenclatureRule(
            prefix=str(data["prefix"]),
            type=rule_type,
            key_digits=int(data.get("key_digits", 5)),
            decimals=int(data.get("decimals", 3 if rule_type is RuleType.WEIGHT else 2)),
        )
    except KeyError as exc:
        raise InvalidInput(
            _("Barcode rule {rule}: “{key}” is missing.").format(rule=dict(data), key=exc.args[0])
        ) from None
    except (ValueError, TypeError):
        raise InvalidInput(
            _(
                "Barcode rule {rule}: type must be weight, price or article; counts whole numbers."
            ).format(rule=dict(data))
        ) from None


def _rules(*specs: tuple[str, RuleType, int]) -> tuple[NomenclatureRule, ...]:
    return tuple(NomenclatureRule(p, t, key_digits=5, decimals=d) for p, t, d in specs)


_W, _P, _A = RuleType.WEIGHT, RuleType.PRICE, RuleType.ARTICLE

#: Odoo's default nomenclature: 21 weight (kg, 3 decimals), 23 price (2 decimals); other 2X
#: codes are the shop's own article numbers.
ODOO = Nomenclature(
    "odoo",
    _rules(
        ("21", _W, 3),
        ("23", _P, 2),
        *((p, _A, 0) for p in ("20", "22", "24", "25", "26", "27", "28", "29")),
    ),
)
#: The Nordic in-store scheme: 20/21/22 price with 2/1/0 decimals, 23/24/25 weight in kg with
#: 3/2/1 decimals.
NORWAY = Nomenclature(
    "norway",
    _rules(
        ("20", _P, 2), ("21", _P, 1), ("22", _P, 0),
        ("23", _W, 3), ("24", _W, 2), ("25", _W, 1),
        *((p, _A, 0) for p in ("26", "27", "28", "29")),
    ),
)  # fmt: skip
BUILTIN_NOMENCLATURES: dict[str, Nomenclature] = {n.name: n for n in (ODOO, NORWAY)}


def upce_to_upca(code: str) -> str:
    """Expand an 8-digit UPC-E (number system 0 or 1) to its 12-digit UPC-A (same check digit)."""
    if len(code) != 8 or not code.isdigit() or code[0] not in "01":
        raise InvalidInput(
            _("Barcode {code}: not a UPC-E code (8 digits starting with 0 or 1).").format(code=code)
        )
    system, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return system + body + check


def _check_digit_error(code: str, expected: str) -> InvalidInput:
    return InvalidInput(
        _("Barcode {code}: check digit should be {digit}.").format(code=code, digit=expected)
    )


def _clean_digits(code: str) -> str:
    cleaned = code.strip().replace(" ", "").replace("-", "")
    if not cleaned:
        raise InvalidInput(_("Barcode: empty."))
    if not cleaned.isdigit() or not cleaned.isascii():
        raise InvalidInput(_("Barcode {code}: only digits are allowed.").format(code=code.strip()))
    return cleaned


def validate_gtin(code: str) -> str:
    """Check an EAN-13, EAN-8, UPC-A, UPC-E or GTIN-14 and return its normalized form.

    Normalized means one key per product whatever mode the scanner transmits in: UPC-A
    becomes its EAN-13 (leading 0), UPC-E is expanded to UPC-A and then to EAN-13, a GTIN-14
    with indicator 0 becomes its EAN-13; EAN-8 stays 8 digits. An 8-digit code is read as
    EAN-8 when its check digit fits, else as UPC-E.
    """
    digits = _clean_digits(code)
    if len(digits) not in GTIN_LENGTHS:
        raise InvalidInput(
            _("Barcode {code}: {n} digits is not a valid length (8, 12, 13 or 14).").format(
                code=digits, n=len(digits)
            )
        )
    if len(digits) == 8:
        return _validate_eight(digits)
    expected = _check_digit(digits[:-1])
    if expected != digits[-1]:
        raise _check_digit_error(digits, expected)
    if len(digits) == 12:
        return "0" + digits  # UPC-A as its EAN-13
    if len(digits) == 14 and digits[0] == "0":
        return digits[1:]  # GTIN-14 without packaging indicator is the EAN-13
    return digits


def _validate_eight(digits: str) -> str:
    ean8_check = _check_digit(digits[:-1])
    if ean8_check == digits[-1]:
        return digits
    if digits[0] not in "01":
        raise _check_digit_error(digits, ean8_check)
    upca = upce_to_upca(digits)
    upce_check = _check_digit(upca[:-1])
    if upce_check == digits[-1]:
        return "0" + upca
    if upce_check == ean8_check:
        raise _check_digit_error(digits, ean8_check)
    raise InvalidInput(
        _("Barcode {code}: check digit should be {ean8} (EAN-8) or {upce} (UPC-E).").format(
            code=digits, ean8=ean8_check, upce=upce_check
        )
    )


def _check_digit(body: str) -> str:
    """The GTIN check digit of `body` (python-stdnum, loaded on the first barcode to check)."""
    from stdnum import ean

    return str(ean.calc_check_digit(body))


def with_check_digit(body: str) -> str:
    """Append the GTIN check digit to `body` (7, 11, 12 or 13 digits)."""
    return body + _check_digit(body)


def classify(
    code: str,
    nomenclature: Nomenclature = ODOO,
    *,
    group_separator: str = GROUP_SEPARATOR,
) -> Scan:
    """Tell what a scanned code means for the till.

    - GS1 element strings (AIM id ]C1/]d2/]Q3/]e0, "(01)..." or digits with group separators,
      or 16+ digits starting with 01): GTIN plus batch (10), expiry (17), weight (310x) and
      price (392x/393x).
    - GTINs: check digit verified; codes with prefix 20–29 read by `nomenclature`.
    - Anything else (letters, other lengths): an internal code, returned as OTHER.

    `group_separator` is the character your scanner sends for FNC1 if it is not ASCII GS.
    Raises InvalidInput for a GTIN with a wrong check digit or a malformed GS1 string.
    """
    raw = code.strip()
    if group_separator != GROUP_SEPARATOR:
        raw = raw.replace(group_separator, GROUP_SEPARATOR)
    if not raw:
        raise InvalidInput(_("Barcode: empty."))
    symbology = ""
    if _SYMBOLOGY_ID.match(raw):
        symbology, raw = raw[1:3], raw[3:]
    if _looks_like_gs1(raw, symbology):
        return _classify_gs1(code.strip(), raw)
    compact = raw.replace(" ", "").replace("-", "")
    if not compact.isdigit() or not compact.isascii() or len(compact) not in GTIN_LENGTHS:
        return Scan(code=raw, kind=ScanKind.OTHER, lookup_code=raw)
    gtin = validate_gtin(compact)
    rule = nomenclature.rule_for(gtin) if len(gtin) == 13 and gtin[0] == "2" else None
    if rule is None or rule.type is RuleType.ARTICLE:
        return Scan(code=compact, kind=ScanKind.ARTICLE, lookup_code=gtin)
    return _embedded(compact, gtin, rule)


def _embedded(code: str, gtin: str, rule: NomenclatureRule) -> Scan:
    key_end = len(rule.prefix) + rule.key_digits
    digits = gtin[key_end:12]
    value = Decimal(digits).scaleb(-rule.decimals)
    if value <= 0:
        raise InvalidInput(
            _("Barcode {code}: the embedded {what} is zero.").format(
                code=code, what=_("weight") if rule.type is RuleType.WEIGHT else _("price")
            )
        )
    base_code = with_check_digit(gtin[:key_end] + "0" * len(digits))
    kind = ScanKind.WEIGHT if rule.type is RuleType.WEIGHT else ScanKind.PRICE
    return Scan(
        code=code,
        kind=kind,
        lookup_code=base_code,
        article_key=gtin[len(rule.prefix) : key_end],
        weight=value if kind is ScanKind.WEIGHT else None,
        price=value if kind is ScanKind.PRICE else None,
    )


def _looks_like_gs1(raw: str, symbology: str) -> bool:
    if symbology in _GS1_SYMBOLOGIES or raw.startswith("(") or GROUP_SEPARATOR in raw:
        return True
    return raw.isdigit() and len(raw) >= 16 and raw.startswith("01")


def _classify_gs1(code: str, elements: str) -> Scan:
    data = parse_gs1(elements)
    gtin = data.get("01")
    weight = _first_with_prefix(data, "310")
    price = _first_with_prefix(data, "392")
    currency_price = _first_with_prefix(data, "393")
    if price is None and isinstance(currency_price, tuple):
        price = currency_price[1]
    if gtin is None:
        raise InvalidInput(
            _("GS1 code {code}: it has no GTIN (01), so it names no article.").format(
                code=code.replace(GROUP_SEPARATOR, "<GS>")
            )
        )
    kind = ScanKind.PRICE if price is not None else ScanKind.ARTICLE
    if kind is ScanKind.ARTICLE and weight is not None:
        kind = ScanKind.WEIGHT
    expiry = data.get("17")
    return Scan(
        code=code,
        kind=kind,
        lookup_code=validate_gtin(str(gtin)),
        weight=weight,
        price=price,
        batch=data.get("10"),
        expiry=expiry if isinstance(expiry, date) else None,
        gs1=data,
    )


def _first_with_prefix(data: Mapping[str, Any], prefix: str) -> Any:
    return next((v for ai, v in data.items() if ai.startswith(prefix) and len(ai) == 4), None)
