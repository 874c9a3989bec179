"""ScannerReader with fake devices: grab, codes, unplug/replug, unreadable devices, stop."""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fake_input import FakeDevice, FakeInputDir, PipeDevice
from scanner_events import typed

from tui_pos.core.errors import InvalidInput
from tui_pos.hardware.scanner import ScannerReader, ScannerState, ScannerStatus
from tui_pos.hardware.scanner_config import ScannerConfig
from tui_pos.hardware.scanner_discovery import discover

WAIT = 10.0  # generous: a timeout here means the behaviour is missing, not that it is slow


class Recorder:
    """Collects callbacks from reader threads; wait_for() blocks until a condition holds."""

    def __init__(self) -> None:
        self.codes: list[tuple[str, str]] = []
        self.statuses: list[ScannerStatus] = []
        self._changed = threading.Condition()

    def on_code(self, code: str, device: str) -> None:
        with self._changed:
            self.codes.append((code, device))
            self._changed.notify_all()

    def on_status(self, status: ScannerStatus) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool]) -> None:
        """Wait until `condition` holds; it is re-checked on every callback and every 10 ms."""
        deadline = time.monotonic() + WAIT
        with self._changed:
            while not condition():
                assert time.monotonic() < deadline, "timed out"
                self._changed.wait(0.01)

    def states(self, path: str) -> list[ScannerState]:
        return [s.state for s in self.statuses if s.path == path]


CONFIG = ScannerConfig(rescan_interval=0.02)


@pytest.fixture
def bus() -> FakeInputDir:
    return FakeInputDir()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_reader(bus: FakeInputDir, recorder: Recorder) -> Iterator[Callable[..., ScannerReader]]:
    readers: list[ScannerReader] = []

    def make(config: ScannerConfig = CONFIG) -> ScannerReader:
        reader = ScannerReader(
            config,
            recorder.on_code,
            recorder.on_status,
            open_device=bus.open,
            list_paths=bus.list_paths,
        )
        readers.append(reader)
        reader.start()
        return reader

    yield make
    for reader in readers:
        reader.stop()


def test_scanner_is_grabbed_and_codes_arrive(bus, recorder, make_reader) -> None:
    scanner = bus.plug("/dev/input/event3", FakeDevice("Honeywell Barcode Scanner"))
    make_reader()
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states("/dev/input/event3"))
    assert scanner.grabbed
    scanner.send(typed("5901234123457") + typed("ABC-1"))
    recorder.wait_for(lambda: len(recorder.codes) == 2)
    assert recorder.codes == [
        ("5901234123457", "Honeywell Barcode Scanner"),
        ("ABC-1", "Honeywell Barcode Scanner"),
    ]


def test_other_devices_are_left_alone(bus, recorder, make_reader) -> None:
    keyboard = bus.plug("/dev/input/event0", FakeDevice("AT Translated Keyboard", 1, 1))
    bus.plug("/dev/input/event1", FakeDevice("USB Barcode Scanner"))
    reader = make_reader()
    recorder.wait_for(lambda: recorder.states("/dev/input/event1") == [ScannerState.CONNECTED])
    assert not keyboard.grabbed
    assert keyboard.closed
    assert [d.path for d in reader.connected()] == ["/dev/input/event1"]


def test_prefix_suffix_and_layout_from_config(bus, recorder, make_reader) -> None:
    from tui_pos.hardware.keymaps import LAYOUTS

    scanner = bus.plug("/dev/input/event2", FakeDevice("Scanner"))
    make_reader(ScannerConfig(rescan_interval=0.02, layout="no", prefix="*", suffix="#"))
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states("/dev/input/event2"))
    scanner.send(typed("*æøå-123#", LAYOUTS["no"]))
    recorder.wait_for(lambda: len(recorder.codes) == 1)
    assert recorder.codes[0][0] == "æøå-123"


def test_unplug_is_a_status_and_replug_is_picked_up(bus, recorder, make_reader) -> None:
    path = "/dev/input/event4"
    first = bus.plug(path, FakeDevice("Barcode Scanner"))
    reader = make_reader()
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states(path))

    bus.unplug(path)
    recorder.wait_for(lambda: ScannerState.DISCONNECTED in recorder.states(path))
    unplugged = next(s for s in recorder.statuses if s.state is ScannerState.DISCONNECTED)
    assert unplugged.message == "unplugged"
    recorder.wait_for(lambda: reader.connected() == [])
    assert first.closed

    second = bus.plug(path, FakeDevice("Barcode Scanner"))
    recorder.wait_for(lambda: recorder.states(path).count(ScannerState.CONNECTED) == 2)
    assert second.grabbed
    second.send(typed("73513537"))
    recorder.wait_for(lambda: recorder.codes == [("73513537", "Barcode Scanner")])


def test_replug_under_another_node_name(bus, recorder, make_reader) -> None:
    bus.plug("/dev/input/event5", FakeDevice("Barcode Scanner"))
    reader = make_reader()
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states("/dev/input/event5"))
    bus.unplug("/dev/input/event5")
    bus.plug("/dev/input/event9", FakeDevice("Barcode Scanner"))
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states("/dev/input/event9"))
    recorder.wait_for(lambda: [d.path for d in reader.connected()] == ["/dev/input/event9"])


def test_one_unplug_does_not_disturb_another_scanner(bus, recorder, make_reader) -> None:
    bus.plug("/dev/input/event1", FakeDevice("Scanner A"))
    b = bus.plug("/dev/input/event2", FakeDevice("Scanner B"))
    make_reader()
    recorder.wait_for(
        lambda: sum(s.state is ScannerState.CONNECTED for s in recorder.statuses) == 2
    )
    bus.unplug("/dev/input/event1")
    recorder.wait_for(lambda: ScannerState.DISCONNECTED in recorder.states("/dev/input/event1"))
    b.send(typed("42"))
    recorder.wait_for(lambda: recorder.codes == [("42", "Scanner B")])


def test_device_grabbed_elsewhere_is_an_error_status(bus, recorder, make_reader) -> None:
    scanner = FakeDevice("Barcode Scanner")
    scanner.grab_error = OSError(errno.EBUSY, "Device or resource busy")
    bus.plug("/dev/input/event6", scanner)
    reader = make_reader()
    recorder.wait_for(lambda: ScannerState.ERROR in recorder.states("/dev/input/event6"))
    error = next(s for s in recorder.statuses if s.state is ScannerState.ERROR)
    assert "another program" in error.message
    assert "/dev/input/event6" in reader.unreadable()


def test_a_failing_handler_does_not_stop_the_scanner(bus, make_reader) -> None:
    seen: list[str] = []
    got_second = threading.Event()

    def on_code(code: str, device: str) -> None:
        seen.append(code)
        if code == "bad":
            raise RuntimeError("handler bug")
        got_second.set()

    scanner = bus.plug("/dev/input/event7", FakeDevice("Barcode Scanner"))
    reader = ScannerReader(CONFIG, on_code, open_device=bus.open, list_paths=bus.list_paths)
    with reader:
        scanner.send(typed("bad") + typed("good"))
        assert got_second.wait(WAIT)
    assert seen == ["bad", "good"]


def test_stop_releases_and_closes_devices(bus, recorder) -> None:
    scanner = bus.plug("/dev/input/event8", FakeDevice("Barcode Scanner"))
    reader = ScannerReader(
        CONFIG,
        recorder.on_code,
        recorder.on_status,
        open_device=bus.open,
        list_paths=bus.list_paths,
    )
    reader.start()
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states("/dev/input/event8"))
    reader.stop()
    assert not scanner.grabbed
    assert scanner.closed
    assert reader.connected() == []
    assert recorder.statuses[-1].state is ScannerState.DISCONNECTED
    assert recorder.statuses[-1].message == "stopped"
    assert not [t for t in threading.enumerate() if t.name.startswith("scanner-")]


def test_unreadable_node_is_retried_when_permissions_arrive(bus, recorder, make_reader) -> None:
    path = "/dev/input/event3"
    bus.deny(path)
    reader = make_reader()
    recorder.wait_for(lambda: path in reader.unreadable())
    assert "input" in reader.unreadable()[path]  # says what to do
    scanner = FakeDevice("Barcode Scanner")
    bus.plug(path, scanner)
    with bus._lock:
        del bus.denied[path]  # udev applied the rule a moment later
    recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states(path))


# --- discover() ----------------------------------------------------------------------------------


def test_discover_sorts_scanners_others_and_unreadable(bus) -> None:
    bus.plug("/dev/input/event0", FakeDevice("Power Button", 0, 1))
    bus.plug("/dev/input/event1", FakeDevice("Datalogic Barcode Scanner", 0x05F9, 0x2206))
    bus.plug("/dev/input/event2", FakeDevice("Generic HID", 0x0C2E, 0x0B61))
    bus.deny("/dev/input/event3")
    config = ScannerConfig(usb_ids=("0c2e:0b61",))
    found = discover(config, open_device=bus.open, paths=bus.list_paths())
    assert [d.path for d in found.scanners] == ["/dev/input/event1", "/dev/input/event2"]
    assert [d.name for d in found.others] == ["Power Button"]
    assert [u.path for u in found.unreadable] == ["/dev/input/event3"]
    assert "permission denied" in found.unreadable[0].reason
    assert found.scanners[1].usb_id == "0c2e:0b61"


def test_discover_by_explicit_path_only(bus, tmp_path) -> None:
    node = tmp_path / "event4"
    node.touch()
    link = tmp_path / "usb-Scanner-event-kbd"
    link.symlink_to(node)
    bus.plug(str(node), FakeDevice("Mystery device"))
    config = ScannerConfig(name_patterns=(), paths=(str(link),))
    found = discover(config, open_device=bus.open, paths=[str(node)])
    assert [d.path for d in found.scanners] == [str(node)]


def test_discover_reports_a_configured_path_that_is_missing(bus, tmp_path) -> None:
    config = ScannerConfig(paths=(str(tmp_path / "by-id" / "gone"),))
    found = discover(config, open_device=bus.open, paths=[])
    assert len(found.unreadable) == 1
    assert "plugged in" in found.unreadable[0].reason


def test_real_input_dir_listing_includes_unreadable_nodes(tmp_path) -> None:
    from tui_pos.hardware.scanner_discovery import list_event_paths

    for name in ("event10", "event2", "mouse0", "event1"):
        (tmp_path / name).touch(mode=0o000)
    assert [p.rsplit("/", 1)[1] for p in list_event_paths(str(tmp_path))] == [
        "event1",
        "event2",
        "event10",
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"usb_ids": ["05e0-1200"]},
        {"name_patterns": ["(unclosed"]},
        {"layout": "klingon"},
        {"terminators": ["ENTER"]},
        {"rescan_interval": 0},
        {"colour": "blue"},
    ],
)
def test_bad_scanner_config_is_refused(data: dict) -> None:
    with pytest.raises(InvalidInput):
        ScannerConfig.from_dict(data)


def test_scanner_config_from_toml_like_dict() -> None:
    config = ScannerConfig.from_dict(
        {"usb_ids": ["05E0:1200"], "layout": "de", "prefix": "]", "terminators": ["KEY_TAB"]}
    )
    assert config.usb_ids == ("05E0:1200",)
    assert config.keyboard_layout().name == "de"


def test_devices_with_a_file_descriptor_are_read_with_select(bus, recorder) -> None:
    path = "/dev/input/event11"
    scanner = bus.plug(path, PipeDevice("Barcode Scanner"))
    reader = ScannerReader(
        CONFIG,
        recorder.on_code,
        recorder.on_status,
        open_device=bus.open,
        list_paths=bus.list_paths,
    )
    with reader:
        recorder.wait_for(lambda: ScannerState.CONNECTED in recorder.states(path))
        scanner.send(typed("4006381333931"))
        recorder.wait_for(lambda: recorder.codes == [("4006381333931", "Barcode Scanner")])
        bus.unplug(path)
        recorder.wait_for(lambda: ScannerState.DISCONNECTED in recorder.states(path))
        again = bus.plug(path, PipeDevice("Barcode Scanner"))
        recorder.wait_for(lambda: recorder.states(path).count(ScannerState.CONNECTED) == 2)
    assert again.closed and not again.grabbed  # stop() ended the select loop and released it
