"""python-escpos must not write to the terminal or configure logging: the TUI owns stdout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardware.fake_printers import closed_loopback_port
from tui_pos.core.printdoc import Cut, PrintDocument, QrCode, Text

PROBE = """
import logging, sys
from tui_pos.core.printdoc import Cut, PrintDocument, QrCode, Text
from tui_pos.hardware.printer import PrinterError
from tui_pos.hardware.printer_config import PrinterConfig, printer_from_config

doc = PrintDocument("receipt", "R-1").add(Text("Totaal € 12,50"), QrCode("R-1"), Cut())
image_doc = PrintDocument("receipt", "R-2").add(QrCode("R-2"))
configs = [
    PrinterConfig(kind="dummy"),
    PrinterConfig(kind="dummy", qr_native=False),
    PrinterConfig(kind="file", path=sys.argv[1]),
    PrinterConfig(kind="file", path="/dev/usb/lp-tui-pos-missing"),
    PrinterConfig(kind="network", host="127.0.0.1", port=int(sys.argv[2]), timeout_ms=300),
    PrinterConfig(kind="usb", vendor_id=0x04B8, product_id=0x0202),
    PrinterConfig(kind="serial", device="/dev/tty-tui-pos-missing"),
]
for cfg in configs:
    printer = printer_from_config(cfg)
    printer.status()
    for d in (doc, image_doc):
        try:
            printer.print_document(d)
        except PrinterError:
            pass
    printer.close()
root = logging.getLogger()
sys.exit(10 + len(root.handlers))
"""


def run_probe(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )


def test_printing_through_every_connection_kind_writes_nothing_to_the_terminal(
    tmp_path: Path,
) -> None:
    result = run_probe(PROBE, str(tmp_path / "receipts.bin"), str(closed_loopback_port()))
    assert result.stdout == ""
    assert result.stderr == ""
    assert result.returncode == 10, "python-escpos left a handler on the root logger"


def test_the_probe_can_see_python_escpos_misbehave() -> None:
    """Imported directly, python-escpos does add a root handler: the check above is real."""
    result = run_probe("import logging, escpos.printer; print(len(logging.getLogger().handlers))")
    assert result.stdout.strip() == "1"


def test_python_escpos_keeps_its_printer_database_in_the_cache(tmp_path: Path) -> None:
    code = "from tui_pos.hardware.escpos_loader import load_escpos; load_escpos()"
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "tui-pos" / "escpos").glob("*.capabilities.pickle"))


def test_in_process_printing_to_a_dummy_is_silent(capfd: pytest.CaptureFixture[str]) -> None:
    from tui_pos.hardware.printer_config import PrinterConfig, printer_from_config

    printer = printer_from_config(PrinterConfig(kind="dummy", qr_native=False))
    printer.print_document(PrintDocument("receipt", "R-1").add(Text("€"), QrCode("R-1"), Cut()))
    printer.status()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
