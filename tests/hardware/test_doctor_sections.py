"""`tui-pos doctor` sections with fakes: input devices (allowlist, busy, unreadable and the
group/udev fix), the database (reachable, schema, SQLite WAL/synchronous) and the spool from it,
and reading the configuration (--config)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import FixedClock
from sqlalchemy import event

from tests.hardware.fake_input import FakeDevice, FakeInputDir
from tests.hardware.fake_printers import closed_loopback_port
from tui_pos.cli import main
from tui_pos.commands.doctor import DoctorContext, exit_code, format_report, run_checks, sections
from tui_pos.config import DEFAULT_CONFIG
from tui_pos.core.checks import Check
from tui_pos.hardware.scanner_checks import Permissions, check_input_devices
from tui_pos.hardware.scanner_config import ScannerConfig
from tui_pos.hardware.scanner_discovery import DeviceSource
from tui_pos.store.db import Database, open_database
from tui_pos.store.health import check_database, safe_url
from tui_pos.store.migrate import upgrade
from tui_pos.store.spool_store import SqlSpoolStore

SCANNER = ("Honeywell Barcode Scanner", 0x0C2E, 0x0B61)
KEYBOARD = ("AT Translated Set 2 keyboard", 0x0001, 0x0001)


def source(bus: FakeInputDir) -> DeviceSource:
    return DeviceSource(bus.open, bus.list_paths)


def permissions(
    node: str = "input", session: set[str] | None = None, added: set[str] | None = None
) -> Permissions:
    return Permissions(
        node_group=lambda path: node,
        session_groups=lambda: session or {"till"},
        configured_groups=lambda: added or set(),
    )


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


# --- input devices --------------------------------------------------------------------------


def test_a_readable_scanner_is_ok_and_the_keyboard_is_listed_to_copy_from() -> None:
    bus = FakeInputDir()
    bus.plug("/dev/input/event3", FakeDevice(*KEYBOARD))
    scanner = bus.plug("/dev/input/event7", FakeDevice(*SCANNER))
    checks = by_name(check_input_devices(ScannerConfig(), enabled=True, source=source(bus)))
    found = checks["Scanners (evdev)"]
    assert found.status == "ok"
    assert "Honeywell Barcode Scanner (/dev/input/event7, 0c2e:0b61)" in found.detail
    assert "layout us" in found.detail
    others = checks["Other input devices"]
    assert "AT Translated Set 2 keyboard (/dev/input/event3, 0001:0001)" in others.detail
    assert not scanner.grabbed and scanner.closed  # the test grab was released at once


def test_a_scanner_another_program_grabbed_is_reported_in_use() -> None:
    bus = FakeInputDir()
    scanner = bus.plug("/dev/input/event7", FakeDevice(*SCANNER))
    scanner.grab_error = OSError(errno.EBUSY, "Device or resource busy")
    [check] = check_input_devices(ScannerConfig(), enabled=True, source=source(bus))
    assert check.status == "warn"
    assert "in use: another program has grabbed it" in check.detail
    assert "a till already running" in check.advice


def test_devices_this_user_may_not_open_are_named_with_the_group_and_udev_fix() -> None:
    bus = FakeInputDir()
    bus.plug("/dev/input/event3", FakeDevice(*KEYBOARD))
    bus.deny("/dev/input/event7")
    bus.deny("/dev/input/event9", errno.ENODEV)
    checks = by_name(
        check_input_devices(
            ScannerConfig(), enabled=True, source=source(bus), permissions=permissions()
        )
    )
    unreadable = checks["Unreadable input devices"]
    assert unreadable.status == "warn"
    assert "permission denied: /dev/input/event7" in unreadable.detail
    assert "list_devices() leaves these out" in unreadable.detail
    assert "/dev/input/event9: not present" in unreadable.detail
    assert "sudo usermod -aG input $USER" in unreadable.advice
    assert "config/udev/99-tui-pos-scanner.rules" in unreadable.advice
    missing = checks["Scanners (evdev)"]
    assert missing.status == "fail" and "usb_ids" in missing.advice


def test_a_group_added_after_login_needs_a_new_login() -> None:
    bus = FakeInputDir()
    bus.deny("/dev/input/event7")
    perms = permissions(node="tui-pos", session={"till"}, added={"tui-pos"})
    checks = by_name(
        check_input_devices(ScannerConfig(), enabled=True, source=source(bus), permissions=perms)
    )
    assert "log out and in again" in checks["Unreadable input devices"].advice
    assert "tui-pos" in checks["Unreadable input devices"].advice


def test_with_evdev_scanning_off_nothing_about_input_devices_fails() -> None:
    bus = FakeInputDir()
    bus.deny("/dev/input/event7")
    bus.plug("/dev/input/event8", FakeDevice(*SCANNER))
    checks = by_name(
        check_input_devices(
            ScannerConfig(), enabled=False, source=source(bus), permissions=permissions()
        )
    )
    assert checks["Scanners (evdev)"].status == "warn"
    assert "enabled = true" in checks["Scanners (evdev)"].advice
    assert checks["Unreadable input devices"].status == "ok"
    [nothing] = check_input_devices(ScannerConfig(), enabled=False, source=source(FakeInputDir()))
    assert nothing.status == "ok" and "keyboard wedge" in nothing.detail


def test_no_input_devices_at_all_fails_when_evdev_scanning_is_on() -> None:
    [check] = check_input_devices(ScannerConfig(), enabled=True, source=source(FakeInputDir()))
    assert check.status == "fail" and "no input devices" in check.detail
    assert "keyboard wedge" in check.advice


def test_the_allowlist_by_usb_id_and_path_decides() -> None:
    bus = FakeInputDir()
    bus.plug("/dev/input/event3", FakeDevice("Generic USB Keyboard", 0x1A86, 0xE026))
    bus.plug("/dev/input/event4", FakeDevice("Newland HID", 0x1EAB, 0x0D22))
    config = ScannerConfig(name_patterns=(), usb_ids=("1a86:e026",), paths=("/dev/input/event4",))
    [check] = check_input_devices(config, enabled=True, source=source(bus))
    assert check.status == "ok"
    assert "Generic USB Keyboard" in check.detail and "Newland HID" in check.detail


# --- database -------------------------------------------------------------------------------


def test_a_migrated_database_is_reachable_current_and_durable(database: Database) -> None:
    checks, db = check_database(database.url)
    try:
        assert db is not None
        assert [c.status for c in checks] == ["ok"] * len(checks)
        names = [c.name for c in checks]
        assert names[:2] == ["Database", "Schema"]
        if database.is_sqlite:
            assert by_name(checks)["SQLite journal"].detail == "WAL"
            assert by_name(checks)["SQLite synchronous"].detail == "FULL"
    finally:
        if db is not None:
            db.dispose()


def test_a_missing_sqlite_file_is_reported_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "pos.db"
    [check], db = check_database(f"sqlite:///{path}")
    assert db is None and check.status == "fail"
    assert "does not exist" in check.detail and "Start the till once" in check.advice
    assert not path.exists() and not path.parent.exists()


def test_an_empty_sqlite_file_needs_migrating_and_is_not_wal(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    checks, db = check_database(f"sqlite:///{path}")
    assert db is None
    found = by_name(checks)
    assert found["Schema"].status == "fail" and "no migration" in found["Schema"].detail
    assert found["SQLite journal"].status == "warn"


def test_a_schema_behind_this_version_fails(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(db, "0001")
    db.dispose()
    checks, opened = check_database(f"sqlite:///{tmp_path / 'old.db'}")
    schema = by_name(checks)["Schema"]
    assert opened is None and schema.status == "fail"
    assert "at 0001; this tui-pos needs" in schema.detail


def test_synchronous_below_full_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pos.db'}"
    upgrade(open_database(url))

    def lax(url: str) -> Database:
        db = open_database(url, pool=False)

        @event.listens_for(db.engine, "connect")
        def _off(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA synchronous=OFF")

        return db

    checks, db = check_database(url, open_db=lax)
    assert db is not None
    db.dispose()
    check = by_name(checks)["SQLite synchronous"]
    assert check.status == "fail" and "OFF" in check.detail


def test_an_unreachable_server_fails_and_the_password_is_never_shown() -> None:
    url = f"postgresql+psycopg://pos:s3cret@127.0.0.1:{closed_loopback_port()}/pos"
    [check], db = check_database(url)
    assert db is None and check.status == "fail"
    assert "not reachable" in check.detail and "s3cret" not in check.detail
    assert "***" in check.detail and "server" in check.advice
    assert safe_url(url).startswith("postgresql+psycopg://pos:***@127.0.0.1")


# --- the spool from the database, and the whole report --------------------------------------


def test_the_report_counts_waiting_and_unprintable_jobs_from_the_database(
    database: Database, clock: FixedClock
) -> None:
    from datetime import timedelta

    store = SqlSpoolStore(database, "T1", clock)
    first = store.add("receipt", "T1-000001", "{}")
    store.add("receipt", "T1-000002", "{}")
    store.mark_failed(first.id, "connection refused")
    bad = store.add("receipt", "T1-000003", "{}")
    store.mark_rejected(bad.id, "unreadable payload")
    ctx = DoctorContext(
        printers=[],
        database_url=database.url,
        till_id="T1",
        device_source=source(FakeInputDir()),
        now=clock.now + timedelta(minutes=7),
    )
    results = run_checks(ctx, sections())
    if ctx.database is not None:
        ctx.database.dispose()
    report = format_report(results)
    assert "2 jobs waiting" in report and "oldest 7 min (receipt T1-000001)" in report
    assert "connection refused" in report
    assert "1 set aside: receipt T1-000003: unreadable payload" in report
    assert exit_code(results) == 0  # waiting jobs are warnings: they print by themselves


def test_the_doctor_reads_the_configuration_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TUI_POS_DATABASE__URL", raising=False)
    db_path = tmp_path / "shop.db"
    db = open_database(f"sqlite:///{db_path}")
    upgrade(db)
    SqlSpoolStore(db, "K7").add("receipt", "K7-000001", "{}")
    db.dispose()
    config = tmp_path / "shop.toml"
    config.write_text(
        DEFAULT_CONFIG.read_text()
        .replace('url = "sqlite:///var/tui-pos.db"', f'url = "sqlite:///{db_path}"')
        .replace('id = "T1"', 'id = "K7"')
        .replace('kind = "file" ', 'kind = "none" ')
    )
    for argv in (["--config", str(config), "doctor"], ["doctor", "--config", str(config)]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert f"sqlite:///{db_path}: reachable" in out
        assert "1 job waiting" in out and "K7-000001" in out
        assert "printing is off" in out

    config.write_text(DEFAULT_CONFIG.read_text().replace('layout = "us"', 'layout = "fr"'))
    assert main(["doctor", "--config", str(config)]) == 2
    assert "scanner.layout" in capsys.readouterr().err
