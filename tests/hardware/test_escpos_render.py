"""ESC/POS rendering: exact bytes of a small receipt, and decoded round trips of text and QR."""

from __future__ import annotations

import pytest

from tests.hardware.escpos_decode import Line, decode
from tui_pos.core.errors import InvalidInput
from tui_pos.core.printdoc import Cut, Feed, OpenDrawer, PrintDocument, QrCode, Rule, Text
from tui_pos.hardware.escpos_render import RenderOptions, render, validate_options

CP858 = RenderOptions(profile="default", codepage="CP858")


def small_receipt() -> PrintDocument:
    return PrintDocument("receipt", "R-7", width=12).add(
        Text("Bakker", align="center", double=True),
        Text("Totaal € 1", bold=True),
        Rule(),
        QrCode("R-7", size=4),
        Feed(2),
        OpenDrawer(),
        Cut(),
    )


# fmt: off
GOLDEN_SMALL_RECEIPT = bytes.fromhex(
    "1b40"                       # ESC @            initialise
    "1b7413"                     # ESC t 19         code page CP858, locked
    "1b2100" "1b2100" "1b2130"   # ESC ! 0x30       double width and height
    "1b6101"                     # ESC a 1          centre
    "42616b6b65720a"             # "Bakker" LF
    "1b2100" "1b2100" "1b2100"   # ESC ! 0          normal size (also ends bold)
    "1b4501"                     # ESC E 1          bold
    "1b6100"                     # ESC a 0          left
    "546f7461616c20d520310a"     # "Totaal € 1" LF  (€ is 0xD5 in CP858)
    "1b4500"                     # ESC E 0          bold off
    "2d2d2d2d2d2d2d2d2d2d2d2d0a" # 12 × "-" LF
    "1b6101"                     # ESC a 1          centre the QR code
    "1d286b0400314132" "00"      # GS ( k  QR model 2
    "1d286b0300314304"           # GS ( k  module size 4
    "1d286b0300314531"           # GS ( k  error correction M
    "1d286b060031503052" "2d37"  # GS ( k  store "R-7"
    "1d286b0300315130"           # GS ( k  print it
    "1b6402"                     # ESC d 2          feed 2 lines
    "1b70003232"                 # ESC p 0 50 50    drawer kick, pin 2
    "1b6406" "1d5601"            # ESC d 6, GS V 1  feed past the cutter, partial cut
)
# fmt: on


def test_small_receipt_renders_to_the_exact_golden_bytes() -> None:
    assert render(small_receipt(), CP858) == GOLDEN_SMALL_RECEIPT


def test_the_golden_bytes_decode_to_the_document() -> None:
    decoded = decode(GOLDEN_SMALL_RECEIPT)
    assert decoded.lines == [
        Line("Bakker", align="center", double=True),
        Line("Totaal € 1", bold=True),
        Line("-" * 12),
    ]
    assert decoded.qr_codes == ["R-7"]
    assert decoded.drawer_pins == [2]
    assert decoded.cuts == ["partial"]


@pytest.mark.parametrize("text", ["Totaal € 12,50", "Blåbær søt", "Ëlise", "ÆØÅ æøå ë é ü ß"])
def test_nordic_and_dutch_text_round_trips_exactly_in_cp858(text: str) -> None:
    doc = PrintDocument("receipt", "R-1").add(Text(text))
    decoded = decode(render(doc, CP858))
    assert decoded.texts == [text]


def test_the_code_page_is_set_once_and_never_switched() -> None:
    # Greek and CJK are not in CP858: MagicEncode would switch code pages; locked, they become ?.
    doc = PrintDocument("receipt", "R-1").add(Text("€ Ωμέγα 中文 ø"), Text("€"))
    decoded = decode(render(doc, CP858))
    assert decoded.code_pages == [19]
    assert decoded.texts == ["€ ????? ?? ø", "€"]


def test_a_code_page_without_euro_prints_a_question_mark_not_a_wrong_character() -> None:
    options = RenderOptions(codepage="CP865")  # Nordic DOS page: æøå yes, € no
    doc = PrintDocument("receipt", "R-1").add(Text("Blåbær € 5"))
    decoded = decode(render(doc, options))
    assert decoded.code_pages == [5]
    assert decoded.texts == ["Blåbær ? 5"]


def test_decomposed_characters_are_composed_before_encoding() -> None:
    doc = PrintDocument("receipt", "R-1").add(Text("E\u0308lise"))  # E + combining diaeresis
    assert decode(render(doc, CP858)).texts == ["Ëlise"]


def test_control_characters_in_text_cannot_become_printer_commands() -> None:
    doc = PrintDocument("receipt", "R-1").add(Text("Kaas\x1b@\x1dV\x00\tjong"))
    decoded = decode(render(doc, CP858))
    assert decoded.resets == 1
    assert decoded.cuts == []
    assert decoded.texts == ["Kaas?@?V? jong"]


def test_typographic_characters_get_one_column_stand_ins() -> None:
    doc = PrintDocument("receipt", "R-1", width=20)
    doc.columns("Chocoladeletter melk extra", "€ 2,50")
    doc.add(Text("“Top” – ‘ok’"))
    texts = decode(render(doc, CP858)).texts
    assert texts[0] == "Chocoladelet. € 2,50"  # "…" (truncation) is not in CP858
    assert len(texts[0]) == doc.width
    assert texts[1] == "\"Top\" - 'ok'"


def test_styles_are_decoded_per_line() -> None:
    doc = PrintDocument("receipt", "R-1").add(
        Text("TOTAAL", bold=True, double=True, align="right"),
        Text("plain"),
        Text("Bold centre", bold=True, align="center"),
    )
    assert decode(render(doc, CP858)).lines == [
        Line("TOTAAL", align="right", bold=True, double=True),
        Line("plain"),
        Line("Bold centre", align="center", bold=True),
    ]


def test_native_qr_code_carries_the_data_exactly() -> None:
    data = "https://shop.example/r/2026-000123?c=Blåbær"
    doc = PrintDocument("receipt", "R-1").add(Text("x"), QrCode(data))
    decoded = decode(render(doc, CP858))
    assert decoded.qr_codes == [data]
    assert decoded.images == []


def test_image_qr_code_is_the_qr_matrix_of_the_data() -> None:
    import qrcode

    data = "R-2026-000123"
    doc = PrintDocument("receipt", "R-1").add(QrCode(data, size=3))
    decoded = decode(render(doc, RenderOptions(qr_native=False)))
    assert decoded.qr_codes == []
    [image] = decoded.images

    code = qrcode.QRCode(box_size=3, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    assert image.height == len(matrix) * 3
    for y in range(image.height):
        for x in range(len(matrix) * 3):
            assert image.pixel(x, y) == matrix[y // 3][x // 3], (x, y)


def test_image_qr_for_other_data_differs() -> None:
    """The matrix comparison above can fail: another payload gives another picture."""
    first = render(PrintDocument("r", "1").add(QrCode("R-1", 3)), RenderOptions(qr_native=False))
    second = render(PrintDocument("r", "1").add(QrCode("R-2", 3)), RenderOptions(qr_native=False))
    assert decode(first).images != decode(second).images


def test_profile_without_native_qr_support_gets_an_image() -> None:
    from escpos.capabilities import CAPABILITIES

    profile = next(
        name
        for name, data in CAPABILITIES["profiles"].items()
        if not data["features"].get("qrCode") and "CP858" in data["codePages"].values()
    )
    number = {name: int(n) for n, name in CAPABILITIES["profiles"][profile]["codePages"].items()}
    doc = PrintDocument("receipt", "R-1").add(Text("€ 3"), QrCode("R-9"))
    output = render(doc, RenderOptions(profile=profile, qr_native=True))
    decoded = decode(output, {number["CP858"]: "cp858"})
    assert decoded.texts == ["€ 3"]
    assert decoded.qr_codes == []
    assert len(decoded.images) == 1


def test_out_of_range_values_are_clamped_not_fatal() -> None:
    doc = PrintDocument("receipt", "R-1").add(
        QrCode("x", size=99), QrCode(""), Feed(999), Feed(0), OpenDrawer(pin=7), Rule("")
    )
    decoded = decode(render(doc, CP858))
    assert decoded.qr_codes == ["x"]
    assert ("feed", 255) in decoded.events
    assert decoded.drawer_pins == [2]
    assert decoded.texts == ["-" * 42]


def test_unknown_profile_or_code_page_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="profile"):
        validate_options(RenderOptions(profile="No-Such-Printer"))
    with pytest.raises(InvalidInput, match="CP999"):
        validate_options(RenderOptions(codepage="CP999"))
    validate_options(RenderOptions(profile="TM-T88V", codepage="cp858"))
