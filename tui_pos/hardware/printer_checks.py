"""Printer checks for `tui-pos doctor`: printers found on this machine, each configured
printer's state with advice, and an optional test page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui_pos.core.checks import Check, CheckStatus
from tui_pos.core.errors import PosError
from tui_pos.core.printdoc import Cut, Feed, PrintDocument, QrCode, Rule, Text
from tui_pos.hardware.escpos_printer import is_device_path
from tui_pos.hardware.printer import PrinterError, PrinterStatus, ReceiptPrinter
from tui_pos.hardware.printer_config import PrinterConfig, describe_printer, printer_from_config
from tui_pos.i18n import _

USB_PRINTER_CLASS = 7
#: Lists USB printers as "usb 04b8:0202"; raises if USB cannot be listed (no libusb).
UsbLister = Callable[[], list[str]]


def check_printer(cfg: PrinterConfig, *, test_print: bool = False) -> list[Check]:
    """The configured printer's connection and state, and (if asked) a test page."""
    name = _("Printer ({connection})").format(connection=describe_printer(cfg))
    try:
        printer = printer_from_config(cfg)
    except PosError as exc:
        return [Check(name, "fail", exc.message, _("Fix the printer settings."))]
    with printer:
        status = printer.status()
        checks = [Check(name, _status_level(status), status.describe(), advice_for(cfg, status))]
        if test_print:
            checks.append(check_test_page(printer, cfg))
    return checks


def check_test_page(printer: ReceiptPrinter, cfg: PrinterConfig) -> Check:
    name = _("Test page")
    try:
        printer.print_document(test_page(cfg))
    except PrinterError as exc:
        status = exc.status or PrinterStatus("offline", exc.message)
        return Check(name, "fail", exc.message, advice_for(cfg, status))
    except PosError as exc:
        return Check(name, "fail", exc.message)
    return Check(
        name,
        "ok",
        _("sent; the printed € æøå ÆØÅ ë line and the QR code should match the screen"),
        _("Wrong characters: set the code page the printer uses (now {codepage}).").format(
            codepage=cfg.codepage
        ),
    )


def test_page(cfg: PrinterConfig) -> PrintDocument:
    """A page that shows whether text, code page, QR code and cutter work."""
    doc = PrintDocument(kind="test", ref="doctor", width=cfg.width)
    doc.add(
        Text(_("tui-pos test page"), align="center", bold=True, double=True),
        Rule(),
        Text(describe_printer(cfg)),
        Text(
            _("profile {profile}, code page {codepage}").format(
                profile=cfg.profile, codepage=cfg.codepage
            )
        ),
        Text("€ æøå ÆØÅ ë é ü"),
        Rule("="),
        QrCode("tui-pos test page"),
        Feed(1),
        Cut(),
    )
    return doc


def check_found_printers(
    dev_usb: Path = Path("/dev/usb"), usb_lister: UsbLister | None = None
) -> Check:
    """Printers this machine can see: usblp devices and USB printer-class devices."""
    found = [str(path) for path in sorted(dev_usb.glob("lp*"))]
    notes: list[str] = []
    try:
        found.extend((usb_lister or list_usb_printers)())
    except Exception as exc:
        notes.append(_("USB devices cannot be listed ({reason})").format(reason=_usb_reason(exc)))
    detail = ", ".join(found) if found else _("none connected by USB")
    if notes:
        detail += "; " + "; ".join(notes)
    return Check(_("Printers found"), "ok", detail)


def list_usb_printers() -> list[str]:
    """USB devices with a printer interface, as "usb vvvv:pppp"."""
    import usb.core

    def is_printer(device: object) -> bool:
        return any(
            interface.bInterfaceClass == USB_PRINTER_CLASS
            for configuration in device  # type: ignore[attr-defined]
            for interface in configuration
        )

    devices = usb.core.find(find_all=True, custom_match=is_printer) or []
    return [f"usb {d.idVendor:04x}:{d.idProduct:04x}" for d in devices]


def advice_for(cfg: PrinterConfig, status: PrinterStatus) -> str:
    """What a person can do about `status` for this kind of printer ("" when all is well)."""
    if status.state == "online":
        return ""
    if status.state == "paper_out":
        return _("Load a new paper roll; waiting receipts then print by themselves.")
    if status.state == "cover_open":
        return _("Close the printer cover.")
    message = status.message.lower()
    if cfg.kind == "usb":
        return _usb_advice(cfg, message)
    if cfg.kind == "network":
        return _(
            "Check that the printer is on and on the network (ping {host}); its address may "
            "have changed: hold FEED while switching it on to print its settings."
        ).format(host=cfg.host)
    if cfg.kind == "serial":
        if "permission" in message:
            return _("Add this user to the `dialout` group, then log in again.")
        return _("Check the cable, the power and the baud rate ({baudrate}).").format(
            baudrate=cfg.baudrate
        )
    if cfg.kind == "file":
        if status.state == "unknown":
            return _(
                "A device file cannot report paper or cover; print a test page with "
                "`tui-pos doctor --test-print`."
            )
        if is_device_path(Path(cfg.path)):
            if "permission" in message:
                return _(
                    "Add this user to the group that owns {path} (usually `lp`): "
                    "sudo usermod -aG lp $USER, then log in again."
                ).format(path=cfg.path)
            return _("Is the printer switched on and plugged in? See `ls /dev/usb/`.")
        return _("Check the path and that this user may write there.")
    if status.state == "unknown":
        return _("The printer did not say how it is; print a test page: --test-print.")
    return ""


def _usb_advice(cfg: PrinterConfig, message: str) -> str:
    if "libusb" in message:
        return _("Install libusb: sudo apt install libusb-1.0-0")
    if "permission" in message or "access" in message:
        return _(
            "Give this user access to the printer with a udev rule in "
            "/etc/udev/rules.d/99-tui-pos-printer.rules: "
            'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{vendor:04x}", '
            'ATTRS{{idProduct}}=="{product:04x}", MODE="0660", GROUP="lp" '
            "then: sudo udevadm control --reload && sudo udevadm trigger"
        ).format(vendor=cfg.vendor_id or 0, product=cfg.product_id or 0)
    if "not found" in message:
        return _(
            "Check the cable and power; `lsusb` should list {vendor:04x}:{product:04x}."
        ).format(vendor=cfg.vendor_id or 0, product=cfg.product_id or 0)
    if "unknown" in message or "did not answer" in message:
        return _("The printer did not answer the status query; print a test page: --test-print.")
    return _("Check the cable and power, then run `tui-pos doctor` again.")


def _status_level(status: PrinterStatus) -> CheckStatus:
    if status.state == "online":
        return "ok"
    if status.state == "unknown":
        return "warn"
    return "fail"


def _usb_reason(exc: Exception) -> str:
    if type(exc).__name__ == "NoBackendError":
        return _("libusb is not installed")
    return str(exc) or type(exc).__name__
