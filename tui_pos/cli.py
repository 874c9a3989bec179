"""The `tui-pos` command line: the till by default, and subcommands (import, price, doctor, ...)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Subcommand modules; each has `register(subparsers)` which adds a parser whose
#: `func(args) -> int` runs it. Imported lazily so `tui-pos` starts fast.
COMMAND_MODULES = [
    "tui_pos.commands.run",
    "tui_pos.commands.importer",
    "tui_pos.commands.price",
    "tui_pos.commands.doctor",
    "tui_pos.commands.kiosk",
]

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tui-pos", description="Terminal point of sale.")
    parser.add_argument("--config", help="configuration TOML file (default: config/tui-pos.toml)")
    parser.add_argument("--demo", action="store_true", help="use the demo database and data")
    subparsers = parser.add_subparsers(dest="command")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from tui_pos.core.errors import PosError

    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from tui_pos.commands.run import run_till

        func = run_till
    try:
        return int(func(args) or 0)
    except PosError as exc:
        print(f"tui-pos: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
