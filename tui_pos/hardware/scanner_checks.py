"""Input-device checks for `tui-pos doctor`: scanners by the allowlist, whether another program
holds them, the other devices (to copy into the allowlist) and the devices this user may not
open (which evdev.list_devices() silently leaves out), with the group or udev rule that fixes it."""

from __future__ import annotations

import errno
import getpass
import grp
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from tui_pos.core.checks import Check
from tui_pos.hardware.scanner_config import ScannerConfig
from tui_pos.hardware.scanner_discovery import (
    DeviceSource,
    InputDeviceInfo,
    candidate_paths,
    close_quietly,
    is_scanner,
    why_unreadable,
)
from tui_pos.i18n import _

UDEV_RULE = "config/udev/99-tui-pos-scanner.rules"
UDEV_GROUP = "tui-pos"


def _node_group(path: str) -> str | None:
    try:
        return grp.getgrgid(os.stat(path).st_gid).gr_name
    except (OSError, KeyError):
        return None


def _session_groups() -> set[str]:
    names = set()
    for gid in {os.getgid(), *os.getgroups()}:
        try:
            names.add(grp.getgrgid(gid).gr_name)
        except KeyError:
            continue
    return names


def _configured_groups() -> set[str]:
    """Groups /etc/group lists this user in (a new membership shows here before a new login)."""
    user = getpass.getuser()
    return {g.gr_name for g in grp.getgrall() if user in g.gr_mem}


@dataclass(frozen=True)
class Permissions:
    """Who may open what: the group owning a node, the groups of this login session and the
    groups the user has been added to (possibly after this session started)."""

    node_group: Callable[[str], str | None] = _node_group
    session_groups: Callable[[], set[str]] = _session_groups
    configured_groups: Callable[[], set[str]] = _configured_groups


@dataclass
class InputSurvey:
    """Every input device looked at once."""

    scanners: list[InputDeviceInfo] = field(default_factory=list)
    busy: dict[str, str] = field(default_factory=dict)  # scanner path → why it is in use
    others: list[InputDeviceInfo] = field(default_factory=list)
    unreadable: dict[str, OSError] = field(default_factory=dict)


def survey(config: ScannerConfig, source: DeviceSource, *, try_grab: bool = True) -> InputSurvey:
    """Open each device node once; for scanners also try a grab (and release it at once), which
    fails with EBUSY when another program (a running till) holds the scanner."""
    result = InputSurvey()
    for path in candidate_paths(config, source.list_paths()):
        try:
            device = source.open_device(path)
        except OSError as exc:
            result.unreadable[path] = exc
            continue
        try:
            info = InputDeviceInfo.of(path, device)
            if not is_scanner(config, info):
                result.others.append(info)
                continue
            result.scanners.append(info)
            if try_grab:
                try:
                    device.grab()
                except OSError as exc:
                    result.busy[path] = why_unreadable(exc)
                else:
                    device.ungrab()
        finally:
            close_quietly(device)
    return result


def check_input_devices(
    config: ScannerConfig,
    *,
    enabled: bool,
    source: DeviceSource | None = None,
    permissions: Permissions | None = None,
) -> list[Check]:
    """The doctor's input-device section. Problems fail only when evdev scanning is enabled."""
    source = source or DeviceSource.local(config.input_dir)
    permissions = permissions or Permissions()
    found = survey(config, source)
    total = len(found.scanners) + len(found.others) + len(found.unreadable)
    if total == 0:
        return [_nothing_there(config, enabled)]
    checks = [_scanners(found, config, enabled)]
    if found.others:
        checks.append(
            Check(
                _("Other input devices"),
                "ok",
                "; ".join(f"{d.name} ({d.path}, {d.usb_id})" for d in found.others),
                "",
            )
        )
    if found.unreadable:
        checks.append(_unreadable(found.unreadable, enabled, permissions))
    return checks


def _nothing_there(config: ScannerConfig, enabled: bool) -> Check:
    name = _("Scanners (evdev)")
    if not enabled:
        return Check(
            name,
            "ok",
            _("evdev scanning is off; scanners type into the terminal (keyboard wedge)"),
        )
    return Check(
        name,
        "fail",
        _("no input devices in {dir}").format(dir=config.input_dir),
        _(
            "Run the till on the machine the scanner is plugged into; over SSH set "
            "[scanner] enabled = false and use the keyboard wedge."
        ),
    )


def _scanners(found: InputSurvey, config: ScannerConfig, enabled: bool) -> Check:
    name = _("Scanners (evdev)")
    if not found.scanners:
        detail = _("none of the readable input devices matches the [scanner] allowlist")
        if not enabled:
            return Check(name, "ok", detail + "; " + _("evdev scanning is off"))
        return Check(
            name,
            "fail",
            detail,
            _(
                "Plug the scanner in, or add it to [scanner] usb_ids (vendor:product) or "
                "name_patterns, as listed under the other input devices."
            )
            if found.others
            else _("Plug the scanner in; if it is, see the unreadable devices below."),
        )
    parts = []
    for info in found.scanners:
        text = f"{info.name} ({info.path}, {info.usb_id})"
        busy = found.busy.get(info.path)
        parts.append(text + (" — " + busy if busy else ""))
    if not enabled:
        return Check(
            name,
            "warn",
            "; ".join(parts),
            _("Found, but not read: set [scanner] enabled = true to read it through evdev."),
        )
    if found.busy:
        return Check(
            name,
            "warn",
            "; ".join(parts),
            _(
                "Another program holds the scanner: a till already running on this machine "
                "(fine), or something else that grabbed it (close it)."
            ),
        )
    layout = _("layout {layout}").format(layout=config.layout)
    return Check(name, "ok", "; ".join(parts) + f" ({layout})")


def _unreadable(failures: dict[str, OSError], enabled: bool, permissions: Permissions) -> Check:
    denied = {
        path: exc for path, exc in failures.items() if exc.errno in (errno.EACCES, errno.EPERM)
    }
    parts = []
    if denied:
        parts.append(
            _("permission denied: {paths} (evdev.list_devices() leaves these out)").format(
                paths=", ".join(denied)
            )
        )
    parts += [
        f"{path}: {why_unreadable(exc)}" for path, exc in failures.items() if path not in denied
    ]
    detail = "; ".join(parts)
    advice = _permission_advice(list(denied), permissions) if denied else ""
    if not enabled:
        return Check(_("Unreadable input devices"), "ok", detail, advice)
    return Check(_("Unreadable input devices"), "warn", detail, advice)


def _permission_advice(paths: list[str], permissions: Permissions) -> str:
    groups = sorted({g for g in map(permissions.node_group, paths) if g and g != "root"})
    session = permissions.session_groups()
    configured = permissions.configured_groups()
    stale = [g for g in groups if g in configured and g not in session]
    if stale:
        return _(
            "You were added to the group {group}, but this login is older: log out and in "
            "again (or reboot the till)."
        ).format(group=", ".join(stale))
    group = groups[0] if groups else "input"
    return _(
        "Either add the till user to the group {group} (sudo usermod -aG {group} $USER; it can "
        "then read every keyboard), or install {rule} which gives the group {udev_group} the "
        "scanners only (see docs/hardware.md); then log out and in again."
    ).format(group=group, rule=UDEV_RULE, udev_group=UDEV_GROUP)
