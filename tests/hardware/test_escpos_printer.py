"""ESC/POS printer adapters: status queries, not printing when not ready, file/network/dummy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hardware.escpos_decode import decode
from tests.hardware.fake_printers import (
    COVER_OPEN,
    OFFLINE,
    ONLINE,
    PAPER_END,
    PAPER_END_STOP,
    PAPER_NEAR_END,
    PAPER_OK,
    LoopbackPrinter,
    answering_connection,
    closed_loopback_port,
)
from tui_pos.core.errors import InvalidInput
from tui_pos.core.printdoc import Cut, PrintDocument, QrCode, Text
from tui_pos.hardware.escpos_printer import (
    DummyPrinter,
    EscposPrinter,
    FilePrinter,
    explain_error,
    text_copy_path,
)
from tui_pos.hardware.escpos_render import RenderOptions
from tui_pos.hardware.escpos_status import read_status
from tui_pos.hardware.printer import PrinterError
from tui_pos.hardware.printer_config import PrinterConfig, describe_printer, printer_from_config


def receipt(ref: str = "R-1", text: str = "Totaal € 12,50") -> PrintDocument:
    return PrintDocument("receipt", ref).add(Text(text), QrCode(ref), Cut())


def printer_over(connection: object) -> EscposPrinter:
    return EscposPrinter(
        lambda: connection, options=RenderOptions(), description="test", keep_open=True
    )


# --- status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replies", "state"),
    [
        ({1: ONLINE, 4: PAPER_OK}, "online"),
        ({1: ONLINE, 4: PAPER_NEAR_END}, "online"),
        ({1: ONLINE, 4: PAPER_END}, "paper_out"),
        ({1: OFFLINE, 2: COVER_OPEN}, "cover_open"),
        ({1: OFFLINE, 2: PAPER_END_STOP}, "paper_out"),
        ({1: OFFLINE}, "offline"),
        ({}, "unknown"),
        ({1: 0xFF}, "unknown"),  # not a status byte (fixed bits wrong)
    ],
)
def test_read_status_interprets_real_time_status(replies: dict[int, int], state: str) -> None:
    assert read_status(replies.get).state == state


def test_paper_running_low_is_said() -> None:
    status = read_status({1: ONLINE, 4: PAPER_NEAR_END}.get)
    assert "low" in status.message


def test_empty_reply_is_unknown_never_online() -> None:
    connection = answering_connection({1: b""})
    status = printer_over(connection).status()
    assert status.state == "unknown"
    assert connection.queries == [1]


def test_no_reply_within_the_timeout_is_unknown() -> None:
    assert printer_over(answering_connection(timeout=True)).status().state == "unknown"


def test_status_reply_is_read_through_the_connection() -> None:
    connection = answering_connection({1: bytes([OFFLINE]), 2: bytes([COVER_OPEN])})
    status = printer_over(connection).status()
    assert status.state == "cover_open"
    assert connection.queries == [1, 2]


def test_a_printer_that_says_it_has_no_paper_gets_nothing_to_print() -> None:
    connection = answering_connection({1: bytes([OFFLINE]), 2: bytes([PAPER_END_STOP])})
    with pytest.raises(PrinterError) as raised:
        printer_over(connection).print_document(receipt())
    assert raised.value.status is not None and raised.value.status.state == "paper_out"
    decoded = decode(connection.output)
    assert decoded.texts == []
    assert [kind for kind, _ in decoded.events] == ["status_query", "status_query"]


def test_a_printer_that_does_not_answer_still_gets_the_job() -> None:
    connection = answering_connection({})
    printer_over(connection).print_document(receipt())
    assert decode(connection.output).texts == ["Totaal € 12,50"]


def test_a_silent_printer_is_not_asked_again_before_each_job() -> None:
    connection = answering_connection({})
    printer = printer_over(connection)
    printer.print_document(receipt("R-1"))
    printer.print_document(receipt("R-2"))
    assert connection.queries == [1]
    assert printer.status().state == "unknown"
    assert connection.queries == [1, 1]


def test_an_online_printer_gets_the_job_after_the_status_check() -> None:
    connection = answering_connection({1: bytes([ONLINE]), 4: bytes([PAPER_OK])})
    printer_over(connection).print_document(receipt())
    decoded = decode(connection.output)
    assert decoded.texts == ["Totaal € 12,50"]
    assert decoded.qr_codes == ["R-1"]


# --- dummy ----------------------------------------------------------------------------------


def test_dummy_printer_keeps_output_and_cannot_report_status() -> None:
    printer = printer_from_config(PrinterConfig(kind="dummy"))
    assert isinstance(printer, DummyPrinter)
    printer.print_document(receipt("R-1", "Blåbær søt"))
    printer.print_document(receipt("R-2", "Ëlise"))
    decoded = decode(printer.output)
    assert decoded.texts == ["Blåbær søt", "Ëlise"]
    assert decoded.qr_codes == ["R-1", "R-2"]
    assert printer.status().state == "unknown"


def test_open_drawer_kicks_the_chosen_pin_and_rejects_others() -> None:
    printer = DummyPrinter()
    printer.open_drawer(5)
    printer.open_drawer()
    assert decode(printer.output).drawer_pins == [5, 2]
    with pytest.raises(InvalidInput):
        printer.open_drawer(3)


# --- file -----------------------------------------------------------------------------------


def test_file_printer_appends_bytes_and_a_readable_copy(tmp_path: Path) -> None:
    path = tmp_path / "var" / "printer" / "receipts.bin"
    printer = printer_from_config(PrinterConfig(kind="file", path=str(path)))
    assert printer.status().state == "online"
    first, second = receipt("R-1", "Totaal € 12,50"), receipt("R-2", "Blåbær søt")
    printer.print_document(first)
    printer.print_document(second)
    decoded = decode(path.read_bytes())
    assert decoded.resets == 2
    assert decoded.texts == ["Totaal € 12,50", "Blåbær søt"]
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert first.plain_text() in text and second.plain_text() in text
    assert text.index("12,50") < text.index("Blåbær")


def test_file_printer_on_a_directory_is_offline_and_refuses(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path, options=RenderOptions())
    assert printer.status().state == "offline"
    with pytest.raises(PrinterError):
        printer.print_document(receipt())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_file_printer_without_write_permission_is_offline(tmp_path: Path) -> None:
    path = tmp_path / "receipts.bin"
    path.write_bytes(b"")
    path.chmod(0o444)
    printer = FilePrinter(path, options=RenderOptions())
    status = printer.status()
    assert status.state == "offline" and "permission" in status.message
    with pytest.raises(PrinterError, match="permission"):
        printer.print_document(receipt())


def test_missing_device_file_is_offline_and_gets_no_text_copy() -> None:
    path = Path("/dev/usb/lp-tui-pos-test-missing")
    assert text_copy_path(path) is None
    printer = FilePrinter(path, options=RenderOptions())
    assert printer.status().state == "offline"
    with pytest.raises(PrinterError, match="no such file"):
        printer.print_document(receipt())


def test_text_copy_never_overwrites_the_printer_file() -> None:
    assert text_copy_path(Path("out/receipts.bin")) == Path("out/receipts.txt")
    assert text_copy_path(Path("out/receipts.txt")) == Path("out/receipts.readable.txt")


# --- network (loopback only) ----------------------------------------------------------------


def test_unreachable_network_printer_is_offline_and_refuses_the_job() -> None:
    port = closed_loopback_port()
    printer = printer_from_config(
        PrinterConfig(kind="network", host="127.0.0.1", port=port, timeout_ms=500)
    )
    status = printer.status()
    assert status.state == "offline"
    assert "refused" in status.message
    with pytest.raises(PrinterError, match="refused"):
        printer.print_document(receipt())


def test_network_printer_sends_the_job_over_tcp() -> None:
    server = LoopbackPrinter(replies={1: ONLINE, 4: PAPER_OK})
    try:
        printer = printer_from_config(
            PrinterConfig(kind="network", host="127.0.0.1", port=server.port, timeout_ms=2000)
        )
        assert printer.status().state == "online"
        printer.print_document(receipt("R-5", "Blåbær søt"))
    finally:
        server.close()
    decoded = decode(bytes(server.received))
    assert decoded.texts == ["Blåbær søt"]
    assert decoded.qr_codes == ["R-5"]
    assert server.connections == 2  # one per request: the printer is free for other tills


def test_network_printer_with_cover_open_keeps_the_job() -> None:
    server = LoopbackPrinter(replies={1: OFFLINE, 2: COVER_OPEN})
    try:
        printer = printer_from_config(
            PrinterConfig(kind="network", host="127.0.0.1", port=server.port, timeout_ms=2000)
        )
        with pytest.raises(PrinterError) as raised:
            printer.print_document(receipt())
    finally:
        server.close()
    assert raised.value.status is not None and raised.value.status.state == "cover_open"
    assert decode(bytes(server.received)).texts == []


# --- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cfg", "field"),
    [
        (PrinterConfig(kind="network"), "host"),
        (PrinterConfig(kind="network", host="h", port=0), "port"),
        (PrinterConfig(kind="usb", vendor_id=0, product_id=0), "vendor_id"),
        (PrinterConfig(kind="serial"), "device"),
        (PrinterConfig(kind="file", path=""), "path"),
        (PrinterConfig(kind="bogus"), "kind"),  # type: ignore[arg-type]
        (PrinterConfig(timeout_ms=0), "timeout_ms"),
        (PrinterConfig(profile="Nope"), "profile"),
        (PrinterConfig(codepage="CP000"), "codepage"),
    ],
)
def test_bad_configuration_is_a_clear_error(cfg: PrinterConfig, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        printer_from_config(cfg)
    assert raised.value.field == field


def test_describe_printer() -> None:
    assert describe_printer(PrinterConfig(kind="usb", vendor_id=0x4B8, product_id=0x202)) == (
        "usb 04b8:0202"
    )
    assert describe_printer(PrinterConfig(kind="network", host="10.0.0.7")) == (
        "network 10.0.0.7:9100"
    )
    assert describe_printer(PrinterConfig()) == "file var/printer/receipts.bin"


def test_usb_printer_without_libusb_or_device_is_offline_with_a_reason() -> None:
    printer = printer_from_config(PrinterConfig(kind="usb", vendor_id=0x4B8, product_id=0x202))
    status = printer.status()
    assert status.state == "offline"
    assert status.message  # "libusb is not installed" or "not found", depending on the machine


def test_explain_error_unwraps_python_escpos_exceptions() -> None:
    from escpos.exceptions import DeviceNotFoundError

    class NoBackendError(Exception):
        pass

    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except OSError as exc:
            raise DeviceNotFoundError(f"Could not open socket:\n{exc}") from None
    except DeviceNotFoundError as wrapped:
        wrapped.__context__ = ConnectionRefusedError(111, "Connection refused")
        assert explain_error(wrapped) == "connection refused"
    assert "libusb" in explain_error(NoBackendError())
    assert "permission" in explain_error(PermissionError(13, "Permission denied"))
