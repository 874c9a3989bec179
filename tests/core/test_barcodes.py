"""Barcode meaning: GTIN check digits, UPC-E, in-store weight/price codes, GS1 element strings."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_pos.core.barcodes import (
    NORWAY,
    ODOO,
    Nomenclature,
    NomenclatureRule,
    RuleType,
    ScanKind,
    classify,
    upce_to_upca,
    validate_gtin,
)
from tui_pos.core.errors import InvalidInput
from tui_pos.core.gs1 import GROUP_SEPARATOR as GS
from tui_pos.core.gs1 import gs1_element_string, parse_gs1


def check_digit(body: str) -> str:
    """Independent GS1 mod-10: weights 3,1,3,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str(-total % 10)


def gtin(body: str) -> str:
    return body + check_digit(body)


def wrong_check(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


# --- check digits per symbology -------------------------------------------------------------

VALID = {
    "EAN-13": "5901234123457",
    "EAN-13 (2)": "4006381333931",
    "EAN-8": "73513537",
    "UPC-A": "036000291452",
    "GTIN-14": "98712345678909",
}


@pytest.mark.parametrize("code", VALID.values(), ids=VALID.keys())
def test_valid_codes_pass(code: str) -> None:
    assert validate_gtin(code).lstrip("0") == code.lstrip("0")


@pytest.mark.parametrize("code", VALID.values(), ids=VALID.keys())
def test_wrong_check_digit_names_the_right_one(code: str) -> None:
    bad = wrong_check(code)
    with pytest.raises(InvalidInput) as exc:
        validate_gtin(bad)
    assert str(exc.value) == f"Barcode {bad}: check digit should be {code[-1]}."


def test_message_matches_the_documented_example() -> None:
    with pytest.raises(InvalidInput, match="Barcode 1234567890123: check digit should be 8"):
        validate_gtin("1234567890123")


def test_normalization_gives_one_key_per_product() -> None:
    assert validate_gtin("036000291452") == "0036000291452"  # UPC-A → EAN-13
    assert validate_gtin("0036000291452") == "0036000291452"
    assert validate_gtin("00036000291452") == "0036000291452"  # GTIN-14, indicator 0
    assert validate_gtin("98712345678909") == "98712345678909"  # real packaging level stays
    assert validate_gtin(" 5901234-123457 ") == "5901234123457"
    assert validate_gtin("73513537") == "73513537"


@pytest.mark.parametrize("code", ["1234567", "123456789", "12345678901234567", "1"])
def test_bad_lengths_are_explained(code: str) -> None:
    with pytest.raises(InvalidInput, match=f"{len(code)} digits is not a valid length"):
        validate_gtin(code)


@pytest.mark.parametrize("code", ["59012341234AB", "12a4", "５９０１２３４１２３４５７", ""])
def test_letters_and_empty_are_refused(code: str) -> None:
    with pytest.raises(InvalidInput, match=r"only digits|empty"):
        validate_gtin(code)


# --- UPC-E ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upce", "upca"),
    [
        ("04252614", "042100005264"),  # last digit 0-2: manufacturer gets it, then 0000
        ("01234531", "012300000451"),  # 3
        ("01234741", "012340000071"),  # 4
        ("01234576", "012345000076"),  # 5-9: product 0000 + last digit
    ],
)
def test_upce_expansion(upce: str, upca: str) -> None:
    assert upce_to_upca(upce) == upca


def test_upce_is_checked_against_its_expansion() -> None:
    assert validate_gtin("04252614") == "0042100005264"
    assert check_digit("042100005264"[:-1]) == "4"  # the UPC-A check digit is the UPC-E one


def test_upce_with_wrong_check_digit_names_both_readings() -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_gtin("04252615")
    ean8 = check_digit("0425261")
    assert str(exc.value) == f"Barcode 04252615: check digit should be {ean8} (EAN-8) or 4 (UPC-E)."


def test_eight_digits_starting_with_2_are_only_ean8() -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_gtin(wrong_check(gtin("2345678")))
    assert "UPC-E" not in str(exc.value)


def test_upce_needs_number_system_0_or_1() -> None:
    with pytest.raises(InvalidInput, match="UPC-E"):
        upce_to_upca("21234565")


# --- classify: articles and other codes ------------------------------------------------------


def test_plain_gtin_is_an_article() -> None:
    scan = classify("5901234123457")
    assert scan.kind is ScanKind.ARTICLE
    assert scan.lookup_code == "5901234123457"
    assert scan.weight is None and scan.price is None


def test_symbology_identifier_is_stripped() -> None:
    assert classify("]E05901234123457").lookup_code == "5901234123457"


def test_non_gtin_codes_are_looked_up_as_is() -> None:
    for code in ("ORD-000042", "12345", "ABC123"):
        scan = classify(code)
        assert scan.kind is ScanKind.OTHER
        assert scan.lookup_code == code


def test_gtin_with_bad_check_digit_is_refused_by_classify() -> None:
    with pytest.raises(InvalidInput, match="check digit"):
        classify(wrong_check("5901234123457"))


# --- in-store weight and price codes ----------------------------------------------------------


def test_odoo_weight_code() -> None:
    code = gtin("21" + "12345" + "01250")
    scan = classify(code, ODOO)
    assert scan.kind is ScanKind.WEIGHT
    assert scan.weight == Decimal("1.250")
    assert scan.article_key == "12345"
    assert scan.lookup_code == gtin("21" + "12345" + "00000")


def test_odoo_price_code() -> None:
    scan = classify(gtin("23" + "54321" + "01999"), ODOO)
    assert scan.kind is ScanKind.PRICE
    assert scan.price == Decimal("19.99")
    assert scan.lookup_code == gtin("23" + "54321" + "00000")


def test_norway_reads_23_as_weight() -> None:
    scan = classify(gtin("23" + "54321" + "01999"), NORWAY)
    assert scan.kind is ScanKind.WEIGHT
    assert scan.weight == Decimal("1.999")
    assert scan.article_key == "54321"


@pytest.mark.parametrize(
    ("prefix", "kind", "value"),
    [
        ("20", ScanKind.PRICE, Decimal("12.34")),
        ("21", ScanKind.PRICE, Decimal("123.4")),
        ("22", ScanKind.PRICE, Decimal("1234")),
        ("24", ScanKind.WEIGHT, Decimal("12.34")),
        ("25", ScanKind.WEIGHT, Decimal("123.4")),
    ],
)
def test_norway_decimals_follow_the_prefix(prefix: str, kind: ScanKind, value: Decimal) -> None:
    scan = classify(gtin(prefix + "00007" + "01234"), NORWAY)
    assert scan.kind is kind
    assert (scan.price if kind is ScanKind.PRICE else scan.weight) == value


def test_other_in_store_prefixes_are_articles() -> None:
    code = gtin("28" + "12345" + "67890")
    scan = classify(code, ODOO)
    assert scan.kind is ScanKind.ARTICLE
    assert scan.lookup_code == code


def test_embedded_code_with_bad_check_digit_is_refused() -> None:
    with pytest.raises(InvalidInput, match="check digit"):
        classify(wrong_check(gtin("21" + "12345" + "01250")))


def test_zero_weight_is_refused() -> None:
    with pytest.raises(InvalidInput, match="zero"):
        classify(gtin("21" + "12345" + "00000"))


def test_custom_nomenclature_from_config() -> None:
    nom = Nomenclature.from_dict(
        {
            "name": "shop",
            "base": "odoo",
            "rules": [{"prefix": "28", "type": "price", "key_digits": 4, "decimals": 2}],
        }
    )
    scan = classify(gtin("28" + "1234" + "001999"), nom)
    assert scan.kind is ScanKind.PRICE
    assert scan.article_key == "1234"
    assert scan.price == Decimal("19.99")
    # rules of the base stay unless replaced
    assert classify(gtin("21" + "12345" + "01250"), nom).weight == Decimal("1.250")


def test_builtin_nomenclatures_by_name() -> None:
    assert Nomenclature.from_dict({"name": "norway"}) is NORWAY
    assert Nomenclature.from_dict({"name": "odoo"}) is ODOO


@pytest.mark.parametrize(
    "data",
    [
        {"name": "atlantis"},
        {"rules": [{"prefix": "21", "type": "volume"}]},
        {"rules": [{"type": "weight"}]},
        {"rules": [{"prefix": "2x", "type": "weight"}]},
        {"rules": [{"prefix": "21", "type": "weight", "key_digits": 10, "decimals": 3}]},
    ],
)
def test_bad_nomenclature_config_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        Nomenclature.from_dict(data)


def test_longest_prefix_wins() -> None:
    nom = Nomenclature(
        "x",
        (
            NomenclatureRule("2", RuleType.ARTICLE),
            NomenclatureRule("219", RuleType.PRICE, key_digits=4, decimals=2),
        ),
    )
    assert classify(gtin("219" + "1234" + "00500"), nom).price == Decimal("5.00")
    assert classify(gtin("21" + "12345" + "00500"), nom).kind is ScanKind.ARTICLE


# --- GS1 element strings --------------------------------------------------------------------

GTIN14 = "08712345678906"


def test_gs1_with_separators() -> None:
    code = f"]C101{GTIN14}10LOT-7{GS}17261231" + "3103001250"
    scan = classify(code)
    assert scan.kind is ScanKind.WEIGHT
    assert scan.lookup_code == "8712345678906"
    assert scan.batch == "LOT-7"
    assert scan.expiry == date(2026, 12, 31)
    assert scan.weight == Decimal("1.250")


def test_gs1_with_parentheses_and_price() -> None:
    scan = classify(f"(01){GTIN14}(10)AB12(17)251200(3922)1234")
    assert scan.kind is ScanKind.PRICE
    assert scan.price == Decimal("12.34")
    assert scan.batch == "AB12"
    assert scan.expiry == date(2025, 12, 31)  # day 00 = end of month


def test_gs1_digits_only_are_recognised() -> None:
    scan = classify(f"01{GTIN14}3102000750")
    assert scan.weight == Decimal("7.50")
    assert scan.gs1["01"] == GTIN14


def test_gs1_price_with_currency() -> None:
    scan = classify(f"01{GTIN14}3932978" + "1999")
    assert scan.price == Decimal("19.99")


def test_gs1_custom_group_separator() -> None:
    scan = classify(f"]d201{GTIN14}10X1|3922550", group_separator="|")
    assert scan.batch == "X1"
    assert scan.price == Decimal("5.50")


def test_gs1_parentheses_to_element_string() -> None:
    assert gs1_element_string(f"(01){GTIN14}(10)A") == f"01{GTIN14}{GS}10A"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (f"(01){wrong_check(GTIN14)}", "check digit"),
        (f"(01){GTIN14[:-1]}", "14 digits"),
        (f"01{GTIN14}3103001", "6 digits"),
        (f"(01){GTIN14}(17)2512", "6 digits"),
        (f"01{GTIN14}17251399", "date or number"),
        (f"(01){GTIN14}(10", "parentheses"),
        ("(10)ABC", "no GTIN"),
    ],
)
def test_bad_gs1_codes_are_explained(code: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        classify(code)


def test_parse_gs1_keeps_every_ai() -> None:
    data = parse_gs1(f"01{GTIN14}21SERIAL1{GS}15270101")
    assert data["21"] == "SERIAL1"
    assert data["15"] == date(2027, 1, 1)


# --- properties ---------------------------------------------------------------------------------

bodies = st.sampled_from([7, 11, 12, 13]).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
)


@given(bodies)
def test_any_code_with_its_check_digit_is_valid(body: str) -> None:
    code = gtin(body)
    assert validate_gtin(code).lstrip("0") == code.lstrip("0")


@given(bodies, st.data())
def test_every_single_digit_error_is_caught(body: str, data: st.DataObject) -> None:
    code = gtin(body)
    position = data.draw(st.integers(0, len(code) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    typo = code[:position] + digit + code[position + 1 :]
    if len(code) == 8 and typo[0] in "01":
        return  # an 8-digit typo may happen to be a valid UPC-E: a different code
    with pytest.raises(InvalidInput):
        validate_gtin(typo)
