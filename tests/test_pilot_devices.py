"""The till with its device threads, through Pilot: the spool worker feeding the status bar,
reprints through the spool, and evdev scanners (fake devices) filling the cart."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from conftest import DEMO_BARCODE
from test_pilot_checkout import checkout, pay, scan
from textual.pilot import Pilot
from textual.widgets import Label

from tests.hardware.fake_input import FakeDevice, FakeInputDir
from tests.hardware.fake_printers import FlakyPrinter
from tests.hardware.scanner_events import typed
from tui_pos.app import PosApp
from tui_pos.hardware.scanner_discovery import DeviceSource
from tui_pos.services.context import TillContext
from tui_pos.services.printing import spool_store

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.parametrize("database", ["sqlite"], indirect=True),  # UI: one backend is enough
]

FAST = {"min_backoff": 0.01, "max_backoff": 0.1, "idle_poll": 1.0, "status_poll": None}
WAIT = 10.0  # only reached when something is broken


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(0.01)
    return condition()


def label(app: PosApp, name: str) -> Label:
    return checkout(app).query_one(f"#{name}", Label)


def text(app: PosApp, name: str) -> str:
    return str(label(app, name).render())


def printed(printer: FlakyPrinter) -> list[tuple[str, str]]:
    with printer.lock:
        return [(doc.kind, doc.ref) for doc in printer.printed]


async def test_status_bar_shows_the_printer_and_queue_and_reprint_goes_through_the_spool(
    ctx: TillContext,
) -> None:
    printer = FlakyPrinter(failures=10**9)  # switched off
    app = PosApp(ctx, printer=printer, spool_options=FAST)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, DEMO_BARCODE)
        await pay(pilot, [("c", "")])
        await pilot.press("enter")  # next customer: the sale is done, the printer is still off
        await pilot.pause()
        assert checkout(app).service.cart.is_empty
        assert await until(pilot, lambda: "1 waiting" in text(app, "printer-state"))
        assert "offline" in text(app, "printer-state")
        assert label(app, "printer-state").has_class("problem")

        with printer.lock:
            printer.failures = 0  # switched on
        assert await until(pilot, lambda: text(app, "printer-state") == "Printer ok")
        assert not label(app, "printer-state").has_class("problem")
        assert printed(printer) == [("receipt", "T1-000001")]

        await pilot.press("ctrl+r")
        assert await until(pilot, lambda: len(printed(printer)) == 2)
        assert printed(printer)[1] == ("copy", "T1-000001")
        assert "COPY" in printer.printed[1].plain_text()
    assert spool_store(ctx).count_pending() == 0


async def test_no_printer_configured_shows_no_printer_state(ctx: TillContext) -> None:
    ctx.settings.printer.kind = "none"
    app = PosApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.printing is None
        assert not label(app, "printer-state").display
        service = checkout(app).service
        service.scan("1002")
        session = service.start_payment()
        session.add(next(m for m in ctx.till_methods() if m.kind == "card"), session.remaining)
        service.complete(session)
    assert spool_store(ctx).count_pending() == 1  # kept: it prints once a printer is set up


async def test_evdev_scanner_fills_the_cart_and_survives_unplug_and_replug(
    ctx: TillContext,
) -> None:
    ctx.settings.scanner.enabled = True
    ctx.settings.scanner.rescan_interval = 0.02
    bus = FakeInputDir()
    keyboard = bus.plug("/dev/input/event3", FakeDevice("AT Translated Set 2 keyboard", 1, 1))
    scanner = bus.plug("/dev/input/event7", FakeDevice("Honeywell Barcode Scanner"))
    source = DeviceSource(bus.open, bus.list_paths)
    app = PosApp(ctx, start_printing=False, device_source=source)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: text(app, "scanner-state") == "Scanner ok")
        assert scanner.grabbed and not keyboard.grabbed

        scanner.send(typed(DEMO_BARCODE))
        cart = checkout(app).service.cart
        assert await until(pilot, lambda: len(cart.lines) == 1)
        assert cart.lines[0].article.code == "1001"

        bus.unplug("/dev/input/event7")
        assert await until(pilot, lambda: text(app, "scanner-state") == "Scanner unplugged")
        assert label(app, "scanner-state").has_class("problem")

        replugged_at = time.monotonic()
        again = bus.plug("/dev/input/event7", FakeDevice("Honeywell Barcode Scanner"))
        reader = app.scanners
        assert reader is not None
        assert await until(pilot, lambda: bool(reader.connected()))
        assert time.monotonic() - replugged_at < 2.0  # HW-1: read again, without a restart
        assert await until(pilot, lambda: text(app, "scanner-state") == "Scanner ok")
        again.send(typed("1002"))
        assert await until(pilot, lambda: len(cart.lines) == 2)
        assert [line.article.code for line in cart.lines] == ["1001", "1002"]
    assert not again.grabbed and again.closed  # released when the till closes


async def test_evdev_scanning_is_off_unless_configured(ctx: TillContext) -> None:
    bus = FakeInputDir()
    scanner = bus.plug("/dev/input/event7", FakeDevice("Honeywell Barcode Scanner"))
    app = PosApp(ctx, start_printing=False, device_source=DeviceSource(bus.open, bus.list_paths))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.05)
        assert app.scanners is None and bus.opened == [] and not scanner.grabbed
        assert not label(app, "scanner-state").display


async def test_wedge_settings_reach_the_scan_detector(ctx: TillContext) -> None:
    wedge = ctx.settings.wedge
    wedge.min_length, wedge.max_gap, wedge.prefix, wedge.suffix = 9, 0.02, "~", "#"
    app = PosApp(ctx, start_printing=False)
    async with app.run_test(size=(80, 24)):
        assert app.wedge is not None
        config = app.wedge.config
        assert (config.min_length, config.max_gap, config.prefix, config.suffix) == (
            9,
            0.02,
            "~",
            "#",
        )
        assert app.wedge.detector.config is config
