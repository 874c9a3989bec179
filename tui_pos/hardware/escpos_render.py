"""Renders a PrintDocument to ESC/POS bytes with python-escpos, in one locked code page."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from tui_pos.core.errors import InvalidInput
from tui_pos.core.printdoc import (
    Align,
    Cut,
    Feed,
    OpenDrawer,
    PrintDocument,
    QrCode,
    Rule,
    Text,
)
from tui_pos.hardware.escpos_loader import escpos_constants, load_capabilities, load_escpos
from tui_pos.i18n import _

#: Stand-ins (one column wide, so layouts keep their width) for typographic characters that
#: receipt code pages lack; used only when the locked code page cannot encode the original.
_FALLBACKS = {
    "…": ".",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "\u00a0": " ",
    "\u202f": " ",
    "•": "*",
}
#: Largest module size (dots) the ESC/POS QR command accepts.
_QR_MAX_SIZE = 16
_MAX_FEED = 255
_DRAWER_PINS = (2, 5)
#: Paper width in dots when the profile does not say (80 mm paper at 180 dpi).
_DEFAULT_PAPER_DOTS = 512


@dataclass(frozen=True)
class RenderOptions:
    """How to turn documents into bytes for one printer model."""

    profile: str = "default"
    codepage: str = "CP858"
    qr_native: bool = True


def validate_options(options: RenderOptions) -> None:
    """Raise InvalidInput if the profile is unknown or lacks the code page."""
    profiles: dict[str, Any] = load_capabilities().CAPABILITIES["profiles"]
    if options.profile not in profiles:
        raise InvalidInput(
            _('Unknown printer profile {profile!r}; use e.g. "default" or "TM-T88V".').format(
                profile=options.profile
            ),
            field="profile",
        )
    pages = supported_code_pages(options.profile)
    if options.codepage.upper() not in pages:
        raise InvalidInput(
            _("Printer profile {profile!r} has no code page {codepage!r}; it has: {pages}.").format(
                profile=options.profile, codepage=options.codepage, pages=", ".join(pages)
            ),
            field="codepage",
        )


def supported_code_pages(profile: str) -> list[str]:
    """Code page names the printer profile can select (ESC t)."""
    profile_data = load_capabilities().get_profile(profile)
    return [name for name in profile_data.get_code_pages() if name != "Unknown"]


def render(doc: PrintDocument, options: RenderOptions) -> bytes:
    """The ESC/POS bytes for `doc`: reset, lock the code page, then the blocks in order."""
    printer_module = load_escpos()
    printer = printer_module.Dummy(profile=options.profile)
    _Renderer(printer, doc, options).run()
    return bytes(printer.output)


class _Renderer:
    """Writes one document to a python-escpos printer, sending style changes only when needed."""

    def __init__(self, printer: Any, doc: PrintDocument, options: RenderOptions) -> None:
        self.printer = printer
        self.doc = doc
        self.options = options
        self.codepage = options.codepage.upper()
        # The printer's state after ESC @ (initialise).
        self.align: Align = "left"
        self.bold = False
        self.double = False

    def run(self) -> None:
        self.printer.hw("INIT")
        # Lock the code page: charcode() sends ESC t n and switches MagicEncode's automatic code
        # page choice off, so every character is encoded in this page or becomes "?".
        self.printer.charcode(self.codepage)
        for block in self.doc.blocks:
            if isinstance(block, Text):
                self.style(block.align, bold=block.bold, double=block.double)
                self.line(block.text)
            elif isinstance(block, Rule):
                self.style("left", bold=False, double=False)
                self.line(((block.char or "-")[0]) * self.doc.width)
            elif isinstance(block, QrCode):
                self.qr(block)
            elif isinstance(block, Feed):
                lines = min(max(block.lines, 0), _MAX_FEED)
                if lines:
                    self.printer.print_and_feed(lines)
            elif isinstance(block, Cut):
                self.printer.cut(mode="PART")
            elif isinstance(block, OpenDrawer):
                self.printer.cashdraw(block.pin if block.pin in _DRAWER_PINS else 2)

    def style(self, align: Align, *, bold: bool, double: bool) -> None:
        if double != self.double:
            if double:
                self.printer.set(double_width=True, double_height=True)
            else:
                self.printer.set(normal_textsize=True)
            self.double = double
            self.bold = False  # ESC ! (character size) also switches emphasis off
        if bold != self.bold:
            self.printer.set(bold=bold)
            self.bold = bold
        if align != self.align:
            self.printer.set(align=align)
            self.align = align

    def line(self, text: str) -> None:
        self.printer.textln(self.printable(text))

    def printable(self, text: str) -> str:
        """`text` without control characters, composed (e + ¨ → ë), with stand-ins where needed."""
        encoder = self.printer.magic.encoder
        out: list[str] = []
        for char in unicodedata.normalize("NFC", text):
            if char == "\t":
                out.append(" ")
            elif unicodedata.category(char) == "Cc":
                out.append("?")  # a stray ESC in a product name must not become a command
            elif char in _FALLBACKS and not encoder.can_encode(self.codepage, char):
                out.append(_FALLBACKS[char])
            else:
                out.append(char)
        return "".join(out)

    def qr(self, block: QrCode) -> None:
        if not block.data:
            return
        constants = escpos_constants()
        size = min(max(block.size, 1), _QR_MAX_SIZE)
        self.style("center", bold=False, double=False)
        if self.options.qr_native and self.printer.profile.supports("qrCode"):
            self.printer.qr(block.data, ec=constants.QR_ECLEVEL_M, size=size, native=True)
        else:
            self.qr_image(block.data, size)

    def qr_image(self, data: str, size: int) -> None:
        """The QR code as a raster image (GS v 0), for printers without native QR codes."""
        import qrcode
        from escpos.image import EscposImage

        constants = escpos_constants()
        max_dots = _paper_dots(self.printer.profile)
        while True:
            code = qrcode.QRCode(
                box_size=size, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M
            )
            code.add_data(data)
            code.make(fit=True)
            image = EscposImage(code.make_image().get_image())
            if image.width <= max_dots or size == 1:
                break
            size -= 1
        header = (
            constants.GS
            + b"v0\x00"
            + image.width_bytes.to_bytes(2, "little")
            + image.height.to_bytes(2, "little")
        )
        self.printer._raw(header + image.to_raster_format())


def _paper_dots(profile: Any) -> int:
    try:
        return int(profile.profile_data["media"]["width"]["pixels"])
    except (KeyError, TypeError, ValueError):
        return _DEFAULT_PAPER_DOTS
