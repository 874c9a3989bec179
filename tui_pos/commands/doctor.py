"""`tui-pos doctor`: checks printers, the print spool (and more, pluggable) and says what to fix."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui_pos.core.checks import Check
from tui_pos.core.errors import InvalidInput
from tui_pos.i18n import _, ngettext

if TYPE_CHECKING:
    from tui_pos.hardware.printer_config import PrinterConfig
    from tui_pos.hardware.spool import SpoolStore


@dataclass
class DoctorContext:
    """What the checks look at: configured printers, the spool store, and options."""

    printers: list[PrinterConfig]
    spool_store: SpoolStore | None = None
    test_print: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


CheckFunction = Callable[[DoctorContext], Iterable[Check]]
Results = list[tuple[str, list[Check]]]


def sections() -> list[tuple[str, CheckFunction]]:
    """The report's sections in order; add a line here for a new kind of check."""
    return [
        (_("Printers"), printer_checks),
        (_("Print spool"), spool_checks),
    ]


def printer_checks(ctx: DoctorContext) -> list[Check]:
    from tui_pos.hardware.printer_checks import check_found_printers, check_printer

    checks = [check_found_printers()]
    for cfg in ctx.printers:
        checks.extend(check_printer(cfg, test_print=ctx.test_print))
    return checks


def spool_checks(ctx: DoctorContext) -> list[Check]:
    if ctx.spool_store is None:
        return [
            Check(
                _("Print queue"),
                "warn",
                _("not checked: the print spool is not connected to the database yet"),
            )
        ]
    from tui_pos.hardware.spool import check_spool

    return check_spool(ctx.spool_store, ctx.now)


def context_from_args(args: argparse.Namespace) -> DoctorContext:
    """Map configuration and command-line overrides to the doctor's context.

    The one place to replace when the configuration (config/tui-pos.toml) and the database
    exist: take the printers and the spool store from there, keep the overrides on top.
    """
    return DoctorContext(printers=[printer_config_from_args(args)], test_print=args.test_print)


def printer_config_from_args(args: argparse.Namespace) -> PrinterConfig:
    from tui_pos.hardware.printer_config import PrinterConfig

    common: dict[str, Any] = {
        "profile": args.printer_profile,
        "codepage": args.codepage,
        "timeout_ms": args.timeout_ms,
        "qr_native": not args.no_native_qr,
    }
    if args.printer_host:
        host, port = _host_port(args.printer_host)
        return PrinterConfig(kind="network", host=host, port=port, **common)
    if args.printer_usb:
        vendor, product = _usb_ids(args.printer_usb)
        return PrinterConfig(kind="usb", vendor_id=vendor, product_id=product, **common)
    if args.printer_serial:
        return PrinterConfig(
            kind="serial", device=args.printer_serial, baudrate=args.baudrate, **common
        )
    if args.printer_file:
        return PrinterConfig(kind="file", path=args.printer_file, **common)
    return PrinterConfig(**common)


def run_checks(ctx: DoctorContext, report_sections: list[tuple[str, CheckFunction]]) -> Results:
    """Run every section; a check that crashes is reported as a failure, not a traceback."""
    results: Results = []
    for title, check_function in report_sections:
        try:
            checks = list(check_function(ctx))
        except Exception as exc:
            checks = [Check(title, "fail", _("the check itself failed: {error}").format(error=exc))]
        results.append((title, checks))
    return results


def format_report(results: Results) -> str:
    marks = {"ok": _("ok"), "warn": _("warn"), "fail": _("FAIL")}
    width = max(len(mark) for mark in marks.values()) + 2
    lines: list[str] = []
    for title, checks in results:
        lines.append(title)
        for check in checks:
            text = f"{check.name}: {check.detail}" if check.detail else check.name
            lines.append(f"  {marks[check.status]:<{width}}{text}")
            if check.advice and check.status != "ok":
                lines.append(f"  {'':<{width}}→ {check.advice}")
        lines.append("")
    all_checks = [check for _title, checks in results for check in checks]
    failures = sum(check.status == "fail" for check in all_checks)
    warnings = sum(check.status == "warn" for check in all_checks)
    lines.append(
        ngettext("{count} problem", "{count} problems", failures).format(count=failures)
        + ", "
        + ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)
        + "."
    )
    return "\n".join(lines) + "\n"


def exit_code(results: Results) -> int:
    """0 when nothing failed (warnings are fine), 1 otherwise."""
    return int(any(check.failed for _title, checks in results for check in checks))


def run_doctor(args: argparse.Namespace) -> int:
    results = run_checks(context_from_args(args), sections())
    print(format_report(results), end="")
    return exit_code(results)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "doctor", help=_("check printers, the print spool and other devices")
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--printer-file", metavar="PATH", help=_("file or device to print to"))
    where.add_argument("--printer-host", metavar="HOST[:PORT]", help=_("network printer"))
    where.add_argument("--printer-usb", metavar="VID:PID", help=_("USB printer, ids in hex"))
    where.add_argument("--printer-serial", metavar="DEVICE", help=_("serial printer device"))
    parser.add_argument("--baudrate", type=int, default=9600)
    parser.add_argument("--printer-profile", default="default", metavar="PROFILE")
    parser.add_argument("--codepage", default="CP858")
    parser.add_argument("--timeout-ms", type=int, default=3000)
    parser.add_argument("--no-native-qr", action="store_true", help=_("print QR codes as images"))
    parser.add_argument("--test-print", action="store_true", help=_("print a test page"))
    parser.set_defaults(func=run_doctor)


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep:
        return text, 9100
    if not port.isdigit():
        raise InvalidInput(_("Printer address {text!r} is not HOST:PORT.").format(text=text))
    return host, int(port)


def _usb_ids(text: str) -> tuple[int, int]:
    vendor, sep, product = text.partition(":")
    try:
        if not sep:
            raise ValueError(text)
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise InvalidInput(
            _("USB printer {text!r} is not VID:PID in hex, e.g. 04b8:0202.").format(text=text)
        ) from None
