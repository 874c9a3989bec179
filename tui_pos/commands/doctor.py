"""`tui-pos doctor`: checks the database, printers, the print spool and input devices (scanners)
as configured (`--config`), and says what to do about each problem. Exit code 1 on a failure."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui_pos.core.checks import Check
from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.i18n import _, ngettext

if TYPE_CHECKING:
    from tui_pos.hardware.printer_config import PrinterConfig
    from tui_pos.hardware.scanner_checks import Permissions
    from tui_pos.hardware.scanner_config import ScannerConfig
    from tui_pos.hardware.scanner_discovery import DeviceSource
    from tui_pos.hardware.spool import SpoolStore
    from tui_pos.store.db import Database


@dataclass
class DoctorContext:
    """What the checks look at. Built from the configuration (`context_from_args`); tests give
    fakes. `database_url` None skips the database and connects no spool store."""

    printers: list[PrinterConfig]
    spool_store: SpoolStore | None = None
    test_print: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    database_url: str | None = None
    till_id: str = "T1"
    #: printing is switched off in the configuration ([printer] kind = "none")
    printing_off: bool = False
    scanner: ScannerConfig | None = None
    scanner_enabled: bool = False
    device_source: DeviceSource | None = None
    permissions: Permissions | None = None
    open_database: Callable[[str], Database] | None = None
    #: Set by the database section when the database is reachable and current.
    database: Database | None = None


CheckFunction = Callable[[DoctorContext], Iterable[Check]]
Results = list[tuple[str, list[Check]]]


def sections() -> list[tuple[str, CheckFunction]]:
    """The report's sections in order; add a line here for a new kind of check."""
    return [
        (_("Database"), database_checks),
        (_("Printers"), printer_checks),
        (_("Print spool"), spool_checks),
        (_("Input devices"), input_checks),
    ]


def database_checks(ctx: DoctorContext) -> list[Check]:
    if ctx.database_url is None:
        return []
    from tui_pos.store.health import check_database

    if ctx.open_database is None:
        checks, ctx.database = check_database(ctx.database_url)
    else:
        checks, ctx.database = check_database(ctx.database_url, open_db=ctx.open_database)
    if ctx.database is not None and ctx.spool_store is None:
        from tui_pos.store.spool_store import SqlSpoolStore

        ctx.spool_store = SqlSpoolStore(ctx.database, ctx.till_id)
    return checks


def printer_checks(ctx: DoctorContext) -> list[Check]:
    from tui_pos.hardware.printer_checks import check_found_printers, check_printer

    checks = [check_found_printers()]
    if ctx.printing_off:
        checks.append(
            Check(
                _("Printer"),
                "warn",
                _('printing is off ([printer] kind = "none"): receipts wait in the spool'),
                _("Set [printer] kind to the printer's connection (file, usb, network, serial)."),
            )
        )
    for cfg in ctx.printers:
        checks.extend(check_printer(cfg, test_print=ctx.test_print))
    return checks


def spool_checks(ctx: DoctorContext) -> list[Check]:
    if ctx.spool_store is None:
        return [
            Check(
                _("Print queue"),
                "warn",
                _("not checked: the database is not reachable or not current (see above)"),
            )
        ]
    from tui_pos.hardware.spool import check_spool

    return check_spool(ctx.spool_store, ctx.now)


def input_checks(ctx: DoctorContext) -> list[Check]:
    from tui_pos.hardware.scanner_checks import check_input_devices
    from tui_pos.hardware.scanner_config import ScannerConfig

    return check_input_devices(
        ctx.scanner or ScannerConfig(),
        enabled=ctx.scanner_enabled,
        source=ctx.device_source,
        permissions=ctx.permissions,
    )


def context_from_args(args: argparse.Namespace) -> DoctorContext:
    """The configuration (`--config`, environment overrides) with command-line printer options
    on top: a --printer-* option replaces the configured printer."""
    from tui_pos.config import load_settings
    from tui_pos.hardware.scanner_config import ScannerConfig
    from tui_pos.services.bootstrap import database_url
    from tui_pos.services.printing import printer_config

    settings = load_settings(args.config)
    printers = [printer_config_from_args(args)] if _printer_given(args) else []
    configured = printer_config(settings)
    if not printers and configured is not None:
        printers = [configured]
    try:
        scanner = ScannerConfig.from_dict(settings.scanner.model_dump())
    except PosError as exc:
        raise InvalidInput(_("[scanner] settings: {error}").format(error=exc.message)) from None
    return DoctorContext(
        printers=printers,
        test_print=args.test_print,
        database_url=database_url(settings),
        till_id=settings.till.id,
        printing_off=not printers,
        scanner=scanner,
        scanner_enabled=settings.scanner.enabled,
    )


def _printer_given(args: argparse.Namespace) -> bool:
    return any((args.printer_host, args.printer_usb, args.printer_serial, args.printer_file))


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
        if not checks:
            continue  # a section with nothing to look at (e.g. no database given)
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
    ctx = context_from_args(args)
    try:
        results = run_checks(ctx, sections())
    finally:
        if ctx.database is not None:
            ctx.database.dispose()
    print(format_report(results), end="")
    return exit_code(results)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help=_("check the database, printers, the print spool and scanners"),
        description=_(
            "Checks what the configuration names and says what to do about each problem; "
            "exit code 1 when something is wrong."
        ),
    )
    parser.add_argument(
        "--config",
        default=argparse.SUPPRESS,  # also accepted before the command: tui-pos --config F doctor
        help=_("configuration TOML file (default: config/tui-pos.toml)"),
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
