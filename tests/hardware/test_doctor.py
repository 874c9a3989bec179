"""`tui-pos doctor`: the printer and spool report, exit codes, pluggable checks."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.hardware.fake_input import FakeInputDir
from tests.hardware.fake_printers import closed_loopback_port
from tui_pos.cli import main
from tui_pos.commands.doctor import (
    DoctorContext,
    exit_code,
    format_report,
    printer_config_from_args,
    run_checks,
    sections,
)
from tui_pos.core.checks import Check
from tui_pos.hardware.printer_checks import check_found_printers
from tui_pos.hardware.printer_config import PrinterConfig
from tui_pos.hardware.scanner_discovery import DeviceSource
from tui_pos.hardware.spool import InMemorySpoolStore
from tui_pos.store.db import Database


@pytest.fixture
def _migrated_database(fresh_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI doctor reads the default config; point its database at a migrated one."""
    monkeypatch.setenv("TUI_POS_DATABASE__URL", fresh_database.url)


@pytest.mark.usefixtures("_migrated_database")
def test_doctor_with_a_file_printer_reports_it_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "receipts.bin"
    assert main(["doctor", "--printer-file", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Printer (file {path})" in out
    assert "online" in out
    assert "Print spool" in out and "no jobs waiting" in out
    assert "Database" in out and "migrations current" in out
    assert "0 problems" in out


@pytest.mark.usefixtures("_migrated_database")
def test_doctor_test_page_on_a_file_printer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "receipts.bin"
    assert main(["doctor", "--printer-file", str(path), "--test-print"]) == 0
    assert "Test page" in capsys.readouterr().out
    assert "€ æøå ÆØÅ ë" in path.with_suffix(".txt").read_text(encoding="utf-8")


@pytest.mark.usefixtures("_migrated_database")
def test_doctor_with_an_unreachable_network_printer_fails_with_advice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = closed_loopback_port()
    assert main(["doctor", "--printer-host", f"127.0.0.1:{port}", "--timeout-ms", "500"]) == 1
    out = capsys.readouterr().out
    assert f"Printer (network 127.0.0.1:{port})" in out
    assert "FAIL" in out and "connection refused" in out
    assert "ping 127.0.0.1" in out  # what to do about it
    assert "1 problem" in out


def test_doctor_rejects_malformed_printer_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--printer-usb", "epson"]) == 2
    assert "VID:PID" in capsys.readouterr().err
    assert main(["doctor", "--printer-host", "host:port"]) == 2


def test_printer_options_map_to_a_printer_config() -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    from tui_pos.commands import doctor

    doctor.register(subparsers)
    args = parser.parse_args(["doctor", "--printer-usb", "04b8:0e15", "--codepage", "CP865"])
    cfg = printer_config_from_args(args)
    assert (cfg.kind, cfg.vendor_id, cfg.product_id, cfg.codepage) == (
        "usb",
        0x04B8,
        0x0E15,
        "CP865",
    )
    args = parser.parse_args(["doctor", "--printer-host", "pos-printer"])
    assert printer_config_from_args(args).port == 9100
    assert printer_config_from_args(parser.parse_args(["doctor"])) == PrinterConfig()


def test_a_spool_with_waiting_jobs_is_reported(tmp_path: Path) -> None:
    store = InMemorySpoolStore()
    job = store.add("receipt", "R-1", "{}")
    store.mark_failed(job.id, "paper out")
    ctx = DoctorContext(
        printers=[PrinterConfig(path=str(tmp_path / "r.bin"))],
        spool_store=store,
        device_source=DeviceSource(FakeInputDir().open, list),
    )
    report = format_report(run_checks(ctx, sections()))
    assert "1 job waiting" in report and "paper out" in report


def test_a_crashing_check_is_a_failure_not_a_traceback() -> None:
    def broken(ctx: DoctorContext) -> list[Check]:
        raise RuntimeError("no database driver")

    def fine(ctx: DoctorContext) -> list[Check]:
        return [Check("Scanner", "warn", "none found", "plug it in")]

    results = run_checks(DoctorContext(printers=[]), [("Database", broken), ("Input", fine)])
    report = format_report(results)
    assert "FAIL" in report and "no database driver" in report
    assert "→ plug it in" in report
    assert exit_code(results) == 1
    assert exit_code(run_checks(DoctorContext(printers=[]), [("Input", fine)])) == 0


def test_found_printers_lists_usblp_devices_and_usb_printers(tmp_path: Path) -> None:
    (tmp_path / "lp0").touch()
    check = check_found_printers(tmp_path, usb_lister=lambda: ["usb 04b8:0202"])
    assert check.detail == f"{tmp_path / 'lp0'}, usb 04b8:0202"

    def no_libusb() -> list[str]:
        raise type("NoBackendError", (Exception,), {})()

    check = check_found_printers(tmp_path / "none", usb_lister=no_libusb)
    assert "none connected" in check.detail and "libusb" in check.detail
