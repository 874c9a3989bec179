"""`tui-pos kiosk`: the pickup-counter kiosk (QUE-3, RUN-3), locked down and started again after
a crash; `tui-pos kiosk --hash-pin` makes the manager PIN's hash for `[kiosk] exit_pin_hash`."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, Protocol

from tui_pos.core.errors import InvalidInput, PosError
from tui_pos.core.pin import hash_pin
from tui_pos.i18n import _

log = logging.getLogger(__name__)

#: The PIN a demo kiosk (`tui-pos --demo kiosk`) leaves with when none is configured.
DEMO_PIN = "0000"
#: Seconds before starting again after a crash; doubles per crash in a row, up to the last.
RESTART_PAUSES = (1.0, 2.0, 5.0, 10.0, 30.0)
#: A kiosk that ran this long before crashing starts again after the shortest pause.
STABLE_SECONDS = 300.0


class KioskRun(Protocol):
    left_with_pin: bool

    def run(self) -> Any: ...


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "kiosk",
        help="the pickup-counter kiosk: ready orders, scan a confirmation to collect it "
        "(locked; leaves only with the manager PIN)",
    )
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="ask for a manager PIN and print the line for [kiosk] exit_pin_hash",
    )
    parser.add_argument(
        "--no-restart",
        action="store_true",
        help="end when the kiosk crashes instead of starting it again",
    )
    parser.set_defaults(func=run_kiosk)


def run_kiosk(args: argparse.Namespace) -> int:
    if args.hash_pin:
        return print_pin_hash()
    from tui_pos.config import load_settings
    from tui_pos.services.bootstrap import open_context

    settings = load_settings(args.config)
    if args.demo and settings.database.url == "sqlite:///var/tui-pos.db":
        settings.database.url = "sqlite:///var/demo.db"
    pin_hash = settings.kiosk.exit_pin_hash
    if not pin_hash:
        if not args.demo:
            raise PosError(
                _(
                    "Set the manager PIN first: run `tui-pos kiosk --hash-pin` and put the line "
                    "it prints under [kiosk] in the configuration."
                )
            )
        pin_hash = hash_pin(DEMO_PIN, iterations=1000)
        print(_("Demo kiosk: the manager PIN is {pin} (F12).").format(pin=DEMO_PIN))
    ctx = open_context(settings, demo=args.demo)
    from tui_pos.kiosk_app import KioskApp

    lock_down_process()
    return run_until_manager_exit(
        lambda: KioskApp(ctx, pin_hash=pin_hash), restart=not args.no_restart
    )


def lock_down_process() -> None:
    """No signal from the keyboard may stop or suspend the kiosk (Textual already reads the
    signal keys as keys; this covers a terminal that sends the signals anyway)."""
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    for name in ("SIGINT", "SIGTSTP", "SIGQUIT"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_IGN)


def run_until_manager_exit(
    make_app: Callable[[], KioskRun],
    *,
    restart: bool = True,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Run kiosks until one ends with the manager PIN (0). A kiosk that ends any other way
    crashed: start a new one after a pause (or return 1 when `restart` is off). The pause
    grows while crashes follow each other quickly."""
    crashes = 0
    while True:
        app = make_app()
        started = clock()
        try:
            app.run()
        except Exception:  # Textual reports its own; this is for anything around it
            log.exception("kiosk crashed")
        if app.left_with_pin:
            return 0
        if not restart:
            return 1
        if clock() - started > STABLE_SECONDS:
            crashes = 0
        pause = RESTART_PAUSES[min(crashes, len(RESTART_PAUSES) - 1)]
        crashes += 1
        log.warning("kiosk ended without the manager PIN; starting again in %.0f s", pause)
        sleep(pause)


def print_pin_hash(ask: Callable[[str], str] = getpass.getpass) -> int:
    """Ask for the PIN twice; print the configuration line with its hash (never the PIN)."""
    pin = ask(_("New manager PIN (4–12 digits): "))
    if ask(_("The same PIN again: ")) != pin:
        raise InvalidInput(_("The two PINs differ; nothing was made."))
    line = f'exit_pin_hash = "{hash_pin(pin)}"'
    print(_("Put this under [kiosk] in the configuration:"), file=sys.stderr)
    print(line)
    return 0
