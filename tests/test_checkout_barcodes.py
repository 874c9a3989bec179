"""What a scanned code means at the till (CHK-1, HW): weight- and price-embedded in-store codes
under the odoo and norway nomenclatures, GS1-128/DataMatrix strings, and clear errors."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tui_pos.core.errors import InvalidInput, NotFound, PosError
from tui_pos.services.checkout import CheckoutService
from tui_pos.services.context import TillContext
from tui_pos.store.models import Barcode

#: These tests run no SQL of their own (the sale's storage is tested on both backends elsewhere).
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

GS = "\x1d"
CHEESE = "1293"  # Young Gouda per kg, 23.33; scale-label base codes 2101293000000, 2301293000004
CHEESE_PRICE = D("23.33")


def service(ctx: TillContext, nomenclature: str) -> CheckoutService:
    ctx.settings.barcodes.nomenclature = nomenclature
    return CheckoutService(ctx)


def lines(svc: CheckoutService) -> list[tuple[str, D, D]]:
    return [(ln.article.code, ln.qty, ln.priced.line_total) for ln in svc.cart.lines]


def weighed(qty: str) -> tuple[str, D, D]:
    return (CHEESE, D(qty), (D(qty) * CHEESE_PRICE).quantize(D("0.01")))


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("nomenclature", "code", "expected"),
    [
        ("odoo", "2101293003568", weighed("0.356")),  # 21: weight, 3 decimals
        ("odoo", "2301293007508", (CHEESE, D(1), D("7.50"))),  # 23: price, 2 decimals
        ("norway", "2301293003562", weighed("0.356")),  # 23: weight, 3 decimals
        ("norway", "2101293000758", (CHEESE, D(1), D("7.50"))),  # 21: price, 1 decimal
    ],
)
def test_embedded_weight_or_price_adds_the_line_it_says(
    ctx: TillContext, nomenclature: str, code: str, expected: tuple[str, D, D]
) -> None:
    svc = service(ctx, nomenclature)
    outcome = svc.scan(code)
    assert outcome.line is not None and outcome.needs_weight is None
    assert lines(svc) == [expected]
    if expected[1] == 1:
        assert outcome.line.manual is not None and outcome.line.manual.kind == "price"


@SQLITE_ONLY
def test_the_same_digits_mean_different_things_per_nomenclature(ctx: TillContext) -> None:
    # 23 01293 00356 c: a price of 3.56 for Odoo, a weight of 0.356 kg in Norway.
    odoo = service(ctx, "odoo")
    odoo.scan("2301293003562")
    norway = service(ctx, "norway")
    norway.scan("2301293003562")
    assert lines(odoo) == [(CHEESE, D(1), D("3.56"))]
    assert lines(norway) == [weighed("0.356")]


@SQLITE_ONLY
def test_two_labels_of_the_same_cheese_are_two_lines(ctx: TillContext) -> None:
    svc = service(ctx, "odoo")
    svc.scan("2101293003568")
    svc.scan("2101293003568")
    assert lines(svc) == [weighed("0.356"), weighed("0.356")]


@SQLITE_ONLY
@pytest.mark.parametrize("nomenclature", ["odoo", "norway"])
@pytest.mark.parametrize(
    ("code", "error", "fragment"),
    [
        ("2101293003569", InvalidInput, "check digit should be 8"),
        ("2*2101293003568", InvalidInput, "without a quantity"),
        ("2199999003562", NotFound, "no article has the in-store code"),
        ("2201293007501", NotFound, "2201293007501"),  # odoo: a shop code; norway: price
        ("(01)08710000000018", InvalidInput, "check digit"),
        ("(01)08712345678906", NotFound, "not in the catalog"),
        ("(01)0871000000001", InvalidInput, "14 digits"),
    ],
)
def test_bad_codes_give_clear_errors_and_add_nothing(
    ctx: TillContext, nomenclature: str, code: str, error: type[PosError], fragment: str
) -> None:
    svc = service(ctx, nomenclature)
    svc.scan("1002")
    with pytest.raises(error) as err:
        svc.scan(code)
    assert fragment in err.value.message
    assert [(ln.article.code, ln.qty) for ln in svc.cart.lines] == [("1002", 1)]


@SQLITE_ONLY
def test_a_weight_for_an_article_sold_per_piece_is_refused(ctx: TillContext) -> None:
    with ctx.uow(write=True) as uow:
        uow.session.add(Barcode(code="2100042000001", article_code="1002"))
        uow.commit()
    svc = service(ctx, "odoo")
    with pytest.raises(InvalidInput, match="sold per piece"):
        svc.scan("2100042003569")
    with pytest.raises(InvalidInput, match="sold per piece"):
        svc.scan("(01)08710000000017(3103)000356")
    assert svc.cart.is_empty


@SQLITE_ONLY
@pytest.mark.parametrize("nomenclature", ["odoo", "norway"])
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("(01)08710000000017", ("1001", D(1))),
        ("]C1010871000000001710LOT42" + GS + "17261231", ("1001", D(1))),
        ("(01)02101293000000(3103)000356", (CHEESE, D("0.356"))),
        ("0102101293000000" + "3102" + "000125", (CHEESE, D("1.25"))),
        ("(01)02101293000000(3105)035649", (CHEESE, D("0.356"))),  # rounded to grams
        ("(01)02101293000000(3922)750", (CHEESE, D(1))),
    ],
)
def test_gs1_element_strings(
    ctx: TillContext, nomenclature: str, code: str, expected: tuple[str, D]
) -> None:
    svc = service(ctx, nomenclature)
    svc.scan(code)
    [line] = svc.cart.lines
    assert (line.article.code, line.qty) == expected
    if "(3922)" in code:
        assert line.priced.line_total == D("7.50")


def test_embedded_lines_are_stored_with_the_sale(ctx: TillContext) -> None:
    svc = service(ctx, "odoo")
    svc.scan("2101293003568")
    svc.scan("2301293007508")
    session = svc.start_payment()
    session.add(next(m for m in ctx.till_methods() if m.kind == "card"), session.remaining)
    record = svc.complete(session)
    with ctx.uow() as uow:
        stored = uow.sales.get("T1", record.receipt_no)
    assert stored is not None
    assert [(ln.article_code, ln.qty, ln.line_total) for ln in stored.lines] == [
        weighed("0.356"),
        (CHEESE, D(1), D("7.50")),
    ]


def test_an_unknown_nomenclature_is_a_configuration_error() -> None:
    from pydantic import ValidationError

    from tui_pos.config import BarcodeSettings

    with pytest.raises(ValidationError, match="Unknown barcode nomenclature"):
        BarcodeSettings(nomenclature="sweden")
    custom = BarcodeSettings(
        nomenclature={
            "name": "shop",
            "base": "odoo",
            "rules": [{"prefix": "28", "type": "price", "key_digits": 4}],
        }
    )
    assert custom.rules().rule_for("2800000000000") is not None


@SQLITE_ONLY
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_a_scale_label_scanned_at_the_till_adds_the_weighed_cheese(ctx: TillContext) -> None:
    from test_pilot_checkout import checkout, message, scan

    from tui_pos.app import PosApp

    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, "2101293003568")
        svc = checkout(app).service  # still the checkout: no weight prompt
        assert lines(svc) == [weighed("0.356")]
        assert "Young Gouda per kg added" in message(app)
        await scan(pilot, "2101293003569")
        assert "check digit should be 8" in message(app)
        assert lines(svc) == [weighed("0.356")]
