"""Printer settings (a plain dataclass the configuration maps onto) and the adapter factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _

if TYPE_CHECKING:
    from tui_pos.hardware.printer import ReceiptPrinter

PrinterKind = Literal["file", "usb", "network", "serial", "dummy"]
PRINTER_KINDS: tuple[PrinterKind, ...] = ("file", "usb", "network", "serial", "dummy")

DEFAULT_PRINTER_FILE = "var/printer/receipts.bin"


@dataclass(frozen=True)
class PrinterConfig:
    """How to reach one ESC/POS printer and how to talk to it.

    kind "file" appends raw bytes to `path` (a file, or a device such as /dev/usb/lp0); a
    regular file also gets a readable `.txt` rendering beside it. `timeout_ms` bounds USB
    writes and network/serial connects and reads.
    """

    kind: PrinterKind = "file"
    path: str = DEFAULT_PRINTER_FILE
    vendor_id: int | None = None
    product_id: int | None = None
    usb_in_ep: int = 0x82
    usb_out_ep: int = 0x01
    host: str = ""
    port: int = 9100
    device: str = ""
    baudrate: int = 9600
    timeout_ms: int = 3000
    profile: str = "default"
    codepage: str = "CP858"
    width: int = 42
    qr_native: bool = True


def describe_printer(cfg: PrinterConfig) -> str:
    """How the printer is reached, for people: "network 10.0.0.7:9100", "usb 04b8:0202", ..."""
    if cfg.kind == "file":
        return f"file {cfg.path}"
    if cfg.kind == "usb":
        return f"usb {_hex4(cfg.vendor_id)}:{_hex4(cfg.product_id)}"
    if cfg.kind == "network":
        return f"network {cfg.host}:{cfg.port}"
    if cfg.kind == "serial":
        return f"serial {cfg.device} @ {cfg.baudrate}"
    return "dummy"


def validate_config(cfg: PrinterConfig) -> None:
    """Raise InvalidInput when a setting the connection needs is missing or out of range."""
    if cfg.kind not in PRINTER_KINDS:
        raise InvalidInput(
            _("Unknown printer kind {kind!r}; use one of: {kinds}.").format(
                kind=cfg.kind, kinds=", ".join(PRINTER_KINDS)
            ),
            field="kind",
        )
    if cfg.kind == "file" and not cfg.path:
        raise InvalidInput(_("A file printer needs a path."), field="path")
    if cfg.kind == "usb" and not (cfg.vendor_id and cfg.product_id):
        raise InvalidInput(
            _("A USB printer needs its vendor and product id (see `lsusb`)."), field="vendor_id"
        )
    if cfg.kind == "network" and not cfg.host:
        raise InvalidInput(_("A network printer needs a host name or address."), field="host")
    if cfg.kind == "network" and not 0 < cfg.port < 65536:
        raise InvalidInput(_("The printer port must be between 1 and 65535."), field="port")
    if cfg.kind == "serial" and not cfg.device:
        raise InvalidInput(_("A serial printer needs a device, e.g. /dev/ttyUSB0."), field="device")
    if cfg.timeout_ms <= 0:
        raise InvalidInput(_("The printer timeout must be more than 0 ms."), field="timeout_ms")
    if cfg.width < 10:
        raise InvalidInput(_("The paper width must be at least 10 columns."), field="width")


def printer_from_config(cfg: PrinterConfig) -> ReceiptPrinter:
    """The printer adapter for `cfg`; raises InvalidInput for a bad configuration.

    Nothing is opened yet: a printer that is switched off still gives an adapter (its jobs
    wait in the spool).
    """
    from tui_pos.hardware.escpos_printer import escpos_printer_from_config

    validate_config(cfg)
    return escpos_printer_from_config(cfg)


def _hex4(value: int | None) -> str:
    return "????" if value is None else f"{value:04x}"
